using DuckDB.NET.Data;
using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Analytics;

internal static partial class AnalyticsCache
{
    /// <summary>
    /// Brings the cache of the current run up to date with the base tables by rewriting only the
    /// papers that changed: new assignments, papers whose topic or days changed (moved), and
    /// papers whose upvote count changed. Returns false, having changed nothing, when a full
    /// rebuild is needed instead.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Moved papers get negative rows for their old items and positive rows for their new items
    /// in <c>analytics_item_deltas</c>, so <c>analytics_item_months</c> stays as built. A paper's
    /// keywords are read again only when it moved or is new: keywords that the current run
    /// changes for a paper whose topic and days stay the same are not seen.
    /// </para>
    /// <para>
    /// A full rebuild is needed when a changed paper carries a keyword that the cache has not
    /// numbered, because keyword ids must sort like the keywords; and when the deltas have grown
    /// to more than a tenth of the monthly rows, to keep queries from summing a long delta table.
    /// </para>
    /// </remarks>
    private static bool Refresh(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction();
        long? lastImportId;
        using (var command = connection.CreateCommand("SELECT max(last_import_id) FROM analytics_rollup_state"))
        using (var reader = command.ExecuteReader(cancellationToken))
        {
            reader.Read();
            lastImportId = reader.GetNullable<long>(0);
        }

        connection.ExecuteNonQuery("""
            CREATE OR REPLACE TEMP TABLE analytics_changes AS
            WITH current_papers AS (
                SELECT p.id AS paper_id, pt.topic_id, p.published_on, p.featured_on, p.upvotes
                FROM papers AS p
                JOIN paper_topics AS pt ON pt.paper_id = p.id
                WHERE pt.run_id = (SELECT id FROM model_runs WHERE is_current)
            )
            SELECT coalesce(n.paper_id, o.paper_id) AS paper_id,
                   o.paper_id IS NOT NULL AS had_old,
                   n.paper_id IS NOT NULL AS has_new,
                   (o.paper_id IS NULL OR n.paper_id IS NULL OR o.topic_id <> n.topic_id
                    OR o.published_on <> n.published_on OR o.featured_on IS DISTINCT FROM n.featured_on) AS moved,
                   n.topic_id, n.published_on, n.featured_on, n.upvotes
            FROM current_papers AS n
            FULL OUTER JOIN analytics_papers AS o ON o.paper_id = n.paper_id
            WHERE o.paper_id IS NULL OR n.paper_id IS NULL OR o.topic_id <> n.topic_id
               OR o.published_on <> n.published_on OR o.featured_on IS DISTINCT FROM n.featured_on
               OR o.upvotes IS DISTINCT FROM n.upvotes
            """, cancellationToken);

        if (Count(connection, """
                SELECT count(*)
                FROM paper_keywords AS k
                JOIN analytics_changes AS c ON c.paper_id = k.paper_id AND c.moved AND c.has_new
                WHERE k.run_id = (SELECT id FROM model_runs WHERE is_current)
                  AND k.keyword NOT IN (SELECT keyword FROM analytics_keyword_names)
                """, cancellationToken) > 0)
        {
            transaction.Rollback();
            return false;
        }

        CollectAffectedBins(connection, lastImportId, cancellationToken);
        const string movedOld = "paper_id IN (SELECT paper_id FROM analytics_changes WHERE moved AND had_old)";
        const string movedNew = "paper_id IN (SELECT paper_id FROM analytics_changes WHERE moved AND has_new)";
        if (Count(connection, "SELECT count(*) FROM analytics_changes WHERE moved AND had_old", cancellationToken) > 0)
        {
            connection.ExecuteNonQuery($"""
                INSERT INTO analytics_item_deltas
                SELECT basis, day, topic_id, item, -count(*)
                FROM ({ItemRowsSql(movedOld)})
                GROUP BY ALL
                """, cancellationToken);
            connection.ExecuteNonQuery($"DELETE FROM analytics_keyword_pairs WHERE {movedOld}", cancellationToken);
            connection.ExecuteNonQuery($"DELETE FROM analytics_keywords WHERE {movedOld}", cancellationToken);
            connection.ExecuteNonQuery($"DELETE FROM analytics_papers WHERE {movedOld}", cancellationToken);
        }

        connection.ExecuteNonQuery("""
            UPDATE analytics_papers
            SET upvotes = c.upvotes
            FROM analytics_changes AS c
            WHERE c.paper_id = analytics_papers.paper_id AND NOT c.moved
            """, cancellationToken);

        if (Count(connection, "SELECT count(*) FROM analytics_changes WHERE moved AND has_new", cancellationToken) > 0)
        {
            InsertMovedPapers(connection, cancellationToken);
            connection.ExecuteNonQuery($"""
                INSERT INTO analytics_item_deltas
                SELECT basis, day, topic_id, item, count(*)
                FROM ({ItemRowsSql(movedNew)})
                GROUP BY ALL
                """, cancellationToken);
        }

        if (Count(connection, "SELECT count(*) FROM analytics_changes WHERE moved", cancellationToken) > 0)
        {
            BuildTopicDays(connection, cancellationToken);
            BuildItemTotals(connection, cancellationToken);
        }

        if (Count(connection, "SELECT count(*) FROM analytics_affected_bins", cancellationToken) > 0)
        {
            BuildUpvoteTables(connection, affectedOnly: true, cancellationToken);
        }

        // Without an import id in the state, every snapshot is new to the cache.
        BuildUpvoteGrowth(connection, lastImportId ?? long.MinValue, cancellationToken);
        connection.ExecuteNonQuery("DROP TABLE analytics_affected_bins", cancellationToken);
        connection.ExecuteNonQuery("DROP TABLE analytics_changes", cancellationToken);
        if (Count(connection, "SELECT count(*) FROM analytics_item_deltas", cancellationToken) * 10
            > Count(connection, "SELECT count(*) FROM analytics_item_months", cancellationToken))
        {
            transaction.Rollback();
            return false;
        }

        WriteState(connection, builtNow: false, cancellationToken);
        transaction.Commit();
        return true;
    }

