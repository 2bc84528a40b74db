using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;

namespace TrendBoard.Web.ViewState;

/// <summary>
/// The state of the dashboard that its URL carries: an inclusive range of days, the time bin,
/// the date basis and the topic the keyword chart is limited to (null for all papers).
/// </summary>
public sealed record DashboardView(DateOnly From, DateOnly To, TimeBin Bin, DateBasis Basis, int? Topic)
{
    /// <summary>The filter of the volume and upvote charts, which show every topic.</summary>
    public TrendFilter ToFilter() => new(From, To) { Bin = Bin, DateBasis = Basis };

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
    };

    /// <summary>
    /// Returns the site-relative URL of a chart's export for this view, with the same filters the chart uses.
    /// </summary>
    public string ToExportUrl(ChartExport chart, ExportFormat format)
    {
        ArgumentNullException.ThrowIfNull(chart);

        var parameters = new List<KeyValuePair<string, string?>>
        {
            new(QueryParameters.From, QueryParameters.FormatDate(From)),
            new(QueryParameters.To, QueryParameters.FormatDate(To)),
        };

        if (chart.UsesKeywordSettings)
        {
            if (Topic is int topicId)
            {
                parameters.Add(new(QueryParameters.Topics, topicId.ToString(CultureInfo.InvariantCulture)));
            }

            parameters.Add(new(QueryParameters.MinPapers, ChartExports.DefaultMinPapers.ToString(CultureInfo.InvariantCulture)));
            parameters.Add(new(QueryParameters.Limit, ChartExports.DefaultKeywordLimit.ToString(CultureInfo.InvariantCulture)));
        }
        else
        {
            parameters.Add(new(QueryParameters.Bin, QueryParameters.FormatBin(Bin)));
        }

        if (Basis != DateBasis.Published)
        {
            parameters.Add(new(QueryParameters.Basis, QueryParameters.FormatBasis(Basis)));
        }

        parameters.Add(new(QueryParameters.Format, QueryParameters.FormatFormat(format)));
        return QueryHelpers.AddQueryString("api/export/" + Uri.EscapeDataString(chart.Name), parameters);
    }

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
