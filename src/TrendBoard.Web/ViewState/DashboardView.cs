using Microsoft.Extensions.Primitives;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;
using TrendBoard.Web.Exports;

namespace TrendBoard.Web.ViewState;

/// <summary>
/// The state of the dashboard that its URL carries: an inclusive range of days, the time bin,
/// the date basis, the chosen topic (null for all papers), the keyword filter and the settings
/// of the topic shift and keyword change panels.
/// </summary>
public sealed record DashboardView(DateOnly From, DateOnly To, TimeBin Bin, DateBasis Basis, int? Topic)
{
    /// <summary>Default length of the recent window of the topic shift panel: 8 weeks.</summary>
    public const int DefaultRecentWeeks = 8;

    /// <summary>Default length of the baseline window of the topic shift panel: 26 weeks, about half a year.</summary>
    public const int DefaultBaselineWeeks = 26;

    /// <summary>
    /// The test behind the topic shift panel's p-values: the pooled two-proportion z-test, so the
    /// z statistic the table shows belongs to the p-values next to it.
    /// </summary>
    public const ProportionTest ShiftTest = ProportionTest.TwoProportionZ;

    /// <summary>Papers listed per topic by the topic shift and topic summary panels.</summary>
    public const int TopPapers = 5;

    /// <summary>Papers listed by the upvote growth panel.</summary>
    public const int GrowthLimit = 25;

    /// <summary>Keywords every counted paper must carry (or one of them, with <see cref="Match"/> any); empty keeps every paper.</summary>
    public KeywordList Keywords { get; init; } = KeywordList.Empty;

    /// <summary>Whether a paper must carry all of <see cref="Keywords"/> or any one of them.</summary>
    public KeywordMatch Match { get; init; } = KeywordMatch.All;

    /// <summary>Weeks in the recent window of the topic shift panel, 1 to 520.</summary>
    public int RecentWeeks { get; init; } = DefaultRecentWeeks;

    /// <summary>Weeks in the baseline window of the topic shift panel, 1 to 520.</summary>
    public int BaselineWeeks { get; init; } = DefaultBaselineWeeks;

    /// <summary>Minimum papers a keyword pair must share to be listed by the keyword chart and the keyword change panel.</summary>
    public int MinPapers { get; init; } = ChartExports.DefaultMinPapers;

    /// <summary>The earlier period of the keyword change panel; null, with <see cref="PeriodB"/> null, compares the two halves of the range.</summary>
    public DayRange? PeriodA { get; init; }

    /// <summary>The later period of the keyword change panel.</summary>
    public DayRange? PeriodB { get; init; }

    /// <summary>The filter of the volume and upvote charts, which show every topic.</summary>
    public TrendFilter ToFilter() => new(From, To) { Bin = Bin, DateBasis = Basis, Keywords = Keywords, KeywordMatch = Match };

    /// <summary>The filter of the keyword chart, limited to <see cref="Topic"/> when one is chosen.</summary>
    public TrendFilter ToKeywordFilter() => ToFilter() with { TopicIds = Topic is int topicId ? [topicId] : [] };

    /// <summary>
    /// Returns the view as query parameters for <c>NavigationManager.GetUriWithQueryParameters</c>;
    /// a null value removes that parameter from the URL.
    /// </summary>
    public IReadOnlyDictionary<string, object?> ToQueryParameters() => new Dictionary<string, object?>
    {
        [QueryParameters.From] = QueryParameters.FormatDate(From),
        [QueryParameters.To] = QueryParameters.FormatDate(To),
        [QueryParameters.Bin] = QueryParameters.FormatBin(Bin),
        [QueryParameters.Basis] = Basis == DateBasis.Published ? null : QueryParameters.FormatBasis(Basis),
        [QueryParameters.Topic] = Topic,
        [QueryParameters.Keyword] = Keywords.Count == 0 ? null : Keywords.ToArray(),
        [QueryParameters.Match] = Match == KeywordMatch.All ? null : QueryParameters.FormatMatch(Match),
        [QueryParameters.RecentWeeks] = RecentWeeks == DefaultRecentWeeks ? null : RecentWeeks,
        [QueryParameters.BaselineWeeks] = BaselineWeeks == DefaultBaselineWeeks ? null : BaselineWeeks,
        [QueryParameters.MinPapers] = MinPapers == ChartExports.DefaultMinPapers ? null : MinPapers,
        [QueryParameters.PeriodAFrom] = PeriodA is null ? null : QueryParameters.FormatDate(PeriodA.From),
        [QueryParameters.PeriodATo] = PeriodA is null ? null : QueryParameters.FormatDate(PeriodA.To),
        [QueryParameters.PeriodBFrom] = PeriodB is null ? null : QueryParameters.FormatDate(PeriodB.From),
        [QueryParameters.PeriodBTo] = PeriodB is null ? null : QueryParameters.FormatDate(PeriodB.To),
    };

