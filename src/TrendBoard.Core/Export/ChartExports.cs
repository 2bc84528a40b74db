using System.Globalization;
using TrendBoard.Core.Analytics;

namespace TrendBoard.Core.Export;

/// <summary>
/// The query and paging settings behind one chart export.
/// </summary>
/// <param name="Filter">Date range, bin, date basis and topics, as the chart uses them.</param>
public sealed record ChartExportQuery(TrendFilter Filter)
{
    /// <summary>
    /// Minimum papers a keyword pair must share; only the <c>keywords</c> export reads it.
    /// Default <see cref="ChartExports.DefaultMinPapers"/>, at least 1.
    /// </summary>
    public int MinPapers { get; init; } = ChartExports.DefaultMinPapers;

    /// <summary>
    /// Maximum rows returned: keyword pairs for <c>keywords</c> and <c>keyword_changes</c>, papers
    /// for <c>upvote_growth</c> and the page size of <c>papers</c>.
    /// Default <see cref="ChartExports.DefaultKeywordLimit"/>, between 1 and <see cref="ChartExports.MaxKeywordLimit"/>.
    /// </summary>
    public int Limit { get; init; } = ChartExports.DefaultKeywordLimit;

    /// <summary>The earlier period of <c>keyword_changes</c>; null, with <see cref="PeriodB"/> null, compares the two halves of the range.</summary>
    public DayRange? PeriodA { get; init; }

    /// <summary>The later period of <c>keyword_changes</c>.</summary>
    public DayRange? PeriodB { get; init; }

    /// <summary>The share factor that makes a pair growing or fading in <c>keyword_changes</c>. Default 1.5.</summary>
    public double GrowthRatio { get; init; } = 1.5;

    /// <summary>Papers listed per topic or point by <c>upvote_details</c>, <c>topic_shifts</c> and <c>topic_summaries</c>. Default 5, between 0 and 100.</summary>
    public int TopPapers { get; init; } = 5;

    /// <summary>Weeks in the recent window of <c>topic_shifts</c>. Default 8.</summary>
    public int RecentWeeks { get; init; } = 8;

    /// <summary>Weeks in the baseline window of <c>topic_shifts</c>. Default 26.</summary>
    public int BaselineWeeks { get; init; } = 26;

    /// <summary>The false discovery rate of <c>topic_shifts</c>. Default 0.05.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>The test behind the p-values of <c>topic_shifts</c>. Default <see cref="ProportionTest.FisherExact"/>.</summary>
    public ProportionTest Test { get; init; } = ProportionTest.FisherExact;

    /// <summary>The topic of the <c>papers</c> point; null keeps every topic of the filter.</summary>
    public int? TopicId { get; init; }

    /// <summary>The bin of the <c>papers</c> point, by its first day in <see cref="TrendFilter.Bin"/>; null keeps the whole range.</summary>
    public DateOnly? BinStart { get; init; }

    /// <summary>Keywords every paper of the <c>papers</c> point carries, for example a keyword pair.</summary>
    public IReadOnlyList<string> PointKeywords { get; init; } = [];

    /// <summary>The sort key of <c>papers</c>. Default <see cref="PaperSortKey.Date"/>.</summary>
    public PaperSortKey SortBy { get; init; } = PaperSortKey.Date;

    /// <summary>Whether <c>papers</c> lists the largest value first. Default true.</summary>
    public bool Descending { get; init; } = true;

    /// <summary>Papers <c>papers</c> skips before its page. Default 0.</summary>
    public int Offset { get; init; }

    /// <summary>Terms listed per topic by <c>topic_summaries</c>. Default 10, between 0 and 100.</summary>
    public int TopTerms { get; init; } = 10;
}

/// <summary>
/// One chart's export: its name, its columns and the analytics query that fills them.
/// </summary>
public sealed class ChartExport
{
    private readonly Func<ITrendAnalytics, ChartExportQuery, CancellationToken, Task<ExportTable>> _query;

    internal ChartExport(
        string name,
        string title,
        IReadOnlyList<string> columns,
        bool usesKeywordSettings,
        Func<ITrendAnalytics, ChartExportQuery, CancellationToken, Task<ExportTable>> query)
    {
        Name = name;
        Title = title;
        Columns = columns;
        UsesKeywordSettings = usesKeywordSettings;
        _query = query;
    }

    /// <summary>The lower-case name used in URLs, file names and the CLI, for example <c>volume</c>.</summary>
    public string Name { get; }

