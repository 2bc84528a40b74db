using System.Diagnostics;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Storage;

public sealed partial class TrendStore
{
    /// <summary>
    /// Stores the papers, upvote observations and rejects of one parsed file in one transaction:
    /// if anything fails or the token is cancelled, the database stays as it was before.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A paper's descriptive fields (title, abstract, days, authors, keywords, source) come from
    /// the record observed last: its upvote observation day, else its featured day, else its
    /// publication day; on the same day the file wins over the store. So files can be imported
    /// in any order. An empty author or keyword list never replaces a filled one, and the
    /// featured day is the earliest one seen. Every upvote observation is kept as a snapshot,
    /// one per (paper, day, source). The paper's upvote count is the latest observation (latest
    /// day, then the higher count), so an older observation only adds a snapshot.
    /// </para>
    /// <para>
    /// A file that lists a paper more than once keeps every distinct observation and merges the
    /// records by the same rule, the later record winning a tie; for the same (day, source) the
    /// later record's count wins. Records the store cannot keep (no id, no title, a negative count)
    /// become rejects next to the importer's own. Each import replaces the stored rejects of the
    /// same source file, so re-importing a file does not repeat them.
    /// </para>
    /// <para>
    /// Importing the same file twice changes no paper: the second summary counts every paper as
    /// unchanged. <see cref="ImportSummary.Updated"/> counts papers whose stored fields changed
    /// or that gained a new or changed snapshot. New, Updated and Unchanged count distinct
    /// valid paper ids, so they add up to less than <see cref="ImportSummary.Read"/> when the
    /// file repeats ids or has invalid records.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException">The parsed file has no source file name.</exception>
    /// <exception cref="InvalidOperationException">The store was opened read-only.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; nothing of the file was stored.</exception>
    public Task<ImportSummary> ImportAsync(ParsedFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(file.Papers);
        if (string.IsNullOrWhiteSpace(file.SourceFile))
        {
            throw new ArgumentException("The parsed file has no source file name; set ParsedFile.SourceFile to the file the papers came from.", nameof(file));
        }

        var batch = ImportBatch.Create(file);
        return RunWriteAsync((connection, token) => Import(connection, file.SourceFile, batch, token), cancellationToken);
    }

    private ImportSummary Import(DuckDBConnection connection, string sourceFile, ImportBatch batch, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        LogImportStarted(_logger, sourceFile, batch.Read, batch.PaperIds.Count);

        var transaction = connection.BeginTransaction();

        // 0 in the failure logs when the import failed before its row got an id.
        long importId = 0;
        try
        {
            // Reading the stored rows inside the transaction, with writers serialised by the store,
            // means nothing changes between the plan and its writes.
            var (storedPapers, storedSnapshots) = ReadStoredSummaries(connection, batch.PaperIds, cancellationToken);
            var plan = ImportPlan.Create(batch, storedPapers, storedSnapshots, ids => ReadStoredFields(connection, ids, cancellationToken));
            var summary = new ImportSummary(sourceFile, batch.Read, plan.New, plan.Updated, plan.Unchanged, batch.Rejects.Count);

            var importedAt = DateTime.UtcNow;
            importId = InsertImport(connection, summary, importedAt, cancellationToken);

            AppendSnapshots(connection, importId, plan.NewSnapshots);
            UpdateSnapshots(connection, importId, plan.ChangedSnapshots, cancellationToken);
            AppendPapers(connection, importId, importedAt, plan.NewPapers);
            UpdatePapers(connection, importId, importedAt, plan.ChangedPapers, cancellationToken);

            Execute(connection, "DELETE FROM rejects WHERE source_file = $source_file", cancellationToken, ("source_file", sourceFile));
            AppendRejects(connection, importId, batch.Rejects);

            BeforeImportCommit?.Invoke(importId);
            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();

            LogImportFinished(_logger, importId, sourceFile, stopwatch.ElapsedMilliseconds, summary.New, summary.Updated, summary.Unchanged, summary.Rejected);
            return summary;
        }
        catch (OperationCanceledException)
        {
            TryRollback(transaction, importId, sourceFile);
            LogImportCancelled(_logger, importId, sourceFile);
            throw;
        }
        catch (Exception exception)
        {
            TryRollback(transaction, importId, sourceFile);
            LogImportFailed(_logger, exception, importId, sourceFile);
            throw;
        }
    }

