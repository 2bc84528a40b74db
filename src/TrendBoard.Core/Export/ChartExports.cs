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
    /// Maximum keyword pairs returned; only the <c>keywords</c> export reads it.
    /// Default <see cref="ChartExports.DefaultKeywordLimit"/>, between 1 and <see cref="ChartExports.MaxKeywordLimit"/>.
    /// </summary>
    public int Limit { get; init; } = ChartExports.DefaultKeywordLimit;
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
    /// <exception cref="ArgumentOutOfRangeException">The range is inverted, or the keyword settings are outside their limits.</exception>
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
public static class ChartExports
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

    /// <summary>Every chart export, in dashboard order.</summary>
    public static IReadOnlyList<ChartExport> All { get; } = [Volume, Keywords, Upvotes];

    /// <summary>Finds an export by its exact lower-case name; returns null for any other name.</summary>
    public static ChartExport? Find(string? name) =>
        All.FirstOrDefault(export => string.Equals(export.Name, name, StringComparison.Ordinal));

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
    }
}
