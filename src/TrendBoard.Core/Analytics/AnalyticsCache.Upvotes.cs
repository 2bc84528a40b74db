using DuckDB.NET.Data;
using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Analytics;

internal static partial class AnalyticsCache
{
    /// <summary>The bin kinds of <c>analytics_upvote_bins</c> and <c>analytics_upvote_top</c>, in the order of their <c>bin_kind</c> numbers.</summary>
    internal static readonly TimeBin[] BinKinds = [TimeBin.Day, TimeBin.Week, TimeBin.Month];

    /// <summary>The maximum number of top papers kept per bin and topic, the largest count a query accepts.</summary>
    private const int TopPapersKept = TrendAnalytics.MaxTopPapers;

    /// <summary>Returns the <c>bin_kind</c> number of a time bin.</summary>
    internal static int BinKind(TimeBin bin) => Array.IndexOf(BinKinds, bin);

    /// <summary>
    /// Fills <c>analytics_upvote_bins</c>, <c>analytics_upvote_top</c> and
    /// <c>analytics_listing_top</c> from <c>analytics_papers</c>: for every bin, or with
    /// <paramref name="affectedOnly"/> only for the bins of <c>analytics_affected_bins</c>,
    /// whose old rows it deletes first.
    /// </summary>
    private static void BuildUpvoteTables(DuckDBConnection connection, bool affectedOnly, CancellationToken cancellationToken)
    {
        var join = affectedOnly
            ? "JOIN analytics_affected_bins AS a ON a.basis = b.basis AND a.bin_kind = b.bin_kind AND a.bin_start = b.bin_start"
            : string.Empty;
        if (affectedOnly)
        {
            connection.ExecuteNonQuery("""
                DELETE FROM analytics_upvote_bins AS t
                USING analytics_affected_bins AS a
                WHERE t.basis = a.basis AND t.bin_kind = a.bin_kind AND t.bin_start = a.bin_start
                """, cancellationToken);
            connection.ExecuteNonQuery("""
                DELETE FROM analytics_upvote_top AS t
                USING analytics_affected_bins AS a
                WHERE t.basis = a.basis AND t.bin_kind = a.bin_kind AND t.bin_start = a.bin_start
                """, cancellationToken);
            connection.ExecuteNonQuery($"""
                DELETE FROM analytics_listing_top AS t
                USING analytics_affected_bins AS a
                WHERE t.basis = a.basis AND a.bin_kind = {BinKind(TimeBin.Month)} AND t.month = a.bin_start
                """, cancellationToken);
        }
        else
        {
            connection.ExecuteNonQuery("DELETE FROM analytics_upvote_bins", cancellationToken);
            connection.ExecuteNonQuery("DELETE FROM analytics_upvote_top", cancellationToken);
            connection.ExecuteNonQuery("DELETE FROM analytics_listing_top", cancellationToken);
        }

        connection.ExecuteNonQuery($"""
            CREATE OR REPLACE TEMP TABLE analytics_binned_papers AS
            SELECT b.*
            FROM ({BinnedPapersSql()}) AS b
            {join}
            """, cancellationToken);
        connection.ExecuteNonQuery("""
            INSERT INTO analytics_upvote_bins
            SELECT basis, bin_kind, bin_start, topic_id, count(*), count(upvotes), count(*) FILTER (WHERE upvotes > 0),
                   CAST(sum(upvotes) AS BIGINT), quantile_cont(upvotes, 0.5), max(upvotes)
            FROM analytics_binned_papers
            GROUP BY basis, bin_kind, bin_start, topic_id
            ORDER BY basis, bin_kind, bin_start, topic_id
            """, cancellationToken);

        // Titles are copied so a page of week bins need not join the papers table. A refresh
        // rebuilds the bins of every paper an import rewrote, so a changed title is copied again.
        connection.ExecuteNonQuery($"""
            INSERT INTO analytics_upvote_top
            SELECT r.basis, r.bin_kind, r.bin_start, r.topic_id, r.rank, r.paper_id, r.upvotes, p.title
            FROM (
                SELECT basis, bin_kind, bin_start, topic_id, paper_id, upvotes,
                       row_number() OVER (PARTITION BY basis, bin_kind, bin_start, topic_id ORDER BY upvotes DESC, paper_id) AS rank
                FROM analytics_binned_papers
                WHERE bin_kind > {BinKind(TimeBin.Day)} AND upvotes > 0
                QUALIFY rank <= {TopPapersKept}
            ) AS r
            JOIN papers AS p ON p.id = r.paper_id
            ORDER BY r.basis, r.bin_kind, r.bin_start, r.topic_id, r.rank
            """, cancellationToken);
        connection.ExecuteNonQuery($"""
            INSERT INTO analytics_listing_top
            SELECT basis, bin_start, topic_id,
                   row_number() OVER (PARTITION BY basis, bin_start, topic_id ORDER BY upvotes DESC NULLS LAST, day DESC, paper_id) AS rank,
                   paper_id, upvotes, day
            FROM analytics_binned_papers
            WHERE bin_kind = {BinKind(TimeBin.Month)}
            QUALIFY rank <= {TopPapersKept}
            ORDER BY basis, bin_start, topic_id, rank
            """, cancellationToken);
        connection.ExecuteNonQuery("DROP TABLE analytics_binned_papers", cancellationToken);
    }

