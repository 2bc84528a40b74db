using DuckDB.NET.Data;
using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Analytics;

public sealed partial class TrendAnalytics
{
    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// Growth windows: the range is cut to the stored days of the date basis (over all papers).
    /// The recent window is the last quarter of the cut range, rounded up to whole days (at least
    /// one day), and the earlier window is the rest. Shares divide the topic's filtered papers by
    /// every paper of the window, of all topics, like <c>BinTotal</c> in
    /// <see cref="GetTopicVolumeAsync"/>.
    /// </para>
    /// <para>
    /// Every stored topic of the current run appears, ordered by id, with zeros and null days
    /// when it has no papers in the filter; topic -1 appears when the run stored it or assigned
    /// outliers. With <see cref="TrendFilter.TopicIds"/> set, exactly those topics appear.
    /// <c>Size</c> counts the run's assignments over all stored days. Top papers sort by upvotes
    /// (papers without a count last), then newest first, then by id.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">TopTerms or TopPapers is outside 0 to 100.</exception>
    public Task<TopicSummaryReport> GetTopicSummariesAsync(TrendFilter filter, TopicSummaryOptions options, CancellationToken cancellationToken)
    {
        ValidateFilter(filter);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.TopTerms);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.TopTerms, 100);
        ArgumentOutOfRangeException.ThrowIfNegative(options.TopPapers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.TopPapers, MaxTopPapers);

        return _store.RunAsync((connection, token) =>
        {
            var cached = AnalyticsCache.Prepare(connection, _store, token);
            var stored = ReadStoredRange(connection, filter, token);
            var (recent, earlier) = SummaryWindows(stored);
            var storedTopics = ReadTopics(connection, token);
            var sizes = ReadTopicSizes(connection, cached, token);
            if (filter.TopicIds.Count == 0 && sizes.ContainsKey(-1) && storedTopics.All(t => t.TopicId != -1))
            {
                storedTopics.Add(new Topics.TopicInfo(-1, OutlierLabel, sizes[-1], []));
            }

            var topics = ReportedTopics(storedTopics, filter, includeOutliers: true);
            var stats = recent is null ? [] : ReadSummaryCounts(connection, filter, cached, recent, token);
            var top = recent is null || options.TopPapers == 0 ? [] : ReadSummaryTopPapers(connection, filter, cached, options.TopPapers, token);

            var recentTotal = stats.Values.Sum(s => s.AllRecent);
            var earlierTotal = stats.Values.Sum(s => s.AllEarlier);
            var summaries = topics.Select(topic =>
            {
                var s = stats.GetValueOrDefault(topic.TopicId) ?? new SummaryCounts(0, null, null, 0, 0, 0, 0);
                double? recentShare = recentTotal == 0 ? null : (double)s.Recent / recentTotal;
                double? earlierShare = earlierTotal == 0 ? null : (double)s.Earlier / earlierTotal;
                return new TopicSummary(
                    topic.TopicId,
                    topic.Label,
                    sizes.GetValueOrDefault(topic.TopicId),
                    s.Papers,
                    topic.Terms.Take(options.TopTerms).ToList(),
                    s.First,
                    s.Last,
                    s.Recent,
                    recentShare,
                    s.Earlier,
                    earlierShare,
                    recentShare is null || earlierShare is null || earlierShare == 0 ? null : recentShare / earlierShare,
                    top.Where(p => p.TopicId == topic.TopicId).ToList());
            }).ToList();

            return new TopicSummaryReport(recent, recentTotal, earlier, earlierTotal, summaries);
        }, cancellationToken);
    }

    /// <summary>Returns the last quarter of <paramref name="stored"/> (rounded up to whole days) and the days before it.</summary>
    internal static (DayRange? Recent, DayRange? Earlier) SummaryWindows(DayRange? stored)
    {
        if (stored is null)
        {
            return (null, null);
        }

        var quarter = (stored.Days + 3) / 4;
        var recent = new DayRange(stored.To.AddDays(-quarter + 1), stored.To);
        return recent.From == stored.From
            ? (recent, null)
            : (recent, new DayRange(stored.From, recent.From.AddDays(-1)));
    }

    private static Dictionary<int, int> ReadTopicSizes(DuckDBConnection connection, bool cached, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT topic_id, count(*)
            FROM {(cached ? "analytics_papers" : "paper_topics")}
            WHERE run_id = (SELECT id FROM model_runs WHERE is_current)
            GROUP BY topic_id
            """;

        using var command = connection.CreateCommand(sql);
        using var reader = command.ExecuteReader(cancellationToken);
        var sizes = new Dictionary<int, int>();
        while (reader.Read())
        {
            sizes[reader.GetInt32(0)] = (int)reader.GetInt64(1);
        }

        return sizes;
    }

    private static Dictionary<int, SummaryCounts> ReadSummaryCounts(DuckDBConnection connection, TrendFilter filter, bool cached, DayRange recent, CancellationToken cancellationToken)
    {
        // Without a keyword filter, the papers per day and topic give every count.
        var sql = CanUseRollup(cached, filter)
            ? $"""
                WITH days AS (
                    SELECT day, topic_id, papers, {(filter.TopicIds.Count > 0 ? "list_contains($topic_ids, topic_id)" : "true")} AS selected
                    FROM analytics_topic_days
                    WHERE basis = {BasisNumber(filter.DateBasis)} AND day BETWEEN $from AND $to
                )
                SELECT topic_id,
                       CAST(coalesce(sum(papers) FILTER (WHERE selected), 0) AS BIGINT),
                       min(day) FILTER (WHERE selected),
                       max(day) FILTER (WHERE selected),
                       CAST(coalesce(sum(papers) FILTER (WHERE selected AND day >= $recent_from), 0) AS BIGINT),
                       CAST(coalesce(sum(papers) FILTER (WHERE selected AND day < $recent_from), 0) AS BIGINT),
                       CAST(coalesce(sum(papers) FILTER (WHERE day >= $recent_from), 0) AS BIGINT),
                       CAST(coalesce(sum(papers) FILTER (WHERE day < $recent_from), 0) AS BIGINT)
                FROM days
                GROUP BY topic_id
                """
            : $"""
            {TrendSql.BinnedPapers(filter, cached)}
            SELECT topic_id,
                   count(*) FILTER (WHERE selected),
                   min(day) FILTER (WHERE selected),
                   max(day) FILTER (WHERE selected),
                   count(*) FILTER (WHERE selected AND day >= $recent_from),
                   count(*) FILTER (WHERE selected AND day < $recent_from),
                   count(*) FILTER (WHERE day >= $recent_from),
                   count(*) FILTER (WHERE day < $recent_from)
            FROM binned
            GROUP BY topic_id
            """;

        using var command = TrendSql.BindFilter(connection.CreateCommand(sql), filter).Bind("recent_from", recent.From);
        using var reader = command.ExecuteReader(cancellationToken);
        var counts = new Dictionary<int, SummaryCounts>();
        while (reader.Read())
        {
            counts[reader.GetInt32(0)] = new SummaryCounts(
                (int)reader.GetInt64(1),
                reader.GetNullable<DateOnly>(2),
                reader.GetNullable<DateOnly>(3),
                (int)reader.GetInt64(4),
                (int)reader.GetInt64(5),
                (int)reader.GetInt64(6),
                (int)reader.GetInt64(7));
        }

        return counts;
    }

    private static List<PaperListing> ReadSummaryTopPapers(DuckDBConnection connection, TrendFilter filter, bool cached, int topPapers, CancellationToken cancellationToken)
    {
        return ReadListings(connection, ReadTopListingRows(connection, filter, cached, topPapers, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Reads the first <paramref name="topPapers"/> papers per topic of the filter's range, topics
    /// and keywords, by upvotes (papers without a count last), then the later day, then the lower
    /// id: (paper id, topic id) rows ordered by topic and rank.
    /// </summary>
    private static List<(string PaperId, int TopicId)> ReadTopListingRows(DuckDBConnection connection, TrendFilter filter, bool cached, int topPapers, CancellationToken cancellationToken)
    {
        DayRange? wholeMonths = null;
        string candidates;
        if (CanUseRollup(cached, filter))
        {
            wholeMonths = WholeBins(TimeBin.Month, filter.From, filter.To, ReadCachedDays(connection, filter.DateBasis, cancellationToken));
            candidates = $"""
                WITH candidates AS (
                {ListingCandidatesSql(filter, wholeMonths)}
                )
                """;
        }
        else
        {
            candidates = $"""
                {TrendSql.BinnedPapers(filter, cached)},
                candidates AS (
                    SELECT topic_id, paper_id, upvotes, day
                    FROM binned
                    WHERE selected
                )
                """;
        }

        var sql = $"""
            {candidates}
            SELECT paper_id, topic_id,
                   row_number() OVER (PARTITION BY topic_id ORDER BY upvotes DESC NULLS LAST, day DESC, paper_id) AS rank
            FROM candidates
            QUALIFY rank <= $top_papers
            ORDER BY topic_id, rank
            """;

        using var command = BindWholeBins(TrendSql.BindFilter(connection.CreateCommand(sql), filter), wholeMonths).Bind("top_papers", topPapers);
        using var reader = command.ExecuteReader(cancellationToken);
        var rows = new List<(string, int)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return rows;
    }

    /// <summary>
    /// Returns a query of candidate top papers (topic_id, paper_id, upvotes, day) in [$from,
    /// $to] of the filter's topics: the precomputed top papers of the whole months
    /// [$whole_from, $whole_to] and every cached paper of the days outside them. The first
    /// $top_papers by upvotes, day and id per topic are the same as over all papers of the range,
    /// because a paper among them is among the first of its own month. Valid without a keyword filter.
    /// </summary>
    private static string ListingCandidatesSql(TrendFilter filter, DayRange? wholeMonths)
    {
        var column = TrendSql.DateColumn(filter);
        var topicCondition = filter.TopicIds.Count > 0 ? "AND list_contains($topic_ids, topic_id)" : string.Empty;
        return $"""
            SELECT topic_id, paper_id, upvotes, day
            FROM analytics_listing_top
            WHERE basis = {BasisNumber(filter.DateBasis)}
              AND {WholeBinsCondition(wholeMonths, "month")}
              AND rank <= $top_papers
              {topicCondition}
            UNION ALL
            SELECT p.topic_id, p.paper_id, p.upvotes, {column}
            FROM analytics_papers AS p
            WHERE {EdgeDaysCondition(filter, wholeMonths)}
              {topicCondition}
            """;
    }

    /// <summary>Per-topic counts of a summary: filtered papers, their days and windows, and every paper per window.</summary>
    private sealed record SummaryCounts(int Papers, DateOnly? First, DateOnly? Last, int Recent, int Earlier, int AllRecent, int AllEarlier);
}
