using DuckDB.NET.Data;
using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Analytics;

/// <summary>
/// SQL fragments shared by the analytics queries. The fragments only choose fixed column names
/// and functions from the filter's enums; every value (dates, topic ids, limits) is bound as a
/// <c>$parameter</c> by <see cref="BindFilter"/> or the caller.
/// </summary>
internal static class TrendSql
{
    /// <summary>Returns the papers column that places a paper on the time axis.</summary>
    public static string DateColumn(TrendFilter filter)
    {
        return filter.DateBasis switch
        {
            DateBasis.Published => "p.published_on",
            DateBasis.Featured => "p.featured_on",
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter.DateBasis, "Unknown date basis."),
        };
    }

    /// <summary>
    /// Returns the CTEs <c>current_run</c>, <c>bounds</c> (first and last stored day of the date
    /// basis) and <c>binned</c> (one row per assigned paper in the range, with its bin start,
    /// topic id and upvote count), starting with WITH and without a trailing comma.
    /// </summary>
    public static string BinnedPapers(TrendFilter filter)
    {
        var column = DateColumn(filter);
        return $"""
            WITH current_run AS (
                SELECT id FROM model_runs WHERE is_current
            ),
            bounds AS (
                SELECT min({column}) AS first_day, max({column}) AS last_day
                FROM papers AS p
            ),
            binned AS (
                SELECT {BinStart(filter.Bin, column)} AS bin_start, pt.topic_id, p.upvotes
                FROM papers AS p
                JOIN paper_topics AS pt ON pt.paper_id = p.id
                WHERE pt.run_id = (SELECT id FROM current_run)
                  AND {column} BETWEEN $from AND $to
            )
            """;
    }

    /// <summary>
    /// Returns a condition that is true when the bin starting at <paramref name="binStart"/> is cut
    /// short by the range or by the stored data; it reads the <c>bounds</c> CTE as <c>d</c>.
    /// </summary>
    public static string PartialCondition(TrendFilter filter, string binStart)
    {
        return $"({binStart} < greatest($from, d.first_day) OR {BinEnd(filter.Bin, binStart)} > least($to, d.last_day))";
    }

    /// <summary>Returns "<paramref name="keyword"/> list_contains($topic_ids, column)", or nothing when every topic is kept.</summary>
    public static string TopicCondition(TrendFilter filter, string keyword, string column = "topic_id")
    {
        return filter.TopicIds.Count == 0 ? string.Empty : $"{keyword} list_contains($topic_ids, {column})";
    }

    /// <summary>Binds <c>$from</c>, <c>$to</c> and, when the filter keeps some topics, <c>$topic_ids</c>.</summary>
    public static DuckDBCommand BindFilter(DuckDBCommand command, TrendFilter filter)
    {
        command.Bind("from", filter.From).Bind("to", filter.To);
        if (filter.TopicIds.Count > 0)
        {
            command.Bind("topic_ids", filter.TopicIds.ToList());
        }

        return command;
    }

    private static string BinStart(TimeBin bin, string column)
    {
        // date_trunc('week', ...) truncates to the Monday of the ISO week; it returns a timestamp.
        return bin switch
        {
            TimeBin.Day => column,
            TimeBin.Week => $"CAST(date_trunc('week', {column}) AS DATE)",
            TimeBin.Month => $"CAST(date_trunc('month', {column}) AS DATE)",
            _ => throw new ArgumentOutOfRangeException(nameof(bin), bin, "Unknown time bin."),
        };
    }

    private static string BinEnd(TimeBin bin, string binStart)
    {
        return bin switch
        {
            TimeBin.Day => binStart,
            TimeBin.Week => $"({binStart} + 6)",
            TimeBin.Month => $"last_day({binStart})",
            _ => throw new ArgumentOutOfRangeException(nameof(bin), bin, "Unknown time bin."),
        };
    }
}
