using System.Diagnostics;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Topics;

namespace TrendBoard.Bench;

/// <summary>
/// Builds a benchmark database: the bundled corpus imported and modelled as on a first start,
/// then copied in SQL until it contains the requested number of papers.
/// </summary>
/// <remarks>
/// Copy k (k = 1, 2, ...) of a paper gets a new arXiv-style id (<c>30MM.NNNNN</c> and up, never
/// one of the corpus ids) and every day of the paper moved k days later, so the copies spread
/// over the corpus span plus k days instead of piling onto the same days. Copies keep the
/// paper's topic, keywords, upvote count and upvote snapshots under the current model run, so
/// the queries see the topic and keyword distributions of the real corpus at a larger scale.
/// Rows are inserted ordered by publication day, the order in which daily files arrive.
/// </remarks>
internal static class ReplicatedCorpus
{
    /// <summary>Ids a copy can take per two-digit year: 12 months of 99,999 numbers.</summary>
    private const int IdsPerYear = 12 * 99_999;

    public static async Task BuildAsync(string databasePath, string corpusPath, int targetPapers, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger("ReplicatedCorpus");
        var builder = new CorpusBuilder(loggerFactory);
        await builder.EnsureDatabaseAsync(databasePath, corpusPath, new TopicModelOptions(), progress: null, cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        using var connection = new DuckDBConnection($"Data Source={databasePath}");
        connection.Open();

        var stored = Scalar(connection, "SELECT count(*) FROM papers");
        if (stored >= targetPapers)
        {
            logger.LogInformation("{DatabasePath} already contains {Papers} papers; nothing to copy", databasePath, stored);
            return;
        }

        var needed = targetPapers - stored;
        var copies = (needed + stored - 1) / stored;
        logger.LogInformation("Copying {Papers} papers ({Copies} copies of the {Stored} stored papers)", needed, copies, stored);

        using var transaction = connection.BeginTransaction();
        Execute(connection, $"""
            CREATE TEMP TABLE id_map AS
            WITH numbered AS (
                SELECT c.range AS copy, p.id AS old_id,
                       row_number() OVER (ORDER BY c.range, p.id) - 1 AS n
                FROM range(1, {copies + 1}) AS c
                CROSS JOIN papers AS p
            )
            SELECT CAST(copy AS INTEGER) AS copy, old_id,
                   printf('%02d%02d.%05d', 30 + n // {IdsPerYear}, 1 + (n // 99999) % 12, n % 99999 + 1) AS new_id
            FROM numbered
            WHERE n < {needed}
            """);
        Execute(connection, """
            INSERT INTO papers
            SELECT m.new_id, p.title, p.abstract, p.published_on + m.copy, p.featured_on + m.copy,
                   p.authors, p.source_keywords, p.upvotes, p.upvotes_observed_on + m.copy, p.source,
                   p.fields_as_of + m.copy, p.content_hash, p.first_import_id, p.first_imported_at,
                   p.last_import_id, p.last_imported_at, p.categories, p.primary_category, p.date_uncertain
            FROM id_map AS m
            JOIN papers AS p ON p.id = m.old_id
            ORDER BY p.published_on + m.copy, m.new_id
            """);
        Execute(connection, """
            INSERT INTO upvote_snapshots
            SELECT m.new_id, s.observed_on + m.copy, s.upvotes, s.source, s.import_id
            FROM id_map AS m
            JOIN upvote_snapshots AS s ON s.paper_id = m.old_id
            """);
        Execute(connection, """
            INSERT INTO paper_topics
            SELECT t.run_id, m.new_id, t.topic_id, t.score
            FROM id_map AS m
            JOIN paper_topics AS t ON t.paper_id = m.old_id
            WHERE t.run_id = (SELECT id FROM model_runs WHERE is_current)
            """);
        Execute(connection, """
            INSERT INTO paper_keywords
            SELECT k.run_id, m.new_id, k.keyword, k.score
            FROM id_map AS m
            JOIN paper_keywords AS k ON k.paper_id = m.old_id
            WHERE k.run_id = (SELECT id FROM model_runs WHERE is_current)
            """);
        Execute(connection, """
            UPDATE topics
            SET size = counts.papers
            FROM (
                SELECT topic_id, count(*) AS papers
                FROM paper_topics
                WHERE run_id = (SELECT id FROM model_runs WHERE is_current)
                GROUP BY topic_id
            ) AS counts
            WHERE topics.run_id = (SELECT id FROM model_runs WHERE is_current)
              AND topics.topic_id = counts.topic_id
            """);
        transaction.Commit();
        Execute(connection, "DROP TABLE id_map");
        Execute(connection, "CHECKPOINT");

        logger.LogInformation(
            "{DatabasePath} now contains {Papers} papers; copying took {ElapsedSeconds:F1} s",
            databasePath,
            Scalar(connection, "SELECT count(*) FROM papers"),
            stopwatch.Elapsed.TotalSeconds);
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static int Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