    /// <summary>A short English title of the chart, for example <c>Topic volume</c>.</summary>
    public string Title { get; }

    /// <summary>The snake_case column names, in output order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Whether <see cref="ChartExportQuery.MinPapers"/> and <see cref="ChartExportQuery.Limit"/> apply.</summary>
    public bool UsesKeywordSettings { get; }

    /// <summary>Runs the chart's query and returns its rows as an export table.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is inverted, or a setting is outside its limits.</exception>
    /// <exception cref="ArgumentException">The query rejects a setting, for example a period outside the range or a bin start that starts no bin.</exception>
    public Task<ExportTable> QueryAsync(ITrendAnalytics analytics, ChartExportQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analytics);
        ArgumentNullException.ThrowIfNull(query);
        ChartExports.Validate(query);

        return _query(analytics, query, cancellationToken);
    }
}

/// <summary>
/// The catalog of chart exports that the dashboard, the export endpoints and the CLI share, so
/// each export contains exactly the rows behind its chart.
/// </summary>
public static partial class ChartExports
{
    /// <summary>Default minimum papers a keyword pair must share: 2, because a pair seen in one paper is weak evidence of association.</summary>
    public const int DefaultMinPapers = 2;

    /// <summary>Default number of keyword pairs: 25, about what a ranked bar chart can show legibly.</summary>
    public const int DefaultKeywordLimit = 25;

    /// <summary>Largest accepted keyword pair limit: 1000.</summary>
    public const int MaxKeywordLimit = 1000;

    /// <summary>Columns of the <c>volume</c> export.</summary>
    public static IReadOnlyList<string> VolumeColumns { get; } =
        ["bin_start", "topic_id", "topic_label", "papers", "share", "bin_total", "partial"];

    /// <summary>Columns of the <c>keywords</c> export.</summary>
    public static IReadOnlyList<string> KeywordColumns { get; } =
        ["keyword_a", "keyword_b", "papers", "dice", "npmi"];

    /// <summary>Columns of the <c>upvotes</c> export.</summary>
    public static IReadOnlyList<string> UpvoteColumns { get; } =
        ["bin_start", "topic_id", "topic_label", "papers", "upvote_sum", "upvote_median", "upvote_max", "partial"];

    // The column lists come before the exports that use them: static initializers run in text order.
    /// <summary>Columns of the <c>keyword_changes</c> export.</summary>
    public static IReadOnlyList<string> KeywordChangeColumns { get; } =
    [
        "period_a_from", "period_a_to", "period_a_papers", "period_b_from", "period_b_to", "period_b_papers",
        "keyword_a", "keyword_b", "papers_a", "share_a", "dice_a", "npmi_a", "papers_b", "share_b", "dice_b", "npmi_b", "status",
    ];

    /// <summary>Columns of the <c>upvote_details</c> export.</summary>
    public static IReadOnlyList<string> UpvoteDetailColumns { get; } =
    [
        "bin_start", "topic_id", "topic_label", "papers", "papers_with_count", "papers_upvoted", "partial",
        "rank", "paper_id", "title", "upvotes", "url",
    ];

    /// <summary>Columns of the <c>upvote_growth</c> export.</summary>
    public static IReadOnlyList<string> UpvoteGrowthColumns { get; } =
    [
        "paper_id", "title", "topic_id", "topic_label", "first_observed_on", "first_upvotes", "last_observed_on",
        "last_upvotes", "observed_days", "delta", "per_day", "url",
    ];

    /// <summary>Columns of the <c>topic_shifts</c> export.</summary>
    public static IReadOnlyList<string> TopicShiftColumns { get; } =
    [
        "topic_id", "topic_label", "recent_from", "recent_to", "recent_papers", "recent_total", "recent_share",
        "baseline_from", "baseline_to", "baseline_papers", "baseline_total", "baseline_share", "share_ratio",
        "share_difference", "z_score", "p_value", "q_value", "test", "status", "top_paper_ids",
    ];

    /// <summary>Columns of the <c>papers</c> export.</summary>
    public static IReadOnlyList<string> PaperColumns { get; } =
    [
        "paper_id", "title", "published_on", "featured_on", "upvotes", "topic_id", "topic_label", "url", "total",
    ];