    /// <summary>
    /// Returns the query behind a panel of this view: the filter the panel uses and its settings,
    /// so the panel and its export links read the same rows.
    /// </summary>
    /// <remarks>The <c>papers</c> export depends on the chosen chart point, so its panel builds its own query.</remarks>
    public ChartExportQuery ToExportQuery(ChartExport chart)
    {
        ArgumentNullException.ThrowIfNull(chart);

        return chart.Name switch
        {
            "keywords" => new ChartExportQuery(ToKeywordFilter()) { MinPapers = MinPapers },
            "keyword_changes" => new ChartExportQuery(ToKeywordFilter()) { MinPapers = MinPapers, PeriodA = PeriodA, PeriodB = PeriodB },
            "topic_shifts" => new ChartExportQuery(ToFilter())
            {
                RecentWeeks = RecentWeeks,
                BaselineWeeks = BaselineWeeks,
                Test = ShiftTest,
                TopPapers = TopPapers,
            },
            "topic_summaries" => new ChartExportQuery(ToKeywordFilter()) { TopPapers = TopPapers },
            "upvote_growth" => new ChartExportQuery(ToFilter()) { Limit = GrowthLimit },
            _ => new ChartExportQuery(ToFilter()),
        };
    }

    /// <summary>
    /// Returns the site-relative URL of a chart's export for this view, with the same filters and settings the chart uses.
    /// </summary>
    public string ToExportUrl(ChartExport chart, ExportFormat format) => ExportLinks.Build(chart, ToExportQuery(chart), format);

    /// <summary>
    /// Returns the view that shows the whole corpus in weekly bins, or <paramref name="today"/>
    /// alone when the corpus is empty.
    /// </summary>
    public static DashboardView ForCorpus(CorpusSummary summary, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(summary);

        var (from, to) = CorpusRange(summary, today);
        return new DashboardView(from, to, TimeBin.Week, DateBasis.Published, Topic: null);
    }

    /// <summary>Returns the corpus's first and last publication days, or <paramref name="today"/> twice when it is empty.</summary>
    /// <remarks>
    /// NOTE: <see cref="CorpusSummary"/> carries only publication days, so with the featured date
    /// basis a paper listed after the last publication day falls outside this default range.
    /// </remarks>
    public static (DateOnly From, DateOnly To) CorpusRange(CorpusSummary summary, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(summary);

        var from = summary.FirstPublished ?? summary.LastPublished ?? today;
        var to = summary.LastPublished ?? from;
        return (from, to);
    }

    /// <summary>
    /// Reads a view from the dashboard's query parameters. A missing parameter takes its default
    /// (the corpus range, weekly bins, publication days, all papers); an invalid one also takes
    /// its default and adds a message to <paramref name="problems"/>.
    /// </summary>
    public static DashboardView Parse(
        string? from,
        string? to,
        string? bin,
        string? basis,
        string? topic,
        CorpusSummary summary,
        DateOnly today,
        ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);

        var defaults = ForCorpus(summary, today);
        var fromDay = TryParse(() => QueryParameters.ParseDate(QueryParameters.From, from), problems) ?? defaults.From;
        var toDay = TryParse(() => QueryParameters.ParseDate(QueryParameters.To, to), problems) ?? defaults.To;
        if (fromDay > toDay)
        {
            problems.Add(
                $"The range starts on {QueryParameters.FormatDate(fromDay)}, after its end {QueryParameters.FormatDate(toDay)}, so the whole corpus is shown instead.");
            (fromDay, toDay) = (defaults.From, defaults.To);
        }