    /// <summary>Inserts the import's row with its counts and returns the new import id.</summary>
    private static long InsertImport(DuckDBConnection connection, ImportSummary summary, DateTime importedAt, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand(ImportSql.InsertImport)
            .Bind("source_file", summary.SourceFile)
            .Bind("imported_at", importedAt)
            .Bind("read_count", summary.Read)
            .Bind("new_count", summary.New)
            .Bind("updated_count", summary.Updated)
            .Bind("unchanged_count", summary.Unchanged)
            .Bind("rejected_count", summary.Rejected);
        return (long)command.ExecuteScalar(cancellationToken)!;
    }

    /// <summary>
    /// Reads the short columns of the given papers that are stored, then the snapshots of those
    /// papers. A file of new papers costs one query, because a paper without a row has no snapshots.
    /// </summary>
    private static (Dictionary<string, StoredPaperSummary> Papers, Dictionary<SnapshotKey, int> Snapshots) ReadStoredSummaries(
        DuckDBConnection connection,
        IReadOnlyList<string> paperIds,
        CancellationToken cancellationToken)
    {
        var papers = new Dictionary<string, StoredPaperSummary>(StringComparer.Ordinal);
        var snapshots = new Dictionary<SnapshotKey, int>();
        if (paperIds.Count == 0)
        {
            return (papers, snapshots);
        }

        using (var command = connection.CreateCommand(ImportSql.SelectStoredSummaries).Bind("ids", paperIds.ToList()))
        using (var reader = command.ExecuteReader(cancellationToken))
        {
            while (reader.Read())
            {
                var id = reader.GetString(0);
                papers[id] = new StoredPaperSummary(
                    id,
                    ContentHash: reader.GetString(1),
                    FeaturedOn: reader.GetNullable<DateOnly>(2),
                    AsOf: reader.GetFieldValue<DateOnly>(3),
                    Upvotes: reader.GetNullable<int>(4),
                    UpvotesObservedOn: reader.GetNullable<DateOnly>(5));
            }
        }

        if (papers.Count == 0)
        {
            return (papers, snapshots);
        }

        using (var command = connection.CreateCommand(ImportSql.SelectStoredSnapshots).Bind("ids", papers.Keys.ToList()))
        using (var reader = command.ExecuteReader(cancellationToken))
        {
            while (reader.Read())
            {
                var key = new SnapshotKey(reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetString(2));
                snapshots[key] = reader.GetInt32(3);
            }
        }

        return (papers, snapshots);
    }

    private static Dictionary<string, PaperFields> ReadStoredFields(DuckDBConnection connection, IReadOnlyList<string> paperIds, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, PaperFields>(StringComparer.Ordinal);

        using var command = connection.CreateCommand(ImportSql.SelectStoredFields).Bind("ids", paperIds.ToList());
        using var reader = command.ExecuteReader(cancellationToken);
        while (reader.Read())
        {
            fields[reader.GetString(0)] = new PaperFields(
                Title: reader.GetString(1),
                Abstract: reader.GetString(2),
                PublishedOn: reader.GetFieldValue<DateOnly>(3),
                FeaturedOn: reader.GetNullable<DateOnly>(4),
                Authors: reader.GetFieldValue<List<string>>(5),
                SourceKeywords: reader.GetFieldValue<List<string>>(6),
                Source: reader.GetString(7),
                AsOf: reader.GetFieldValue<DateOnly>(8));
        }

        return fields;
    }