    /// <summary>Inserts the cache rows (paper, keywords, keyword pairs) of the new and moved papers of <c>analytics_changes</c>.</summary>
    private static void InsertMovedPapers(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        connection.ExecuteNonQuery("""
            INSERT INTO analytics_papers
            SELECT (SELECT id FROM model_runs WHERE is_current), paper_id, topic_id, published_on, featured_on, upvotes
            FROM analytics_changes
            WHERE moved AND has_new
            ORDER BY published_on, paper_id
            """, cancellationToken);
        connection.ExecuteNonQuery("""
            CREATE OR REPLACE TEMP TABLE analytics_new_keywords AS
            SELECT DISTINCT k.run_id, k.paper_id, k.keyword, n.keyword_id, c.topic_id, c.published_on, c.featured_on
            FROM paper_keywords AS k
            JOIN analytics_changes AS c ON c.paper_id = k.paper_id AND c.moved AND c.has_new
            JOIN analytics_keyword_names AS n ON n.keyword = k.keyword
            WHERE k.run_id = (SELECT id FROM model_runs WHERE is_current)
            """, cancellationToken);
        connection.ExecuteNonQuery("""
            INSERT INTO analytics_keywords
            SELECT * FROM analytics_new_keywords
            ORDER BY published_on, paper_id, keyword_id
            """, cancellationToken);
        connection.ExecuteNonQuery("""
            INSERT INTO analytics_keyword_pairs
            SELECT a.run_id, a.paper_id, a.keyword_id, b.keyword_id, a.topic_id, a.published_on, a.featured_on
            FROM analytics_new_keywords AS a
            JOIN analytics_new_keywords AS b ON b.paper_id = a.paper_id AND a.keyword_id < b.keyword_id
            ORDER BY a.published_on
            """, cancellationToken);
        connection.ExecuteNonQuery("DROP TABLE analytics_new_keywords", cancellationToken);
    }

    private static long Count(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand(sql);
        return (long)command.ExecuteScalar(cancellationToken)!;
    }
}