    /// <summary>Columns of the <c>topic_summaries</c> export.</summary>
    public static IReadOnlyList<string> TopicSummaryColumns { get; } =
    [
        "topic_id", "topic_label", "size", "papers", "top_terms", "first_paper_on", "last_paper_on",
        "recent_from", "recent_to", "recent_papers", "recent_share", "earlier_from", "earlier_to", "earlier_papers",
        "earlier_share", "growth", "top_paper_ids",
    ];

    /// <summary>Papers per topic and bin, from <see cref="ITrendAnalytics.GetTopicVolumeAsync"/>.</summary>
    public static ChartExport Volume { get; } = new(
        "volume",
        "Topic volume",
        VolumeColumns,
        usesKeywordSettings: false,
        async (analytics, query, cancellationToken) =>
            ToTable(await analytics.GetTopicVolumeAsync(query.Filter, cancellationToken)));

    /// <summary>Co-occurring keyword pairs, from <see cref="ITrendAnalytics.GetKeywordPairsAsync"/>.</summary>
    public static ChartExport Keywords { get; } = new(
        "keywords",
        "Co-occurring keywords",
        KeywordColumns,
        usesKeywordSettings: true,
        async (analytics, query, cancellationToken) =>
            ToTable(await analytics.GetKeywordPairsAsync(query.Filter, query.MinPapers, query.Limit, cancellationToken)));

    /// <summary>Upvotes per topic and bin, from <see cref="ITrendAnalytics.GetTopicUpvotesAsync"/>.</summary>
    public static ChartExport Upvotes { get; } = new(
        "upvotes",
        "Upvotes",
        UpvoteColumns,
        usesKeywordSettings: false,
        async (analytics, query, cancellationToken) =>
            ToTable(await analytics.GetTopicUpvotesAsync(query.Filter, cancellationToken)));

    /// <summary>Keyword pairs in two periods with their status, from <see cref="ITrendAnalytics.GetKeywordPairChangesAsync"/>.</summary>
    public static ChartExport KeywordChanges { get; } = new(
        "keyword_changes",
        "Keyword pair changes",
        KeywordChangeColumns,
        usesKeywordSettings: true,
        async (analytics, query, cancellationToken) =>
            ToTable(await analytics.GetKeywordPairChangesAsync(query.Filter, ToKeywordChangeOptions(query), cancellationToken)));

    /// <summary>Paper counts and top papers per topic and bin, from <see cref="ITrendAnalytics.GetTopicUpvoteDetailsAsync"/>.</summary>
    public static ChartExport UpvoteDetails { get; } = new(
        "upvote_details",
        "Upvotes with top papers",
        UpvoteDetailColumns,
        usesKeywordSettings: false,
        async (analytics, query, cancellationToken) =>
            ToTable(await analytics.GetTopicUpvoteDetailsAsync(query.Filter, query.TopPapers, cancellationToken)));

    /// <summary>Upvote growth of papers observed on several days, from <see cref="ITrendAnalytics.GetUpvoteGrowthAsync"/>.</summary>
    public static ChartExport UpvoteGrowth { get; } = new(
        "upvote_growth",
        "Upvote growth",
        UpvoteGrowthColumns,
        usesKeywordSettings: false,
        async (analytics, query, cancellationToken) =>
            ToTable(await analytics.GetUpvoteGrowthAsync(query.Filter, query.Limit, cancellationToken)));

    /// <summary>Emerging and fading topics, from <see cref="ITrendAnalytics.GetTopicShiftsAsync"/>.</summary>
    public static ChartExport TopicShifts { get; } = new(
        "topic_shifts",
        "Emerging and fading topics",
        TopicShiftColumns,
        usesKeywordSettings: false,
        async (analytics, query, cancellationToken) =>
            ToTable(await analytics.GetTopicShiftsAsync(query.Filter, ToTopicShiftOptions(query), cancellationToken)));

    /// <summary>The papers behind a chart point, one page, from <see cref="ITrendAnalytics.GetPapersAsync"/>.</summary>
    public static ChartExport Papers { get; } = new(
        "papers",
        "Papers behind a chart point",
        PaperColumns,
        usesKeywordSettings: false,
        async (analytics, query, cancellationToken) =>
        {
            // A page past the end would have no row to carry the total, so it is an error that names the total.
            var page = await analytics.GetPapersAsync(query.Filter, ToDrillDown(query), cancellationToken);
            if (page.Papers.Count == 0 && page.Offset > 0 && page.Total > 0)
            {
                throw new ArgumentException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The offset {page.Offset} is past the last of the {page.Total} matching papers. Use an offset from 0 to {page.Total - 1}."));
            }

            return ToTable(page);
        });