    private static void AppendSnapshots(DuckDBConnection connection, long importId, IReadOnlyList<KeyValuePair<SnapshotKey, int>> snapshots)
    {
        if (snapshots.Count == 0)
        {
            return;
        }

        using var appender = connection.CreateAppender("upvote_snapshots");
        foreach (var (key, upvotes) in snapshots)
        {
            appender.CreateRow()
                .AppendValue(key.PaperId)
                .AppendValue((DateOnly?)key.ObservedOn)
                .AppendValue((int?)upvotes)
                .AppendValue(key.Source)
                .AppendValue((long?)importId)
                .EndRow();
        }
    }

    private static void UpdateSnapshots(DuckDBConnection connection, long importId, IReadOnlyList<KeyValuePair<SnapshotKey, int>> snapshots, CancellationToken cancellationToken)
    {
        if (snapshots.Count == 0)
        {
            return;
        }

        // One prepared statement, re-bound per row: a changed count for a stored day is rare.
        using var command = connection.CreateCommand(ImportSql.UpdateSnapshot);
        foreach (var (key, upvotes) in snapshots)
        {
            command.Parameters.Clear();
            command.Bind("upvotes", upvotes)
                .Bind("import_id", importId)
                .Bind("paper_id", key.PaperId)
                .Bind("observed_on", key.ObservedOn)
                .Bind("source", key.Source)
                .ExecuteNonQuery(cancellationToken);
        }
    }

    private static void AppendPapers(DuckDBConnection connection, long importId, DateTime importedAt, IReadOnlyList<PaperRow> papers)
    {
        if (papers.Count == 0)
        {
            return;
        }

        // The column order must match the papers table in SchemaMigrations.
        using var appender = connection.CreateAppender("papers");
        foreach (var paper in papers)
        {
            var fields = paper.Fields;
            appender.CreateRow()
                .AppendValue(paper.Id)
                .AppendValue(fields.Title)
                .AppendValue(fields.Abstract)
                .AppendValue((DateOnly?)fields.PublishedOn)
                .AppendValue(fields.FeaturedOn)
                .AppendValue(fields.Authors)
                .AppendValue(fields.SourceKeywords)
                .AppendValue(paper.Upvotes)
                .AppendValue(paper.UpvotesObservedOn)
                .AppendValue(fields.Source)
                .AppendValue((DateOnly?)fields.AsOf)
                .AppendValue(paper.ContentHash)
                .AppendValue((long?)importId)
                .AppendValue((DateTime?)importedAt)
                .AppendValue((long?)importId)
                .AppendValue((DateTime?)importedAt)
                .EndRow();
        }
    }

    private static void UpdatePapers(DuckDBConnection connection, long importId, DateTime importedAt, IReadOnlyList<PaperRow> papers, CancellationToken cancellationToken)
    {
        if (papers.Count == 0)
        {
            return;
        }

        using var command = connection.CreateCommand(ImportSql.UpdatePaper);
        foreach (var paper in papers)
        {
            var fields = paper.Fields;
            command.Parameters.Clear();
            command.Bind("id", paper.Id)
                .Bind("title", fields.Title)
                .Bind("abstract", fields.Abstract)
                .Bind("published_on", fields.PublishedOn)
                .Bind("featured_on", fields.FeaturedOn)
                .Bind("authors", fields.Authors.ToList())
                .Bind("source_keywords", fields.SourceKeywords.ToList())
                .Bind("upvotes", paper.Upvotes)
                .Bind("upvotes_observed_on", paper.UpvotesObservedOn)
                .Bind("source", fields.Source)
                .Bind("fields_as_of", fields.AsOf)
                .Bind("content_hash", paper.ContentHash)
                .Bind("import_id", importId)
                .Bind("imported_at", importedAt)
                .ExecuteNonQuery(cancellationToken);
        }
    }

