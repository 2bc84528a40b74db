using DuckDB.NET.Data;
using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Analytics;

public sealed partial class TrendAnalytics
{
    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// Windows: the range is first cut to the stored days of the date basis (over all papers),
    /// so a range that runs past the data does not end in an empty recent window. The recent
    /// window is the last <see cref="TopicShiftOptions.RecentWeeks"/> weeks of that cut range and
    /// the baseline the <see cref="TopicShiftOptions.BaselineWeeks"/> weeks before it; either is
    /// shortened where the cut range ends, and the baseline is null when nothing is left for it.
    /// </para>
    /// <para>
    /// Shares: a topic's papers that pass the filter (its topics and keywords) over every paper
    /// of the window, of all topics including outliers, like <c>BinTotal</c> in
    /// <see cref="GetTopicVolumeAsync"/>. Every topic the run stored appears (outliers only when
    /// listed in <see cref="TrendFilter.TopicIds"/>), with zeros when it has no papers in the
    /// windows, ordered by topic id.
    /// </para>
    /// <para>
    /// Tests: the p-value comes from <see cref="TopicShiftOptions.Test"/> on the table (topic
    /// papers, window papers) for the two windows; topics in a report with an empty window are
    /// not tested. The Benjamini–Hochberg q-values run over the tested topics of the report. A
    /// topic is emerging or fading when its q-value is at most <see cref="TopicShiftOptions.Alpha"/>.
    /// With many papers, small changes become significant, so read the share ratio and
    /// difference next to the q-value.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A week count is less than 1 or above 520, Alpha is outside (0, 1), or TopPapers is outside 0 to <see cref="MaxTopPapers"/>.</exception>
    public Task<TopicShiftReport> GetTopicShiftsAsync(TrendFilter filter, TopicShiftOptions options, CancellationToken cancellationToken)
    {
        ValidateFilter(filter);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RecentWeeks, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.RecentWeeks, 520);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BaselineWeeks, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.BaselineWeeks, 520);
        if (!(options.Alpha > 0 && options.Alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Alpha, "Alpha must lie between 0 and 1, for example 0.05.");
        }

        if (!Enum.IsDefined(options.Test))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Test, "The test must be FisherExact or TwoProportionZ.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.TopPapers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.TopPapers, MaxTopPapers);

        return _store.RunAsync((connection, token) =>
        {
            var cached = AnalyticsCache.Prepare(connection, _store, token);
            var stored = ReadStoredRange(connection, filter, token);
            var (recent, baseline) = ShiftWindows(stored, options);
            var topics = ReportedTopics(ReadTopics(connection, token), filter, includeOutliers: false);
            var counts = recent is null
                ? new WindowCounts()
                : ReadWindowCounts(connection, filter, cached, recent, baseline, token);
            var drivers = recent is null || options.TopPapers == 0
                ? []
                : ReadWindowTopPapers(connection, filter, cached, recent, baseline, options.TopPapers, token);

            var shifts = ScoreShifts(topics, counts, drivers, options);
            return new TopicShiftReport(recent, counts.RecentTotal, baseline, counts.BaselineTotal, options.Test, shifts);
        }, cancellationToken);
    }

    /// <summary>
    /// Returns the recent and baseline windows inside <paramref name="stored"/>, as documented on
    /// <see cref="GetTopicShiftsAsync"/>.
    /// </summary>
    internal static (DayRange? Recent, DayRange? Baseline) ShiftWindows(DayRange? stored, TopicShiftOptions options)
    {
        if (stored is null)
        {
            return (null, null);
        }

        var recentFrom = stored.To.AddDays(-(7 * options.RecentWeeks) + 1);
        var recent = new DayRange(recentFrom > stored.From ? recentFrom : stored.From, stored.To);
        if (recent.From == stored.From)
        {
            return (recent, null);
        }

        var baselineFrom = recent.From.AddDays(-7 * options.BaselineWeeks);
        return (recent, new DayRange(baselineFrom > stored.From ? baselineFrom : stored.From, recent.From.AddDays(-1)));
    }

    /// <summary>
    /// Reads the first and last stored day of the filter's date basis and returns the part of the
    /// filter's range between them, or null when they do not meet.
    /// </summary>
    private static DayRange? ReadStoredRange(DuckDBConnection connection, TrendFilter filter, CancellationToken cancellationToken)
    {
        var column = TrendSql.DateColumn(filter);
        using var command = connection.CreateCommand($"SELECT min({column}), max({column}) FROM papers AS p");
        using var reader = command.ExecuteReader(cancellationToken);
        reader.Read();
        if (reader.IsDBNull(0))
        {
            return null;
        }

        var first = reader.GetFieldValue<DateOnly>(0);
        var last = reader.GetFieldValue<DateOnly>(1);
        var from = first > filter.From ? first : filter.From;
        var to = last < filter.To ? last : filter.To;
        return from <= to ? new DayRange(from, to) : null;
    }

    /// <summary>
    /// Returns the topics a report lists: those of <see cref="TrendFilter.TopicIds"/> when set,
    /// else every stored topic (without topic -1 unless <paramref name="includeOutliers"/>).
    /// </summary>
    private static List<(int TopicId, string Label, IReadOnlyList<Topics.TopicTerm> Terms)> ReportedTopics(
        List<Topics.TopicInfo> stored,
        TrendFilter filter,
        bool includeOutliers)
    {
        var byId = stored.ToDictionary(t => t.TopicId);
        IEnumerable<int> ids = filter.TopicIds.Count > 0
            ? filter.TopicIds.Distinct()
            : stored.Select(t => t.TopicId).Where(id => includeOutliers || id != -1);

        return ids
            .Order()
            .Select(id => byId.TryGetValue(id, out var topic)
                ? (id, LabelFor(id, topic.Label), topic.Terms)
                : (id, LabelFor(id, null), (IReadOnlyList<Topics.TopicTerm>)[]))
            .ToList();
    }

    /// <summary>Counts per window and topic: every paper, and those that pass the filter.</summary>
    private static WindowCounts ReadWindowCounts(DuckDBConnection connection, TrendFilter filter, bool cached, DayRange recent, DayRange? baseline, CancellationToken cancellationToken)
    {
        // Without a keyword filter, the papers per day and topic give every count.
        var sql = CanUseRollup(cached, filter)
            ? $"""
                SELECT day >= $recent_from AS is_recent, topic_id, CAST(sum(papers) AS BIGINT),
                       CAST(coalesce(sum(papers) FILTER (WHERE {(filter.TopicIds.Count > 0 ? "list_contains($topic_ids, topic_id)" : "true")}), 0) AS BIGINT)
                FROM analytics_topic_days
                WHERE basis = {BasisNumber(filter.DateBasis)} AND day BETWEEN $window_from AND $recent_to
                GROUP BY is_recent, topic_id
                """
            : $"""
                {WindowedPapers(filter, cached)}
                SELECT is_recent, topic_id, count(*), count(*) FILTER (WHERE selected)
                FROM windowed
                GROUP BY is_recent, topic_id
                """;

        using var command = BindWindows(TrendSql.BindFilter(connection.CreateCommand(sql), filter), recent, baseline);
        using var reader = command.ExecuteReader(cancellationToken);

        var counts = new WindowCounts();
        while (reader.Read())
        {
            var isRecent = reader.GetBoolean(0);
            var topicId = reader.GetInt32(1);
            var all = reader.GetInt64(2);
            var selected = reader.GetInt64(3);
            if (isRecent)
            {
                counts.RecentTotal += (int)all;
                counts.Recent[topicId] = (int)selected;
            }
            else
            {
                counts.BaselineTotal += (int)all;
                counts.Baseline[topicId] = (int)selected;
            }
        }

        return counts;
    }

    /// <summary>
    /// Reads the most upvoted papers per window and topic that pass the filter. Papers without a
    /// count come last, and ties go to the newer paper, then to the lower id.
    /// </summary>
    private static List<(bool IsRecent, PaperListing Paper)> ReadWindowTopPapers(
        DuckDBConnection connection,
        TrendFilter filter,
        bool cached,
        DayRange recent,
        DayRange? baseline,
        int topPapers,
        CancellationToken cancellationToken)
    {
        // Each window is queried as a range of its own, inside the filter's range.
        var recentRows = ReadTopListingRows(connection, filter with { From = recent.From, To = recent.To }, cached, topPapers, cancellationToken);
        var baselineRows = baseline is null
            ? []
            : ReadTopListingRows(connection, filter with { From = baseline.From, To = baseline.To }, cached, topPapers, cancellationToken);

        // The windows do not overlap, so each paper belongs to one of them.
        var recentIds = recentRows.Select(row => row.PaperId).ToHashSet(StringComparer.Ordinal);
        return ReadListings(connection, [.. baselineRows, .. recentRows], cancellationToken)
            .Select(paper => (recentIds.Contains(paper.PaperId), paper))
            .ToList();
    }

    /// <summary>
    /// Returns <see cref="TrendSql.Prelude"/> and the CTE <c>windowed</c>: the assigned papers of
    /// both windows with their topic, upvotes, day, <c>is_recent</c> and <c>selected</c>.
    /// </summary>
    private static string WindowedPapers(TrendFilter filter, bool cached)
    {
        var column = TrendSql.DateColumn(filter);
        return $"""
            {TrendSql.Prelude(filter, cached)},
            windowed AS (
                SELECT p.paper_id, p.topic_id, p.upvotes, {column} AS day,
                       {column} >= $recent_from AS is_recent,
                       {TrendSql.SelectedExpression(filter, "p.paper_id", "p.topic_id")} AS selected
                FROM run_papers AS p
                WHERE {column} BETWEEN $window_from AND $recent_to
            )
            """;
    }

    private static DuckDBCommand BindWindows(DuckDBCommand command, DayRange recent, DayRange? baseline)
    {
        return command
            .Bind("window_from", baseline?.From ?? recent.From)
            .Bind("recent_from", recent.From)
            .Bind("recent_to", recent.To);
    }

    private static List<TopicShift> ScoreShifts(
        List<(int TopicId, string Label, IReadOnlyList<Topics.TopicTerm> Terms)> topics,
        WindowCounts counts,
        List<(bool IsRecent, PaperListing Paper)> drivers,
        TopicShiftOptions options)
    {
        var testable = counts.RecentTotal > 0 && counts.BaselineTotal > 0;
        var rows = topics.Select(topic =>
        {
            var recent = counts.Recent.GetValueOrDefault(topic.TopicId);
            var baseline = counts.Baseline.GetValueOrDefault(topic.TopicId);
            var z = ProportionStatistics.TwoProportionZTest(recent, counts.RecentTotal, baseline, counts.BaselineTotal);
            double? p = !testable
                ? null
                : options.Test == ProportionTest.FisherExact
                    ? ProportionStatistics.FisherExactTwoSided(recent, counts.RecentTotal, baseline, counts.BaselineTotal)
                    : z?.PValue ?? 1.0;
            return (topic, recent, baseline, z?.Z, p);
        }).ToList();

        var tested = rows.Where(r => r.p is not null).ToList();
        var q = ProportionStatistics.BenjaminiHochberg(tested.Select(r => r.p!.Value).ToList());
        var qByTopic = tested.Select((r, i) => (r.topic.TopicId, Q: q[i])).ToDictionary(x => x.TopicId, x => x.Q);

        return rows.Select(r =>
        {
            var recentShare = counts.RecentTotal == 0 ? 0 : (double)r.recent / counts.RecentTotal;
            var baselineShare = counts.BaselineTotal == 0 ? 0 : (double)r.baseline / counts.BaselineTotal;
            double? qValue = qByTopic.TryGetValue(r.topic.TopicId, out var value) ? value : null;
            var status = qValue <= options.Alpha && recentShare != baselineShare
                ? (recentShare > baselineShare ? TopicShiftStatus.Emerging : TopicShiftStatus.Fading)
                : TopicShiftStatus.Steady;
            var fromRecent = status != TopicShiftStatus.Fading;
            var top = drivers
                .Where(d => d.IsRecent == fromRecent && d.Paper.TopicId == r.topic.TopicId)
                .Select(d => d.Paper)
                .ToList();

            return new TopicShift(
                r.topic.TopicId,
                r.topic.Label,
                r.recent,
                recentShare,
                r.baseline,
                baselineShare,
                baselineShare == 0 ? null : recentShare / baselineShare,
                recentShare - baselineShare,
                r.Z,
                r.p,
                qValue,
                status,
                top);
        }).ToList();
    }

    /// <summary>Paper counts of the two windows: all papers per window and filtered papers per topic.</summary>
    private sealed class WindowCounts
    {
        public int RecentTotal { get; set; }

        public int BaselineTotal { get; set; }

        public Dictionary<int, int> Recent { get; } = [];

        public Dictionary<int, int> Baseline { get; } = [];
    }
}
