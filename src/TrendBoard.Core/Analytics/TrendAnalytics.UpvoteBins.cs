using DuckDB.NET.Data;
using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Analytics;

public sealed partial class TrendAnalytics
{
    /// <summary>
    /// Returns the first day and the last day of the whole bins inside [from, to], or null when
    /// the range covers no whole bin. The days before the first cached day and after the last
    /// one hold no papers, so a bin the range cuts only there still counts as whole.
    /// </summary>
    internal static DayRange? WholeBins(TimeBin bin, DateOnly from, DateOnly to, DayRange? cachedDays)
    {
        if (cachedDays is null)
        {
            return null;
        }

        var dataFrom = BinFirstDay(bin, cachedDays.From);
        var dataTo = BinLastDay(bin, cachedDays.To);
        from = from < dataFrom ? dataFrom : from;
        to = to > dataTo ? dataTo : to;
        if (from > to)
        {
            return null;
        }

        var first = BinFirstDay(bin, from) == from ? from : BinLastDay(bin, from).AddDays(1);
        var last = BinLastDay(bin, to) == to ? to : BinFirstDay(bin, to).AddDays(-1);
        return first <= last ? new DayRange(first, last) : null;
    }

    /// <summary>Returns the first day of the bin that contains <paramref name="day"/>: the day, the Monday of its ISO week, or the first of its month.</summary>
    internal static DateOnly BinFirstDay(TimeBin bin, DateOnly day)
    {
        return bin switch
        {
            TimeBin.Day => day,
            TimeBin.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            TimeBin.Month => new DateOnly(day.Year, day.Month, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(bin), bin, "Unknown time bin."),
        };
    }