    private static void AppendRejects(DuckDBConnection connection, long importId, IReadOnlyList<ImportReject> rejects)
    {
        if (rejects.Count == 0)
        {
            return;
        }

        using var appender = connection.CreateAppender("rejects");
        for (var ordinal = 0; ordinal < rejects.Count; ordinal++)
        {
            var reject = rejects[ordinal];
            appender.CreateRow()
                .AppendValue((long?)importId)
                .AppendValue((int?)ordinal)
                .AppendValue(reject.SourceFile)
                .AppendValue(reject.Position)
                .AppendValue(reject.Reason)
                .EndRow();
        }
    }

    private static int Execute(DuckDBConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Bind(name, value);
        }

        return command.ExecuteNonQuery(cancellationToken);
    }

    private void TryRollback(System.Data.Common.DbTransaction transaction, long importId, string sourceFile)
    {
        try
        {
            transaction.Rollback();
        }
        catch (DuckDBException exception)
        {
            // Closing the connection rolls back an open transaction too, so the file's rows still do not land.
            LogRollbackFailed(_logger, exception, importId, sourceFile);
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Import of {SourceFile} started: {Read} records, {Papers} distinct valid papers")]
    private static partial void LogImportStarted(ILogger logger, string sourceFile, int read, int papers);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Import {ImportId} of {SourceFile} finished in {ElapsedMilliseconds} ms: {NewPapers} new, {UpdatedPapers} updated, {UnchangedPapers} unchanged, {Rejected} rejected")]
    private static partial void LogImportFinished(ILogger logger, long importId, string sourceFile, long elapsedMilliseconds, int newPapers, int updatedPapers, int unchangedPapers, int rejected);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Import {ImportId} of {SourceFile} was cancelled and rolled back")]
    private static partial void LogImportCancelled(ILogger logger, long importId, string sourceFile);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "Import {ImportId} of {SourceFile} failed and was rolled back")]
    private static partial void LogImportFailed(ILogger logger, Exception exception, long importId, string sourceFile);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Rollback of import {ImportId} of {SourceFile} failed; closing the connection discards the transaction")]
    private static partial void LogRollbackFailed(ILogger logger, Exception exception, long importId, string sourceFile);
}

/// <summary>The statements of one import; they run inside the import transaction.</summary>
internal static class ImportSql
{
    public const string SelectStoredSummaries = """
        SELECT id, content_hash, featured_on, fields_as_of, upvotes, upvotes_observed_on
        FROM papers
        WHERE id IN (SELECT unnest($ids))
        """;

    public const string SelectStoredSnapshots = """
        SELECT paper_id, observed_on, source, upvotes
        FROM upvote_snapshots
        WHERE paper_id IN (SELECT unnest($ids))
        """;

    public const string SelectStoredFields = """
        SELECT id, title, abstract, published_on, featured_on, authors, source_keywords, source, fields_as_of
        FROM papers
        WHERE id IN (SELECT unnest($ids))
        """;

    public const string UpdateSnapshot = """
        UPDATE upvote_snapshots
        SET upvotes = $upvotes, import_id = $import_id
        WHERE paper_id = $paper_id AND observed_on = $observed_on AND source = $source
        """;

    public const string UpdatePaper = """
        UPDATE papers
        SET title = $title,
            abstract = $abstract,
            published_on = $published_on,
            featured_on = $featured_on,
            authors = $authors,
            source_keywords = $source_keywords,
            upvotes = $upvotes,
            upvotes_observed_on = $upvotes_observed_on,
            source = $source,
            fields_as_of = $fields_as_of,
            content_hash = $content_hash,
            last_import_id = $import_id,
            last_imported_at = $imported_at
        WHERE id = $id
        """;

    public const string InsertImport = """
        INSERT INTO imports (
            id, source_file, imported_at, read_count, new_count, updated_count, unchanged_count, rejected_count)
        VALUES (
            nextval('imports_id_seq'), $source_file, $imported_at, $read_count, $new_count, $updated_count,
            $unchanged_count, $rejected_count)
        RETURNING id
        """;
}
