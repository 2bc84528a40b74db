using DuckDB.NET.Data;
using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Analytics;

internal static partial class AnalyticsCache
{
    /// <remarks>
    /// The cache tables contain only the current run, so the joins below leave out run_id. Joining
    /// on it let DuckDB, which estimates the freshly filled tables as empty inside the transaction,
    /// join the papers with the keyword names on run_id alone, a cross product.
    /// </remarks>
    private static void Rebuild(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction();
        connection.ExecuteNonQuery("DELETE FROM analytics_papers", cancellationToken);
        connection.ExecuteNonQuery("DELETE FROM analytics_keywords", cancellationToken);
        connection.ExecuteNonQuery("DELETE FROM analytics_keyword_names", cancellationToken);
        connection.ExecuteNonQuery("DELETE FROM analytics_keyword_pairs", cancellationToken);
        connection.ExecuteNonQuery("DELETE FROM analytics_item_months", cancellationToken);
        connection.ExecuteNonQuery("DELETE FROM analytics_item_deltas", cancellationToken);

        // Rows go in by publication day, so DuckDB's per-block min/max skip blocks outside a range.
        connection.ExecuteNonQuery("""
            INSERT INTO analytics_papers
            SELECT pt.run_id, p.id, pt.topic_id, p.published_on, p.featured_on, p.upvotes
            FROM papers AS p
            JOIN paper_topics AS pt ON pt.paper_id = p.id
            WHERE pt.run_id = (SELECT id FROM model_runs WHERE is_current)
            ORDER BY p.published_on, p.id
            """, cancellationToken);
        connection.ExecuteNonQuery("""
            INSERT INTO analytics_keyword_names
            SELECT (SELECT id FROM model_runs WHERE is_current), CAST(row_number() OVER (ORDER BY keyword) AS INTEGER), keyword
            FROM (
                SELECT DISTINCT keyword
                FROM paper_keywords
                WHERE run_id = (SELECT id FROM model_runs WHERE is_current)
            )
            """, cancellationToken);
        connection.ExecuteNonQuery("""
            INSERT INTO analytics_keywords
            SELECT DISTINCT k.run_id, k.paper_id, k.keyword, n.keyword_id, a.topic_id, a.published_on, a.featured_on
            FROM paper_keywords AS k
            JOIN analytics_papers AS a ON a.paper_id = k.paper_id
            JOIN analytics_keyword_names AS n ON n.keyword = k.keyword
            WHERE k.run_id = (SELECT id FROM model_runs WHERE is_current)
            ORDER BY a.published_on, k.paper_id, n.keyword_id
            """, cancellationToken);

        // One row per keyword pair of a paper: the pair queries then group rows instead of joining.
        connection.ExecuteNonQuery("""
            INSERT INTO analytics_keyword_pairs
            SELECT a.run_id, a.paper_id, a.keyword_id, b.keyword_id, a.topic_id, a.published_on, a.featured_on
            FROM analytics_keywords AS a
            JOIN analytics_keywords AS b ON b.paper_id = a.paper_id AND a.keyword_id < b.keyword_id
            ORDER BY a.published_on
            """, cancellationToken);

        BuildItemMonths(connection, cancellationToken);
        BuildItemTotals(connection, cancellationToken);
        BuildTopicDays(connection, cancellationToken);
        BuildUpvoteTables(connection, affectedOnly: false, cancellationToken);
        BuildUpvoteGrowth(connection, sinceImportId: null, cancellationToken);
        WriteState(connection, builtNow: true, cancellationToken);
        transaction.Commit();
    }

    /// <summary>
    /// Fills <c>analytics_item_months</c> from the cache tables: monthly counts per (basis,
    /// topic, item), filled in for the months without papers and summed up month by month.
    /// </summary>
    /// <remarks>
    /// Rows go in by basis, month and item, so each month starts with its paper and keyword rows
    /// (items below 2^32). A query for those reads only the start of the month, because DuckDB's
    /// min-max statistics let the scan skip the pair rows.
    /// </remarks>
    private static void BuildItemMonths(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        connection.ExecuteNonQuery($"""
            INSERT INTO analytics_item_months
            WITH monthly AS (
                SELECT basis, CAST(date_trunc('month', day) AS DATE) AS month, topic_id, item, count(*) AS papers
                FROM ({ItemRowsSql("true")})
                GROUP BY ALL
            ),
            spans AS (
                SELECT basis, max(month) AS last_month
                FROM monthly
                GROUP BY basis
            ),
            firsts AS (
                SELECT basis, topic_id, item, min(month) AS first_month
                FROM monthly
                GROUP BY ALL
            ),
            dense AS (
                SELECT f.basis, f.topic_id, f.item,
                       CAST(unnest(generate_series(CAST(f.first_month AS TIMESTAMP), CAST(s.last_month AS TIMESTAMP), INTERVAL 1 MONTH)) AS DATE) AS month
                FROM firsts AS f
                JOIN spans AS s ON s.basis = f.basis
            )
            SELECT d.basis, d.month, d.topic_id, d.item,
                   sum(coalesce(m.papers, 0)) OVER (PARTITION BY d.basis, d.topic_id, d.item ORDER BY d.month ROWS UNBOUNDED PRECEDING)
            FROM dense AS d
            LEFT JOIN monthly AS m ON m.basis = d.basis AND m.month = d.month AND m.topic_id = d.topic_id AND m.item = d.item
            ORDER BY d.basis, d.month, d.item
            """, cancellationToken);
    }