    /// <summary>Returns the last day of the bin that contains <paramref name="day"/>.</summary>
    internal static DateOnly BinLastDay(TimeBin bin, DateOnly day)
    {
        return bin switch
        {
            TimeBin.Day => day,
            TimeBin.Week => BinFirstDay(bin, day).AddDays(6),
            TimeBin.Month => new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1),
            _ => throw new ArgumentOutOfRangeException(nameof(bin), bin, "Unknown time bin."),
        };
    }

    /// <summary>Reads the first and last cached day of the filter's date basis, or null when no cached paper has one.</summary>
    private static DayRange? ReadCachedDays(DuckDBConnection connection, DateBasis basis, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand("SELECT min(day), max(day) FROM analytics_topic_days WHERE basis = $basis")
            .Bind("basis", BasisNumber(basis));
        using var reader = command.ExecuteReader(cancellationToken);
        reader.Read();
        return reader.IsDBNull(0) ? null : new DayRange(reader.GetFieldValue<DateOnly>(0), reader.GetFieldValue<DateOnly>(1));
    }

    private static int BasisNumber(DateBasis basis) => basis == DateBasis.Published ? 0 : 1;

    /// <summary>
    /// Returns the condition on <c>p</c> (a cached paper row) that keeps the days of [$from,
    /// $to] outside the whole bins [$whole_from, $whole_to], which the precomputed tables cover.
    /// </summary>
    private static string EdgeDaysCondition(TrendFilter filter, DayRange? wholeBins)
    {
        var column = TrendSql.DateColumn(filter);
        return wholeBins is null
            ? $"{column} BETWEEN $from AND $to"
            : $"{column} BETWEEN $from AND $to AND NOT ({column} BETWEEN $whole_from AND $whole_to)";
    }

    /// <summary>Returns the condition that keeps the rows of precomputed bins inside [$whole_from, $whole_to], or false when there are none.</summary>
    private static string WholeBinsCondition(DayRange? wholeBins, string binStartColumn)
    {
        return wholeBins is null ? "false" : $"{binStartColumn} BETWEEN $whole_from AND $whole_to";
    }

    private static DuckDBCommand BindWholeBins(DuckDBCommand command, DayRange? wholeBins)
    {
        return wholeBins is null ? command : command.Bind("whole_from", wholeBins.From).Bind("whole_to", wholeBins.To);
    }

    /// <summary>
    /// Returns the query of <see cref="GetTopicUpvotesAsync"/> over the precomputed upvote bins:
    /// whole bins are read from <c>analytics_upvote_bins</c> and only the bins the range cuts
    /// are computed from the cached papers. Valid without a keyword filter.
    /// </summary>
    private static string CachedTopicUpvotesSql(TrendFilter filter, DayRange? wholeBins)
    {
        var column = TrendSql.DateColumn(filter);
        var topicCondition = filter.TopicIds.Count > 0 ? "AND list_contains($topic_ids, topic_id)" : string.Empty;
        return $"""
            WITH bounds AS (
                SELECT min({column}) AS first_day, max({column}) AS last_day
                FROM papers AS p
            ),
            edge AS (
                SELECT {TrendSql.BinStart(filter.Bin, column)} AS bin_start, p.topic_id, p.upvotes
                FROM analytics_papers AS p
                WHERE {EdgeDaysCondition(filter, wholeBins)}
                  AND p.upvotes IS NOT NULL
                  {topicCondition}
            ),
            upvotes AS (
                SELECT bin_start, topic_id, papers_with_count AS papers, upvote_sum, upvote_median, upvote_max
                FROM analytics_upvote_bins
                WHERE basis = {BasisNumber(filter.DateBasis)} AND bin_kind = {AnalyticsCache.BinKind(filter.Bin)}
                  AND {WholeBinsCondition(wholeBins, "bin_start")}
                  AND papers_with_count > 0
                  {topicCondition}
                UNION ALL
                SELECT bin_start, topic_id, count(*), CAST(sum(upvotes) AS BIGINT), quantile_cont(upvotes, 0.5), max(upvotes)
                FROM edge
                GROUP BY bin_start, topic_id
            )
            SELECT u.bin_start, u.topic_id, t.label, u.papers, u.upvote_sum, u.upvote_median, u.upvote_max,
                   {TrendSql.PartialCondition(filter, "u.bin_start")} AS partial
            FROM upvotes AS u
            CROSS JOIN bounds AS d
            LEFT JOIN named_topics AS t ON t.run_id = (SELECT id FROM model_runs WHERE is_current) AND t.topic_id = u.topic_id
            ORDER BY u.bin_start, u.topic_id
            """;
    }

    /// <summary>
    /// Returns the query of <see cref="GetTopicUpvoteDetailsAsync"/> over the precomputed upvote
    /// bins and top papers, for week and month bins without a keyword filter. Top papers of the
    /// bins the range cuts come with a null title, which the caller reads by id.
    /// </summary>
    private static string CachedUpvoteDetailsSql(TrendFilter filter, DayRange? wholeBins)
    {
        var column = TrendSql.DateColumn(filter);
        var topicCondition = filter.TopicIds.Count > 0 ? "AND list_contains($topic_ids, topic_id)" : string.Empty;
        var wholeCondition = $"""
            basis = {BasisNumber(filter.DateBasis)} AND bin_kind = {AnalyticsCache.BinKind(filter.Bin)}
                  AND {WholeBinsCondition(wholeBins, "bin_start")}
                  {topicCondition}
            """;
        return $"""
            WITH bounds AS (
                SELECT min({column}) AS first_day, max({column}) AS last_day
                FROM papers AS p
            ),
            edge AS (
                SELECT {TrendSql.BinStart(filter.Bin, column)} AS bin_start, p.topic_id, p.paper_id, p.upvotes
                FROM analytics_papers AS p
                WHERE {EdgeDaysCondition(filter, wholeBins)}
                  {topicCondition}
            ),
            groups AS (
                SELECT bin_start, topic_id, papers, papers_with_count AS with_count, papers_upvoted AS upvoted
                FROM analytics_upvote_bins
                WHERE {wholeCondition}
                UNION ALL
                SELECT bin_start, topic_id, count(*), count(upvotes), count(*) FILTER (WHERE upvotes > 0)
                FROM edge
                GROUP BY bin_start, topic_id
            ),
            ranked AS (
                SELECT bin_start, topic_id, rank, paper_id, upvotes, title
                FROM analytics_upvote_top
                WHERE {wholeCondition}
                  AND rank <= $top_papers
                UNION ALL
                SELECT bin_start, topic_id,
                       row_number() OVER (PARTITION BY bin_start, topic_id ORDER BY upvotes DESC, paper_id) AS rank,
                       paper_id, upvotes, CAST(NULL AS VARCHAR)
                FROM edge
                WHERE upvotes > 0
                QUALIFY rank <= $top_papers
            )
            SELECT g.bin_start, g.topic_id, t.label, g.papers, g.with_count, g.upvoted,
                   {TrendSql.PartialCondition(filter, "g.bin_start")} AS partial,
                   r.rank, r.paper_id, r.title, r.upvotes
            FROM groups AS g
            CROSS JOIN bounds AS d
            LEFT JOIN ranked AS r ON r.bin_start = g.bin_start AND r.topic_id = g.topic_id
            LEFT JOIN named_topics AS t ON t.run_id = (SELECT id FROM model_runs WHERE is_current) AND t.topic_id = g.topic_id
            ORDER BY g.bin_start, g.topic_id, r.rank
            """;
    }
}