        return new DashboardView(
            fromDay,
            toDay,
            TryParse(() => QueryParameters.ParseBin(QueryParameters.Bin, bin), problems) ?? defaults.Bin,
            TryParse(() => QueryParameters.ParseBasis(QueryParameters.Basis, basis), problems) ?? defaults.Basis,
            TryParse(() => QueryParameters.ParseTopicId(QueryParameters.Topic, topic), problems));
    }

    /// <summary>
    /// Reads a view from the dashboard's whole query string: the parameters of
    /// <see cref="Parse(string?, string?, string?, string?, string?, CorpusSummary, DateOnly, ICollection{string})"/>
    /// plus the keyword filter and the panel settings. Invalid values take their defaults and add
    /// a message to <paramref name="problems"/>.
    /// </summary>
    public static DashboardView Parse(
        IReadOnlyDictionary<string, StringValues> query,
        CorpusSummary summary,
        DateOnly today,
        ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(problems);

        StringValues Get(string name) => query.TryGetValue(name, out var values) ? values : StringValues.Empty;

        var view = Parse(
            Get(QueryParameters.From), Get(QueryParameters.To), Get(QueryParameters.Bin), Get(QueryParameters.Basis), Get(QueryParameters.Topic),
            summary, today, problems);

        var keywords = TryParseReference(() => QueryParameters.ParseKeywords(QueryParameters.Keyword, Get(QueryParameters.Keyword)), problems);
        var periodA = TryParseReference(
            () => QueryParameters.ParsePeriod(QueryParameters.PeriodAFrom, Get(QueryParameters.PeriodAFrom), QueryParameters.PeriodATo, Get(QueryParameters.PeriodATo)),
            problems);
        var periodB = TryParseReference(
            () => QueryParameters.ParsePeriod(QueryParameters.PeriodBFrom, Get(QueryParameters.PeriodBFrom), QueryParameters.PeriodBTo, Get(QueryParameters.PeriodBTo)),
            problems);
        if ((periodA is null) != (periodB is null))
        {
            problems.Add("Only one of the two keyword change periods is set, so the two halves of the range are compared instead.");
            (periodA, periodB) = (null, null);
        }

        return view with
        {
            Keywords = keywords ?? KeywordList.Empty,
            Match = TryParse(() => QueryParameters.ParseMatch(QueryParameters.Match, Get(QueryParameters.Match)), problems) ?? KeywordMatch.All,
            RecentWeeks = TryParse(() => QueryParameters.ParseInt(QueryParameters.RecentWeeks, Get(QueryParameters.RecentWeeks), 1, QueryParameters.MaxWeeks), problems)
                ?? DefaultRecentWeeks,
            BaselineWeeks = TryParse(() => QueryParameters.ParseInt(QueryParameters.BaselineWeeks, Get(QueryParameters.BaselineWeeks), 1, QueryParameters.MaxWeeks), problems)
                ?? DefaultBaselineWeeks,
            MinPapers = TryParse(() => QueryParameters.ParseInt(QueryParameters.MinPapers, Get(QueryParameters.MinPapers), 1, QueryParameters.MaxMinPapers), problems)
                ?? ChartExports.DefaultMinPapers,
            PeriodA = periodA,
            PeriodB = periodB,
        };
    }

    private static T? TryParseReference<T>(Func<T?> parse, ICollection<string> problems)
        where T : class
    {
        try
        {
            return parse();
        }
        catch (InvalidQueryParameterException error)
        {
            problems.Add(error.Message + " The default is used instead.");
            return null;
        }
    }

    private static T? TryParse<T>(Func<T?> parse, ICollection<string> problems)
        where T : struct
    {
        try
        {
            return parse();
        }
        catch (InvalidQueryParameterException error)
        {
            problems.Add(error.Message + " The default is used instead.");
            return null;
        }
    }
}
