using DuckDB.NET.Data;
using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Analytics;

public sealed partial class TrendAnalytics
{
    /// <summary>The most papers a top-paper list accepts: 100.</summary>
    public const int MaxTopPapers = 100;

    /// <summary>The most papers <see cref="GetUpvoteGrowthAsync"/> returns: 1000.</summary>
    public const int MaxGrowthLimit = 1000;

    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// One item per (bin, topic) with at least one paper in the filter, like
    /// <see cref="GetTopicVolumeAsync"/>. <c>Papers</c> counts those papers,
    /// <c>PapersWithCount</c> those with a known upvote count (zero included) and
    /// <c>PapersUpvoted</c> those with at least one upvote.
    /// </para>
    /// <para>
    /// <c>TopPapers</c> lists up to <paramref name="topPapers"/> papers with at least one upvote,
    /// most upvotes first, ties by paper id (ordinal); ranks start at 1.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="topPapers"/> is outside 0 to <see cref="MaxTopPapers"/>.</exception>
    public Task<IReadOnlyList<TopicUpvoteDetail>> GetTopicUpvoteDetailsAsync(TrendFilter filter, int topPapers, CancellationToken cancellationToken)
    {
        ValidateFilter(filter);
        ArgumentOutOfRangeException.ThrowIfNegative(topPapers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(topPapers, MaxTopPapers);

        string Sql(bool cached) => $"""
            {TrendSql.BinnedPapers(filter, cached)},
            chosen AS (
                SELECT bin_start, paper_id, topic_id, upvotes
                FROM binned
                WHERE selected
            ),
            groups AS (
                SELECT bin_start, topic_id, count(*) AS papers, count(upvotes) AS with_count,
                       count(*) FILTER (WHERE upvotes > 0) AS upvoted
                FROM chosen
                GROUP BY bin_start, topic_id
            ),
            ranked AS (
                SELECT bin_start, topic_id, paper_id, upvotes,
                       row_number() OVER (PARTITION BY bin_start, topic_id ORDER BY upvotes DESC, paper_id) AS rank
                FROM chosen
                WHERE upvotes > 0
                QUALIFY rank <= $top_papers
            )
            SELECT g.bin_start, g.topic_id, t.label, g.papers, g.with_count, g.upvoted,
                   {TrendSql.PartialCondition(filter, "g.bin_start")} AS partial,
                   r.rank, r.paper_id, p.title, r.upvotes
            FROM groups AS g
            CROSS JOIN bounds AS d
            LEFT JOIN ranked AS r ON r.bin_start = g.bin_start AND r.topic_id = g.topic_id
            LEFT JOIN papers AS p ON p.id = r.paper_id
            LEFT JOIN named_topics AS t ON t.run_id = (SELECT id FROM current_run) AND t.topic_id = g.topic_id
            ORDER BY g.bin_start, g.topic_id, r.rank
            """;

        return _store.RunAsync<IReadOnlyList<TopicUpvoteDetail>>((connection, token) =>
        {
            var cached = AnalyticsCache.Prepare(connection, _store, token);

            // Day bins have no precomputed top papers, because a day and topic contain few papers.
            if (CanUseRollup(cached, filter) && filter.Bin != TimeBin.Day)
            {
                var wholeBins = WholeBins(filter.Bin, filter.From, filter.To, ReadCachedDays(connection, filter.DateBasis, token));
                using var cachedCommand = BindWholeBins(TrendSql.BindFilter(connection.CreateCommand(CachedUpvoteDetailsSql(filter, wholeBins)), filter), wholeBins)
                    .Bind("top_papers", topPapers);
                return ReadUpvoteDetails(connection, cachedCommand, token);
            }

            using var command = TrendSql.BindFilter(connection.CreateCommand(Sql(cached)), filter).Bind("top_papers", topPapers);
            return ReadUpvoteDetails(connection, command, token);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// The papers are those in the filter; their snapshots count from every stored day, also
    /// outside the range. A paper needs observations on at least two distinct days. When sources
    /// differ on one day, the first day takes the lowest count and the last day the highest, so
    /// growth is never overstated by picking the source.
    /// </para>
    /// <para>
    /// Sorted by <c>PerDay</c>, then <c>Delta</c> (both largest first), then paper id (ordinal).
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is outside 1 to <see cref="MaxGrowthLimit"/>.</exception>
    public Task<IReadOnlyList<PaperUpvoteGrowth>> GetUpvoteGrowthAsync(TrendFilter filter, int limit, CancellationToken cancellationToken)
    {
        ValidateFilter(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxGrowthLimit);

        var column = TrendSql.DateColumn(filter);
        string Sql(bool cached) => $"""
            {TrendSql.Prelude(filter, cached)},
            chosen AS (
                SELECT p.paper_id, p.topic_id
                FROM run_papers AS p
                WHERE {column} BETWEEN $from AND $to
                  {TrendSql.SelectedCondition(filter, "p.paper_id", "p.topic_id")}
            ),
            daily AS (
                SELECT s.paper_id, s.observed_on, min(s.upvotes) AS low, max(s.upvotes) AS high
                FROM upvote_snapshots AS s
                JOIN chosen AS c ON c.paper_id = s.paper_id
                GROUP BY s.paper_id, s.observed_on
            ),
            growth AS (
                SELECT paper_id, count(*) AS days,
                       min(observed_on) AS first_day, arg_min(low, observed_on) AS first_upvotes,
                       max(observed_on) AS last_day, arg_max(high, observed_on) AS last_upvotes
                FROM daily
                GROUP BY paper_id
                HAVING count(*) >= 2
            )
            SELECT g.paper_id, p.title, c.topic_id, t.label, g.first_day, g.first_upvotes, g.last_day, g.last_upvotes, g.days,
                   g.last_upvotes - g.first_upvotes AS delta,
                   CAST(g.last_upvotes - g.first_upvotes AS DOUBLE) / (g.last_day - g.first_day) AS per_day
            FROM growth AS g
            JOIN chosen AS c ON c.paper_id = g.paper_id
            JOIN papers AS p ON p.id = g.paper_id
            LEFT JOIN named_topics AS t ON t.run_id = (SELECT id FROM current_run) AND t.topic_id = c.topic_id
            ORDER BY per_day DESC, delta DESC, g.paper_id
            LIMIT $limit
            """;

        // The cache stores each paper's growth, so the query ranks the chosen papers without
        // reading their snapshots, then reads the titles of the page alone.
        string CachedSql() => $"""
            {TrendSql.Prelude(filter, cached: true)}
            SELECT p.paper_id, p.topic_id, p.first_day, p.first_upvotes, p.last_day, p.last_upvotes, p.observed_days,
                   p.last_upvotes - p.first_upvotes AS delta,
                   CAST(p.last_upvotes - p.first_upvotes AS DOUBLE) / (p.last_day - p.first_day) AS per_day
            FROM analytics_upvote_growth AS p
            WHERE {column} BETWEEN $from AND $to
              {TrendSql.SelectedCondition(filter, "p.paper_id", "p.topic_id")}
            ORDER BY per_day DESC, delta DESC, p.paper_id
            LIMIT $limit
            """;

        return _store.RunAsync<IReadOnlyList<PaperUpvoteGrowth>>((connection, token) =>
        {
            var cached = AnalyticsCache.Prepare(connection, _store, token);
            if (cached)
            {
                return ReadCachedGrowth(connection, CachedSql(), filter, limit, token);
            }

            using var command = TrendSql.BindFilter(connection.CreateCommand(Sql(cached)), filter).Bind("limit", limit);
            using var reader = command.ExecuteReader(token);

            var growth = new List<PaperUpvoteGrowth>();
            while (reader.Read())
            {
                var topicId = reader.GetInt32(2);
                growth.Add(new PaperUpvoteGrowth(
                    reader.GetString(0),
                    reader.GetString(1),
                    topicId,
                    LabelFor(topicId, reader.IsDBNull(3) ? null : reader.GetString(3)),
                    reader.GetFieldValue<DateOnly>(4),
                    reader.GetInt32(5),
                    reader.GetFieldValue<DateOnly>(6),
                    reader.GetInt32(7),
                    (int)reader.GetInt64(8),
                    reader.GetInt32(9),
                    reader.GetDouble(10)));
            }

            return growth;
        }, cancellationToken);
    }

    private static List<PaperUpvoteGrowth> ReadCachedGrowth(DuckDBConnection connection, string sql, TrendFilter filter, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<(string PaperId, int TopicId, DateOnly FirstDay, int FirstUpvotes, DateOnly LastDay, int LastUpvotes, long Days, int Delta, double PerDay)>();
        using (var command = TrendSql.BindFilter(connection.CreateCommand(sql), filter).Bind("limit", limit))
        using (var reader = command.ExecuteReader(cancellationToken))
        {
            while (reader.Read())
            {
                rows.Add((
                    reader.GetString(0),
                    reader.GetInt32(1),
                    reader.GetFieldValue<DateOnly>(2),
                    reader.GetInt32(3),
                    reader.GetFieldValue<DateOnly>(4),
                    reader.GetInt32(5),
                    reader.GetInt64(6),
                    reader.GetInt32(7),
                    reader.GetDouble(8)));
            }
        }

        var stored = ReadStoredPapers(connection, rows.Select(row => row.PaperId), cancellationToken);
        var labels = ReadTopicLabels(connection, cancellationToken);
        var growth = new List<PaperUpvoteGrowth>(rows.Count);
        foreach (var row in rows)
        {
            if (!stored.TryGetValue(row.PaperId, out var paper))
            {
                continue;
            }

            growth.Add(new PaperUpvoteGrowth(
                row.PaperId,
                paper.Title,
                row.TopicId,
                LabelFor(row.TopicId, labels.GetValueOrDefault(row.TopicId)),
                row.FirstDay,
                row.FirstUpvotes,
                row.LastDay,
                row.LastUpvotes,
                (int)row.Days,
                row.Delta,
                row.PerDay));
        }

        return growth;
    }

    /// <summary>
    /// Reads the rows of an upvote detail query into details. A top paper with a null title
    /// (from a bin the range cuts) gets its title read by id afterwards.
    /// </summary>
    private static List<TopicUpvoteDetail> ReadUpvoteDetails(DuckDBConnection connection, DuckDBCommand command, CancellationToken cancellationToken)
    {
        var groups = new List<(TopicUpvoteDetail Detail, List<(int Rank, string PaperId, string? Title, int Upvotes)> Top)>();
        using (var reader = command.ExecuteReader(cancellationToken))
        {
            while (reader.Read())
            {
                var binStart = reader.GetFieldValue<DateOnly>(0);
                var topicId = reader.GetInt32(1);
                if (groups.Count == 0 || groups[^1].Detail.BinStart != binStart || groups[^1].Detail.TopicId != topicId)
                {
                    groups.Add((new TopicUpvoteDetail(
                        binStart,
                        topicId,
                        LabelFor(topicId, reader.IsDBNull(2) ? null : reader.GetString(2)),
                        (int)reader.GetInt64(3),
                        (int)reader.GetInt64(4),
                        (int)reader.GetInt64(5),
                        [],
                        reader.GetBoolean(6)), []));
                }

                if (!reader.IsDBNull(7))
                {
                    groups[^1].Top.Add(((int)reader.GetInt64(7), reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetInt32(10)));
                }
            }
        }

        var missing = groups.SelectMany(group => group.Top).Where(paper => paper.Title is null).Select(paper => paper.PaperId).ToList();
        var stored = missing.Count == 0 ? [] : ReadStoredPapers(connection, missing, cancellationToken);
        return groups
            .Select(group => group.Detail with
            {
                TopPapers = group.Top
                    .Select(paper => new PaperUpvotes(paper.Rank, paper.PaperId, paper.Title ?? stored[paper.PaperId].Title, paper.Upvotes))
                    .ToList(),
            })
            .ToList();
    }
}