    /// <summary>One summary per topic, from <see cref="ITrendAnalytics.GetTopicSummariesAsync"/>.</summary>
    public static ChartExport TopicSummaries { get; } = new(
        "topic_summaries",
        "Topic summaries",
        TopicSummaryColumns,
        usesKeywordSettings: false,
        async (analytics, query, cancellationToken) =>
            ToTable(await analytics.GetTopicSummariesAsync(
                query.Filter,
                new TopicSummaryOptions { TopTerms = query.TopTerms, TopPapers = query.TopPapers },
                cancellationToken)));

    /// <summary>Every chart export, in dashboard order.</summary>
    public static IReadOnlyList<ChartExport> All { get; } =
        [Volume, Keywords, Upvotes, KeywordChanges, UpvoteDetails, UpvoteGrowth, TopicShifts, Papers, TopicSummaries];

    /// <summary>Finds an export by its exact lower-case name; returns null for any other name.</summary>
    public static ChartExport? Find(string? name) =>
        All.FirstOrDefault(export => string.Equals(export.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// Returns the ids of <paramref name="topicIds"/> that are not in <paramref name="topics"/>, in
    /// ascending order, so an export can reject a filter that would silently match no paper. The
    /// outlier topic -1 always counts as known.
    /// </summary>
    /// <param name="topicIds">Topic ids from a filter, for example <see cref="TrendFilter.TopicIds"/>.</param>
    /// <param name="topics">The topics of the current model run.</param>
    public static IReadOnlyList<int> FindUnknownTopicIds(IEnumerable<int> topicIds, IReadOnlyList<Topics.TopicInfo> topics)
    {
        ArgumentNullException.ThrowIfNull(topicIds);
        ArgumentNullException.ThrowIfNull(topics);

        var known = topics.Select(topic => topic.TopicId).Append(-1).ToHashSet();
        return topicIds.Where(id => !known.Contains(id)).Distinct().Order().ToList();
    }

    /// <summary>Maps topic volume points to the rows of the <c>volume</c> export, keeping their order.</summary>
    public static ExportTable ToTable(IReadOnlyList<TopicVolumePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);

        return new ExportTable(
            VolumeColumns,
            points.Select(point => (IReadOnlyList<object?>)
                [point.BinStart, point.TopicId, point.TopicLabel, point.Papers, point.Share, point.BinTotal, point.Partial])
                .ToList());
    }

    /// <summary>Maps keyword pairs to the rows of the <c>keywords</c> export, keeping their order.</summary>
    public static ExportTable ToTable(IReadOnlyList<KeywordPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);

        return new ExportTable(
            KeywordColumns,
            pairs.Select(pair => (IReadOnlyList<object?>)
                [pair.KeywordA, pair.KeywordB, pair.Papers, pair.Dice, pair.Npmi])
                .ToList());
    }

    /// <summary>Maps upvote points to the rows of the <c>upvotes</c> export, keeping their order.</summary>
    public static ExportTable ToTable(IReadOnlyList<TopicUpvotePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);

        return new ExportTable(
            UpvoteColumns,
            points.Select(point => (IReadOnlyList<object?>)
                [point.BinStart, point.TopicId, point.TopicLabel, point.Papers, point.UpvoteSum, point.UpvoteMedian, point.UpvoteMax, point.Partial])
                .ToList());
    }

    internal static void Validate(ChartExportQuery query)
    {
        if (query.Filter.From > query.Filter.To)
        {
            throw new ArgumentOutOfRangeException(
                nameof(query),
                $"The range starts on {query.Filter.From:yyyy-MM-dd}, after its end {query.Filter.To:yyyy-MM-dd}; swap the dates.");
        }

        if (query.MinPapers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.MinPapers, "MinPapers must be at least 1; pass 1 to keep every pair.");
        }

        if (query.Limit is < 1 or > MaxKeywordLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"Limit must be between 1 and {MaxKeywordLimit}.");
        }

        if (query.TopPapers is < 0 or > TrendAnalytics.MaxTopPapers)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.TopPapers, $"TopPapers must be between 0 and {TrendAnalytics.MaxTopPapers}.");
        }

        if (query.Offset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Offset, "Offset must be 0 or more.");
        }
    }
}
