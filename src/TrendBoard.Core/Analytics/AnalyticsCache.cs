using System.Collections.Concurrent;
using DuckDB.NET.Data;
using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Analytics;

/// <summary>
/// Keeps the <c>analytics_*</c> tables (papers, keywords, keyword names and keyword pairs of the
/// current model run) in step with the current run and the latest import, so queries can read
/// them instead of joining the base tables.
/// </summary>
/// <remarks>
/// The cache is stamped with the current run id and the largest import id. Every import adds an
/// <c>imports</c> row and every model run changes the current run, so a matching stamp means the
/// cache copies the data the base tables hold. Writes that bypass <see cref="TrendStore"/> are
/// not seen.
/// </remarks>
internal static class AnalyticsCache
{
    /// <summary>One lock per database file, so concurrent queries rebuild the cache once.</summary>
    private static readonly ConcurrentDictionary<string, object> RebuildLocks = new(StringComparer.Ordinal);

    private const string StampSql = """
        SELECT (SELECT id FROM model_runs WHERE is_current),
               (SELECT max(id) FROM imports),
               (SELECT count(*) FROM analytics_cache_state
                WHERE run_id IS NOT DISTINCT FROM (SELECT id FROM model_runs WHERE is_current)
                  AND last_import_id IS NOT DISTINCT FROM (SELECT max(id) FROM imports))
        """;

    /// <summary>
    /// Returns whether the cache matches the base tables, rebuilding it first when it is stale and
    /// the store can write. Without a current run there is nothing to cache, and the queries read
    /// the (empty) base tables.
    /// </summary>
    public static bool Prepare(DuckDBConnection connection, TrendStore store, CancellationToken cancellationToken)
    {
        var (runId, fresh) = ReadStamp(connection, cancellationToken);
        if (fresh || runId is null)
        {
            return fresh;
        }

        if (store.IsReadOnly)
        {
            return false;
        }

        lock (RebuildLocks.GetOrAdd(store.DatabasePath, _ => new object()))
        {
            (runId, fresh) = ReadStamp(connection, cancellationToken);
            if (fresh || runId is null)
            {
                return fresh;
            }

            try
            {
                Rebuild(connection, cancellationToken);
                return true;
            }
            catch (DuckDBException) when (!cancellationToken.IsCancellationRequested)
            {
                // NOTE: a rebuild that fails (for example on a write conflict with another
                // process) leaves the old cache; the caller reads the base tables instead.
                return false;
            }
        }
    }

    private static (long? RunId, bool Fresh) ReadStamp(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand(StampSql);
        using var reader = command.ExecuteReader(cancellationToken);
        reader.Read();
        return (reader.GetNullable<long>(0), reader.GetInt64(2) > 0);
    }

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
        connection.ExecuteNonQuery("DELETE FROM analytics_cache_state", cancellationToken);

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
        connection.ExecuteNonQuery("""
            INSERT INTO analytics_cache_state
            SELECT (SELECT id FROM model_runs WHERE is_current), (SELECT max(id) FROM imports), now()
            """, cancellationToken);
        transaction.Commit();
    }
}