    /// <summary>
    /// Fills <c>analytics_item_totals</c> again: the keyword pair counts of the last month of
    /// <c>analytics_item_months</c> summed over topics, plus every delta.
    /// </summary>
    private static void BuildItemTotals(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        connection.ExecuteNonQuery("DELETE FROM analytics_item_totals", cancellationToken);
        connection.ExecuteNonQuery($"""
            INSERT INTO analytics_item_totals
            WITH last_months AS (
                SELECT basis, max(month) AS month
                FROM analytics_item_months
                GROUP BY basis
            )
            SELECT basis, item, CAST(sum(papers) AS BIGINT) AS papers
            FROM (
                SELECT m.basis, m.item, m.papers_through AS papers
                FROM analytics_item_months AS m
                JOIN last_months AS l ON l.basis = m.basis AND l.month = m.month
                WHERE m.item >= {AnalyticsRollup.FirstPairItem}
                UNION ALL
                SELECT basis, item, papers
                FROM analytics_item_deltas
                WHERE item >= {AnalyticsRollup.FirstPairItem}
            )
            GROUP BY basis, item
            ORDER BY basis, papers DESC
            """, cancellationToken);
    }

    /// <summary>Fills <c>analytics_topic_days</c> again from <c>analytics_papers</c>.</summary>
    private static void BuildTopicDays(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        connection.ExecuteNonQuery("DELETE FROM analytics_topic_days", cancellationToken);
        connection.ExecuteNonQuery("""
            INSERT INTO analytics_topic_days
            SELECT basis, day, topic_id, count(*)
            FROM (
                SELECT CAST(0 AS TINYINT) AS basis, published_on AS day, topic_id FROM analytics_papers
                UNION ALL
                SELECT CAST(1 AS TINYINT), featured_on, topic_id FROM analytics_papers WHERE featured_on IS NOT NULL
            )
            GROUP BY ALL
            ORDER BY basis, day, topic_id
            """, cancellationToken);
    }

    /// <summary>
    /// Returns a query with one row (basis, day, topic_id, item) per counted item of the cached
    /// papers that pass <paramref name="paperCondition"/>: the paper itself (item 0), each of its
    /// keywords and each of its keyword pairs, once per date basis that has a day.
    /// </summary>
    private static string ItemRowsSql(string paperCondition)
    {
        var parts = new List<string>();
        foreach (var (basis, column) in new[] { (0, "published_on"), (1, "featured_on") })
        {
            parts.Add($"""
                SELECT CAST({basis} AS TINYINT) AS basis, {column} AS day, topic_id, CAST(0 AS BIGINT) AS item
                FROM analytics_papers WHERE {column} IS NOT NULL AND {paperCondition}
                """);
            parts.Add($"""
                SELECT CAST({basis} AS TINYINT), {column}, topic_id, CAST(keyword_id AS BIGINT)
                FROM analytics_keywords WHERE {column} IS NOT NULL AND {paperCondition}
                """);
            parts.Add($"""
                SELECT CAST({basis} AS TINYINT), {column}, topic_id, {AnalyticsRollup.PairItemSql("keyword_a_id", "keyword_b_id")}
                FROM analytics_keyword_pairs WHERE {column} IS NOT NULL AND {paperCondition}
                """);
        }

        return string.Join("\nUNION ALL\n", parts);
    }

    /// <summary>Writes the stamp of the base tables and the month span of the monthly counts into both state tables.</summary>
    private static void WriteState(DuckDBConnection connection, bool builtNow, CancellationToken cancellationToken)
    {
        connection.ExecuteNonQuery("DELETE FROM analytics_cache_state", cancellationToken);
        connection.ExecuteNonQuery("""
            INSERT INTO analytics_cache_state
            SELECT (SELECT id FROM model_runs WHERE is_current), (SELECT max(id) FROM imports), now()
            """, cancellationToken);

        var builtAt = builtNow ? "now()" : "(SELECT max(built_at) FROM analytics_rollup_state)";
        var months = builtNow
            ? """
              (SELECT min(month) FROM analytics_item_months WHERE basis = 0),
              (SELECT max(month) FROM analytics_item_months WHERE basis = 0),
              (SELECT min(month) FROM analytics_item_months WHERE basis = 1),
              (SELECT max(month) FROM analytics_item_months WHERE basis = 1)
              """
            : """
              (SELECT max(published_first_month) FROM analytics_rollup_state),
              (SELECT max(published_last_month) FROM analytics_rollup_state),
              (SELECT max(featured_first_month) FROM analytics_rollup_state),
              (SELECT max(featured_last_month) FROM analytics_rollup_state)
              """;
        connection.ExecuteNonQuery($"""
            CREATE OR REPLACE TEMP TABLE analytics_next_state AS
            SELECT {LayoutVersion} AS layout_version,
                   (SELECT id FROM model_runs WHERE is_current) AS run_id,
                   (SELECT max(id) FROM imports) AS last_import_id,
                   (SELECT count(*) FROM paper_topics WHERE run_id = (SELECT id FROM model_runs WHERE is_current)) AS assigned_papers,
                   {months},
                   {builtAt} AS built_at,
                   now() AS refreshed_at
            """, cancellationToken);
        connection.ExecuteNonQuery("DELETE FROM analytics_rollup_state", cancellationToken);
        connection.ExecuteNonQuery("INSERT INTO analytics_rollup_state SELECT * FROM analytics_next_state", cancellationToken);
        connection.ExecuteNonQuery("DROP TABLE analytics_next_state", cancellationToken);
    }
}
