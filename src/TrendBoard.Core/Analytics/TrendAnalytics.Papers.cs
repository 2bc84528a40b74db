using DuckDB.NET.Data;
using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Analytics;

public sealed partial class TrendAnalytics
{
    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// The papers are those of the filter (range, date basis, topics and keywords) that also
    /// match every part of <paramref name="drillDown"/> that is set: its topic, the days of its
    /// bin that lie in the range, and its keywords, all of which a paper must carry.
    /// </para>
    /// <para>
    /// Dates sort by the filter's date basis. Papers without an upvote count come last in both
    /// directions when sorting by upvotes. Ties sort by paper id (ordinal, ascending), so pages
    /// never overlap. <c>Total</c> counts every matching paper, not only the page's.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException">The filter is invalid, the bin start is not the first day of a bin, or the bin lies outside the range.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Offset is negative or the limit is outside 1 to <see cref="PaperDrillDown.MaxLimit"/>.</exception>
    public Task<PaperPage> GetPapersAsync(TrendFilter filter, PaperDrillDown drillDown, CancellationToken cancellationToken)
    {
        ValidateFilter(filter);
        ArgumentNullException.ThrowIfNull(drillDown);
        ArgumentOutOfRangeException.ThrowIfNegative(drillDown.Offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(drillDown.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(drillDown.Limit, PaperDrillDown.MaxLimit);
        ValidateKeywords(drillDown.Keywords, nameof(drillDown));
        if (!Enum.IsDefined(drillDown.SortBy))
        {
            throw new ArgumentOutOfRangeException(nameof(drillDown), drillDown.SortBy, "The sort key must be Date or Upvotes.");
        }

        var binDays = drillDown.BinStart is { } binStart ? BinDaysInRange(filter, binStart) : null;
        var pointKeywords = drillDown.Keywords.Distinct(StringComparer.Ordinal).ToList();
        var column = TrendSql.DateColumn(filter);
        var direction = drillDown.Descending ? "DESC" : "ASC";
        string Order(string prefix) => drillDown.SortBy == PaperSortKey.Date
            ? $"{prefix}day {direction}, {prefix}paper_id"
            : $"{prefix}upvotes {direction} NULLS LAST, {prefix}paper_id";

        string Sql(bool cached, bool countOnly)
        {
            var selected = $"""
                {TrendSql.Prelude(filter, cached)},
                selected AS (
                    SELECT p.paper_id, p.topic_id, p.upvotes, {column} AS day
                    FROM run_papers AS p
                    WHERE {column} BETWEEN $from AND $to
                      {(binDays is null ? string.Empty : $"AND {column} BETWEEN $bin_from AND $bin_to")}
                      {(drillDown.TopicId is null ? string.Empty : "AND p.topic_id = $point_topic")}
                      {(pointKeywords.Count == 0 ? string.Empty : PointKeywordCondition)}
                      {TrendSql.SelectedCondition(filter, "p.paper_id", "p.topic_id")}
                )
                """;
            if (countOnly)
            {
                return selected + "\nSELECT count(*) FROM selected";
            }

            // The page is cut first, and ReadListings then reads only its papers through the
            // index. The total is counted in a separate query, because a count(*) OVER () made
            // DuckDB keep every row of the range for the window instead of only the page.
            return $"""
                {selected}
                SELECT paper_id, topic_id
                FROM selected
                ORDER BY {Order(string.Empty)}
                LIMIT $limit OFFSET $offset
                """;
        }

        return _store.RunAsync((connection, token) =>
        {
            DuckDBCommand Bind(DuckDBCommand command)
            {
                TrendSql.BindFilter(command, filter);
                if (binDays is not null)
                {
                    command.Bind("bin_from", binDays.From).Bind("bin_to", binDays.To);
                }

                if (drillDown.TopicId is int topicId)
                {
                    command.Bind("point_topic", topicId);
                }

                if (pointKeywords.Count > 0)
                {
                    command.Bind("point_keywords", pointKeywords).Bind("point_keyword_count", pointKeywords.Count);
                }

                return command;
            }

            var cached = AnalyticsCache.Prepare(connection, _store, token);
            var page = new List<(string, int)>();
            using (var command = Bind(connection.CreateCommand(Sql(cached, countOnly: false))).Bind("limit", drillDown.Limit).Bind("offset", drillDown.Offset))
            using (var reader = command.ExecuteReader(token))
            {
                while (reader.Read())
                {
                    page.Add((reader.GetString(0), reader.GetInt32(1)));
                }
            }

            long total;
            using (var command = Bind(connection.CreateCommand(Sql(cached, countOnly: true))))
            {
                total = (long)command.ExecuteScalar(token)!;
            }

            var papers = ReadListings(connection, page, token);
            return new PaperPage((int)total, drillDown.Offset, drillDown.Limit, papers);
        }, cancellationToken);
    }

    /// <summary>The condition that a paper carries every keyword of the drill-down point.</summary>
    private const string PointKeywordCondition = """
        AND p.paper_id IN (
                SELECT paper_id
                FROM run_keywords
                WHERE list_contains($point_keywords, keyword)
                GROUP BY paper_id
                HAVING count(DISTINCT keyword) = $point_keyword_count
            )
        """;

    /// <summary>
    /// Returns the days of the bin starting at <paramref name="binStart"/> that lie in the filter's range.
    /// </summary>
    /// <exception cref="ArgumentException">The day does not start a bin, or the bin lies outside the range.</exception>
    private static DayRange BinDaysInRange(TrendFilter filter, DateOnly binStart)
    {
        var (aligned, binEnd, unit) = filter.Bin switch
        {
            TimeBin.Day => (true, binStart, "day"),
            TimeBin.Week => (binStart.DayOfWeek == DayOfWeek.Monday, binStart.AddDays(6), "week (a Monday)"),
            TimeBin.Month => (binStart.Day == 1, binStart.AddMonths(1).AddDays(-1), "month (its first day)"),
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter.Bin, "The time bin must be Day, Week or Month."),
        };

        if (!aligned)
        {
            throw new ArgumentException(
                $"The bin start {binStart:yyyy-MM-dd} does not start a {unit}; pass the first day of the bin as the chart names it.",
                nameof(binStart));
        }

        if (binEnd < filter.From || binStart > filter.To)
        {
            throw new ArgumentException(
                $"The bin {binStart:yyyy-MM-dd}..{binEnd:yyyy-MM-dd} lies outside the range {filter.From:yyyy-MM-dd}..{filter.To:yyyy-MM-dd}; pick a bin inside the range.",
                nameof(binStart));
        }

        return new DayRange(
            binStart > filter.From ? binStart : filter.From,
            binEnd < filter.To ? binEnd : filter.To);
    }
}