    /// <summary>
    /// Returns a query with one row per cached paper, date basis with a day, and bin kind:
    /// basis, bin_kind, bin_start, topic_id, paper_id, upvotes and day.
    /// </summary>
    private static string BinnedPapersSql()
    {
        var parts = new List<string>();
        foreach (var (basis, column) in new[] { (0, "published_on"), (1, "featured_on") })
        {
            foreach (var bin in BinKinds)
            {
                parts.Add($"""
                    SELECT CAST({basis} AS TINYINT) AS basis, CAST({BinKind(bin)} AS TINYINT) AS bin_kind,
                           {TrendSql.BinStart(bin, column)} AS bin_start, topic_id, paper_id, upvotes, {column} AS day
                    FROM analytics_papers
                    WHERE {column} IS NOT NULL
                    """);
            }
        }

        return string.Join("\nUNION ALL\n", parts);
    }

    /// <summary>
    /// Fills <c>analytics_affected_bins</c> with every (basis, bin kind, bin start) that contains
    /// a paper of <c>analytics_changes</c> (at its cached and at its new day) or a paper that an
    /// import after <paramref name="lastImportId"/> rewrote. Runs before the cache rows change.
    /// </summary>
    private static void CollectAffectedBins(DuckDBConnection connection, long? lastImportId, CancellationToken cancellationToken)
    {
        using (var command = connection.CreateCommand("""
            CREATE OR REPLACE TEMP TABLE analytics_touched_days AS
            SELECT published_on, featured_on
            FROM analytics_papers
            WHERE paper_id IN (SELECT paper_id FROM analytics_changes)
               OR paper_id IN (SELECT id FROM papers WHERE last_import_id > $last_import_id)
            UNION ALL
            SELECT published_on, featured_on
            FROM analytics_changes
            WHERE has_new
            """).Bind("last_import_id", lastImportId ?? long.MinValue))
        {
            command.ExecuteNonQuery(cancellationToken);
        }

        var parts = new List<string>();
        foreach (var (basis, column) in new[] { (0, "published_on"), (1, "featured_on") })
        {
            foreach (var bin in BinKinds)
            {
                parts.Add($"""
                    SELECT CAST({basis} AS TINYINT) AS basis, CAST({BinKind(bin)} AS TINYINT) AS bin_kind, {TrendSql.BinStart(bin, column)} AS bin_start
                    FROM analytics_touched_days
                    WHERE {column} IS NOT NULL
                    """);
            }
        }

        connection.ExecuteNonQuery($"""
            CREATE OR REPLACE TEMP TABLE analytics_affected_bins AS
            SELECT DISTINCT * FROM ({string.Join("\nUNION ALL\n", parts)})
            """, cancellationToken);
        connection.ExecuteNonQuery("DROP TABLE analytics_touched_days", cancellationToken);
    }

    /// <summary>
    /// Writes the <c>analytics_upvote_growth</c> rows of every cached paper, or, when
    /// <paramref name="sinceImportId"/> is set, only of the papers of <c>analytics_changes</c>
    /// and those with a snapshot that an import after that id wrote or changed, whose old rows
    /// it deletes first. Runs after <c>analytics_papers</c> is up to date.
    /// </summary>
    private static void BuildUpvoteGrowth(DuckDBConnection connection, long? sinceImportId, CancellationToken cancellationToken)
    {
        const string changedPapers = """
            (paper_id IN (SELECT paper_id FROM upvote_snapshots WHERE import_id > $since_import_id)
             OR paper_id IN (SELECT paper_id FROM analytics_changes))
            """;
        var condition = sinceImportId is null ? "true" : changedPapers;
        if (sinceImportId is null)
        {
            connection.ExecuteNonQuery("DELETE FROM analytics_upvote_growth", cancellationToken);
        }
        else
        {
            using var delete = connection.CreateCommand($"DELETE FROM analytics_upvote_growth WHERE {changedPapers}")
                .Bind("since_import_id", sinceImportId.Value);
            delete.ExecuteNonQuery(cancellationToken);
        }

        // When sources differ on one day, the first day takes the lowest count and the last day
        // the highest, so growth is never overstated by picking the source.
        using var insert = connection.CreateCommand($"""
            INSERT INTO analytics_upvote_growth
            WITH daily AS (
                SELECT paper_id, observed_on, min(upvotes) AS low, max(upvotes) AS high
                FROM upvote_snapshots
                WHERE {condition}
                GROUP BY paper_id, observed_on
            ),
            growth AS (
                SELECT paper_id, count(*) AS observed_days,
                       min(observed_on) AS first_day, arg_min(low, observed_on) AS first_upvotes,
                       max(observed_on) AS last_day, arg_max(high, observed_on) AS last_upvotes
                FROM daily
                GROUP BY paper_id
                HAVING count(*) >= 2
            )
            SELECT g.paper_id, a.topic_id, a.published_on, a.featured_on,
                   g.observed_days, g.first_day, g.first_upvotes, g.last_day, g.last_upvotes
            FROM growth AS g
            JOIN analytics_papers AS a ON a.paper_id = g.paper_id
            ORDER BY a.published_on, g.paper_id
            """);
        if (sinceImportId is not null)
        {
            insert.Bind("since_import_id", sinceImportId.Value);
        }

        insert.ExecuteNonQuery(cancellationToken);
    }
}
