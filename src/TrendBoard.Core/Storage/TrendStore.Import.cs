using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Storage;

public sealed partial class TrendStore
{
    /// <summary>The distinct papers (or rejects) per batch that an import stages and merges at once.</summary>
    internal const int ImportBatchSize = 10_000;

    /// <summary>
    /// DuckDB's memory limit while an import runs, in DuckDB's notation (such as <c>1GB</c>), or
    /// null to keep DuckDB's own limit (80% of the machine's memory). Default: <c>1GB</c>.
    /// </summary>
    /// <remarks>
    /// DuckDB keeps an open transaction's rows in memory up to this limit and writes the rest to
    /// its temporary folder, so the limit bounds an import's memory whatever the file size. It
    /// applies to the whole database while the import runs, then the previous limit returns.
    /// </remarks>
    public string? ImportMemoryLimit { get; set; } = "1GB";

    /// <summary>
    /// Stores the papers, upvote observations and rejects of one parsed file in one transaction:
    /// if anything fails or the token is cancelled, the database stays as it was before.
    /// </summary>
    /// <remarks>
    /// Runs the file through <see cref="ImportAsync(string, Func{IPaperRecordSink, CancellationToken, Task{string}}, IProgress{ImportProgress}, CancellationToken)"/>
    /// with the importer's rejects first, then the papers at positions <c>parsed paper N</c>; see
    /// there for the merge rules and counts.
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

        return ImportAsync(file.SourceFile, (sink, token) => Task.Run(() => Replay(file, sink, token), token), progress: null, cancellationToken);
    }

    /// <summary>
    /// Stores one file as <paramref name="readAsync"/> parses it, in batches of 10,000 papers, in
    /// one transaction: if anything fails, the token is cancelled or the process dies, the
    /// database stays as it was before the file, and importing the file again completes it.
    /// </summary>
    /// <param name="sourceFile">The file name stored with the import and its rejects.</param>
    /// <param name="readAsync">
    /// Parses the file into the given sink and returns the name of its format (or null), for
    /// example <c>(sink, token) =&gt; PaperFileReader.ReadAsync(path, options, sink, token)</c>.
    /// It may call the sink from any one thread at a time; a call blocks while the store is
    /// behind by two batches.
    /// </param>
    /// <param name="progress">Receives the records stored so far after each batch; null reports nothing.</param>
    /// <param name="cancellationToken">Stops parsing and rolls the file back.</param>
    /// <remarks>
    /// <para>
    /// Parsing and database work overlap: the reader fills the next batch while the store writes
    /// the last one through the DuckDB appender into staging tables and merges them into
    /// <c>papers</c> and <c>upvote_snapshots</c> with set-based statements. Memory stays at a few
    /// batches whatever the file size.
    /// </para>
    /// <para>
    /// A paper's descriptive fields (title, abstract, days, authors, keywords, categories, source)
    /// come from the record observed last: its upvote observation day, else its featured day,
    /// else its publication day; on the same day the file wins over the store, and a later record
    /// of the file over an earlier one. So files can be imported in any order. An empty author,
    /// keyword or category list never replaces a filled one, an exact publication day beats an
    /// estimated one (<see cref="PaperRecord.DateUncertain"/>), and the featured day is the
    /// earliest one seen. Every upvote observation is kept as a snapshot, one per (paper, day,
    /// source), the later record of a file winning for the same key. The paper's upvote count is
    /// the latest observation (latest day, then the higher count), so an older observation only
    /// adds a snapshot.
    /// </para>
    /// <para>
    /// Records the store cannot keep (no id, no title, a negative count) become rejects next to
    /// the reader's own. Each import replaces the stored rejects of the same source file, so
    /// re-importing a file does not repeat them.
    /// </para>
    /// <para>
    /// Importing the same file twice changes no paper: the second summary counts every paper as
    /// unchanged. <see cref="ImportSummary.Updated"/> counts stored papers whose fields changed
    /// or that gained a new or changed snapshot. New, Updated and Unchanged count distinct valid
    /// paper ids, so they add up to less than <see cref="ImportSummary.Read"/> when the file
    /// repeats ids or has invalid records.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException">The source file name is empty.</exception>
    /// <exception cref="InvalidOperationException">The store was opened read-only.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; nothing of the file was stored.</exception>
    public async Task<ImportSummary> ImportAsync(
        string sourceFile,
        Func<IPaperRecordSink, CancellationToken, Task<string?>> readAsync,
        IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceFile);
        ArgumentNullException.ThrowIfNull(readAsync);
        if (IsReadOnly)
        {
            throw new InvalidOperationException($"The database {DatabasePath} was opened read-only; open it with {nameof(OpenAsync)} to write.");
        }

        // Two batches in the queue let the reader run one batch ahead while the writer merges.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new BlockingCollection<ImportBatch>(boundedCapacity: 2);
        var sink = new BatchingRecordSink(sourceFile, ImportBatchSize, queue, stop.Token);
        var write = RunWriteAsync((connection, token) => Import(connection, sourceFile, queue, sink, progress, stop, token), stop.Token);

        try
        {
            var format = await readAsync(sink, stop.Token).ConfigureAwait(false);
            sink.Complete(format);
        }
        catch (Exception)
        {
            // Stops the writer, which rolls back. When a writer failure stopped the reader, the
            // writer's exception is the one to report.
            await stop.CancelAsync().ConfigureAwait(false);
            queue.CompleteAdding();
            var writeFailure = await write.ContinueWith(task => task.Exception?.InnerException, TaskScheduler.Default).ConfigureAwait(false);
            if (writeFailure is not null and not OperationCanceledException)
            {
                ExceptionDispatchInfo.Throw(writeFailure);
            }

            throw;
        }

        return await write.ConfigureAwait(false);
    }

    private static string? Replay(ParsedFile file, IPaperRecordSink sink, CancellationToken cancellationToken)
    {
        foreach (var reject in file.Rejects ?? [])
        {
            sink.AddReject(reject);
        }

        for (var index = 0; index < file.Papers.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sink.AddPaper(file.Papers[index]!, $"parsed paper {index + 1}");
        }

        if (file.Notice is { Length: > 0 } notice)
        {
            sink.AddNotice(notice);
        }

        return file.Format;
    }

    private ImportSummary Import(
        DuckDBConnection connection,
        string sourceFile,
        BlockingCollection<ImportBatch> queue,
        BatchingRecordSink sink,
        IProgress<ImportProgress>? progress,
        CancellationTokenSource stop,
        CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        LogImportStarted(_logger, sourceFile);

        var previousMemoryLimit = LimitMemory(connection, ImportMemoryLimit, cancellationToken);
        using var restoreMemoryLimit = new MemoryLimitRestorer(connection, previousMemoryLimit, _logger);
        var transaction = connection.BeginTransaction();

        // 0 in the failure logs when the import failed before its row got an id.
        long importId = 0;
        try
        {
            foreach (var statement in ImportSql.CreateStagingTables)
            {
                Execute(connection, statement, cancellationToken);
            }

            var importedAt = DateTime.UtcNow;
            importId = InsertImport(connection, sourceFile, importedAt, cancellationToken);
            Execute(connection, ImportSql.DeleteRejectsOfFile, cancellationToken, ("source_file", sourceFile));

            var read = 0;
            var rejected = 0;
            var batchNumber = 0;
            var stagedFile = new StagedFile(importId, importedAt);
            var timings = new ImportTimings(stopwatch);
            foreach (var batch in queue.GetConsumingEnumerable(cancellationToken))
            {
                timings.BatchArrived();
                AppendRejects(connection, importId, rejected, batch.Rejects);
                if (batchNumber == 0 && batch.IsLast)
                {
                    WriteSingleBatch(connection, importId, importedAt, batch, cancellationToken);
                }
                else
                {
                    stagedFile.Append(connection, batchNumber, batch, cancellationToken);
                }

                batchNumber++;
                read += batch.Read;
                rejected += batch.Rejects.Count;
                progress?.Report(new ImportProgress(sourceFile, read, rejected));
                timings.BatchStored();
            }

            stagedFile.Merge(connection, cancellationToken);

            var summary = FinishImport(connection, importId, sourceFile, read, rejected, sink, cancellationToken);
            timings.Merged();

            BeforeImportCommit?.Invoke(importId);
            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
            timings.Committed();

            LogImportFinished(_logger, importId, sourceFile, stopwatch.ElapsedMilliseconds, summary.Read, summary.New, summary.Updated, summary.Unchanged, summary.Rejected);
            LogImportTimings(_logger, importId, sourceFile, batchNumber, timings.WaitMilliseconds, timings.StoreMilliseconds, timings.MergeMilliseconds, timings.CommitMilliseconds);
            return summary;
        }
        catch (OperationCanceledException)
        {
            stop.Cancel();
            TryRollback(transaction, importId, sourceFile);
            LogImportCancelled(_logger, importId, sourceFile);
            throw;
        }
        catch (Exception exception)
        {
            stop.Cancel();
            TryRollback(transaction, importId, sourceFile);
            LogImportFailed(_logger, exception, importId, sourceFile);
            throw;
        }
    }

    /// <summary>
    /// Lowers DuckDB's memory limit to <paramref name="limit"/> for the import and returns the
    /// previous limit, or null when the limit stays as it is.
    /// </summary>
    /// <remarks>
    /// DuckDB keeps the rows of an open transaction in its buffer pool, whose default limit is
    /// 80% of the machine's memory, so without a lower limit a large file's import grows memory
    /// with the file until it commits. Under the limit DuckDB writes the rows to its temporary
    /// folder instead. The setting is database-wide, so queries that run during an import share it.
    /// </remarks>
    private static string? LimitMemory(DuckDBConnection connection, string? limit, CancellationToken cancellationToken)
    {
        if (limit is null)
        {
            return null;
        }

        using var command = connection.CreateCommand("SELECT current_setting('memory_limit')");
        var previous = (string)command.ExecuteScalar(cancellationToken)!;
        Execute(connection, $"SET memory_limit = '{limit.Replace("'", "''", StringComparison.Ordinal)}'", cancellationToken);
        return previous;
    }

    /// <summary>Sets DuckDB's memory limit back after an import, whatever its outcome.</summary>
    private sealed class MemoryLimitRestorer(DuckDBConnection connection, string? previous, ILogger logger) : IDisposable
    {
        public void Dispose()
        {
            if (previous is null)
            {
                return;
            }

            try
            {
                connection.ExecuteNonQuery($"SET memory_limit = '{previous.Replace("'", "''", StringComparison.Ordinal)}'", CancellationToken.None);
            }
            catch (DuckDBException exception)
            {
                LogMemoryLimitNotRestored(logger, exception, previous);
            }
        }
    }

    /// <summary>
    /// Stages the only batch of a file with the appender and merges it into the stored tables with
    /// statements that DuckDB plans quickly, because small files are common and most of their cost
    /// is per statement.
    /// </summary>
    private static void WriteSingleBatch(DuckDBConnection connection, long importId, DateTime importedAt, ImportBatch batch, CancellationToken cancellationToken)
    {
        if (batch.PaperIds.Count == 0)
        {
            return;
        }

        AppendStagedPapers(connection, batch);
        if (batch.Snapshots.Count > 0)
        {
            AppendStagedSnapshots(connection, batch.Snapshots);

            // When no staged paper has a stored snapshot, a plain insert gives the same rows as the
            // merge and skips its planning cost, and the staged latest observations are final.
            var firstObservations = CountScalar(connection, ImportSql.CountStoredSnapshotsOfStagedPapers, cancellationToken) == 0;
            Execute(connection, firstObservations ? ImportSql.InsertNewSnapshots : ImportSql.UpsertSnapshots, cancellationToken, ("import_id", importId));
            if (!firstObservations)
            {
                Execute(connection, ImportSql.StageLatestObservations, cancellationToken);
            }
        }

        // DuckDB takes tens of milliseconds to plan the merge statement, which dominates small
        // files, so a batch of papers that are all new takes a plain insert instead.
        var mergeSql = CountScalar(connection, ImportSql.CountStoredStagedPapers, cancellationToken) == 0 ? ImportSql.InsertNewPapers : ImportSql.UpsertPapers;
        Execute(connection, mergeSql, cancellationToken, ("import_id", importId), ("imported_at", importedAt));
        Execute(connection, ImportSql.CollectStagedIds, cancellationToken);
    }

    private static long CountScalar(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand(sql);
        return Convert.ToInt64(command.ExecuteScalar(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Counts the import's effect, stores the counts with the import and returns its summary.</summary>
    private static ImportSummary FinishImport(
        DuckDBConnection connection,
        long importId,
        string sourceFile,
        int read,
        int rejected,
        BatchingRecordSink sink,
        CancellationToken cancellationToken)
    {
        int created, updated, distinct;
        using (var command = connection.CreateCommand(ImportSql.CountChanges).Bind("import_id", importId))
        using (var reader = command.ExecuteReader(cancellationToken))
        {
            reader.Read();
            created = (int)reader.GetInt64(0);
            updated = (int)reader.GetInt64(1);
            distinct = (int)reader.GetInt64(2);
        }

        var summary = new ImportSummary(sourceFile, read, created, updated, distinct - created - updated, rejected);
        using (var command = connection.CreateCommand(ImportSql.UpdateImportCounts))
        {
            command.Bind("import_id", importId)
                .Bind("read_count", summary.Read)
                .Bind("new_count", summary.New)
                .Bind("updated_count", summary.Updated)
                .Bind("unchanged_count", summary.Unchanged)
                .Bind("rejected_count", summary.Rejected)
                .Bind("format", sink.Format)
                .Bind("notice", sink.Notice)
                .ExecuteNonQuery(cancellationToken);
        }

        return summary;
    }

    /// <summary>Inserts the import's row with zero counts and returns the new import id.</summary>
    private static long InsertImport(DuckDBConnection connection, string sourceFile, DateTime importedAt, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand(ImportSql.InsertImport)
            .Bind("source_file", sourceFile)
            .Bind("imported_at", importedAt);
        return (long)command.ExecuteScalar(cancellationToken)!;
    }

    private static void AppendStagedPapers(DuckDBConnection connection, ImportBatch batch)
    {
        // StageLatestObservations replaces a paper's observation when the paper has stored snapshots.
        var latest = LatestObservations(batch);

        // The column order must match import_papers in ImportSql.CreateStagingTables.
        using var appender = connection.CreateAppender("import_papers");
        foreach (var id in batch.PaperIds)
        {
            var fields = batch.Papers[id];
            var hasObservation = latest.TryGetValue(id, out var observation);
            appender.CreateRow()
                .AppendValue(id)
                .AppendValue(fields.Title)
                .AppendValue(fields.Abstract)
                .AppendValue((DateOnly?)fields.PublishedOn)
                .AppendValue(fields.FeaturedOn)
                .AppendValue(fields.Authors)
                .AppendValue(fields.SourceKeywords)
                .AppendValue(fields.Categories)
                .AppendValue((bool?)fields.DateUncertain)
                .AppendValue(fields.Source)
                .AppendValue((DateOnly?)fields.AsOf)
                .AppendValue(fields.ComputeContentHash())
                .AppendValue(hasObservation ? observation.Upvotes : (int?)null)
                .AppendValue(hasObservation ? observation.ObservedOn : (DateOnly?)null)
                .EndRow();
        }
    }

    /// <summary>
    /// Returns each paper's latest upvote observation in the batch: the latest day, and on a tie
    /// the higher count, as <see cref="ImportSql.StageLatestObservations"/> orders them.
    /// </summary>
    private static Dictionary<string, (DateOnly ObservedOn, int Upvotes)> LatestObservations(ImportBatch batch)
    {
        var latest = new Dictionary<string, (DateOnly ObservedOn, int Upvotes)>(StringComparer.Ordinal);
        foreach (var (key, upvotes) in batch.Snapshots)
        {
            if (!latest.TryGetValue(key.PaperId, out var seen) || (key.ObservedOn, upvotes).CompareTo(seen) > 0)
            {
                latest[key.PaperId] = (key.ObservedOn, upvotes);
            }
        }

        return latest;
    }

    private static void AppendStagedSnapshots(DuckDBConnection connection, IReadOnlyDictionary<SnapshotKey, int> snapshots)
    {
        using var appender = connection.CreateAppender("import_snapshots");
        foreach (var (key, upvotes) in snapshots)
        {
            appender.CreateRow()
                .AppendValue(key.PaperId)
                .AppendValue((DateOnly?)key.ObservedOn)
                .AppendValue((int?)upvotes)
                .AppendValue(key.Source)
                .EndRow();
        }
    }

    private static void AppendRejects(DuckDBConnection connection, long importId, int firstOrdinal, IReadOnlyList<ImportReject> rejects)
    {
        if (rejects.Count == 0)
        {
            return;
        }

        using var appender = connection.CreateAppender("rejects");
        for (var index = 0; index < rejects.Count; index++)
        {
            var reject = rejects[index];
            appender.CreateRow()
                .AppendValue((long?)importId)
                .AppendValue((int?)(firstOrdinal + index))
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

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Import of {SourceFile} started")]
    private static partial void LogImportStarted(ILogger logger, string sourceFile);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Import {ImportId} of {SourceFile} finished in {ElapsedMilliseconds} ms: {Read} records read, {NewPapers} new, {UpdatedPapers} updated, {UnchangedPapers} unchanged, {Rejected} rejected")]
    private static partial void LogImportFinished(ILogger logger, long importId, string sourceFile, long elapsedMilliseconds, int read, int newPapers, int updatedPapers, int unchangedPapers, int rejected);

    [LoggerMessage(EventId = 16, Level = LogLevel.Debug, Message = "Import {ImportId} of {SourceFile} in {Batches} batches: waited {WaitMilliseconds} ms for the reader, stored batches in {StoreMilliseconds} ms, merged in {MergeMilliseconds} ms, committed in {CommitMilliseconds} ms")]
    private static partial void LogImportTimings(ILogger logger, long importId, string sourceFile, int batches, long waitMilliseconds, long storeMilliseconds, long mergeMilliseconds, long commitMilliseconds);

    /// <summary>Where the writer of one import spent its time, for the debug log.</summary>
    private sealed class ImportTimings(Stopwatch stopwatch)
    {
        private long _mark = stopwatch.ElapsedMilliseconds;

        /// <summary>Time blocked on the reader, from the start until each batch arrived.</summary>
        public long WaitMilliseconds { get; private set; }

        /// <summary>Time spent appending (and, for a one-batch file, merging) the batches.</summary>
        public long StoreMilliseconds { get; private set; }

        /// <summary>Time spent merging the staged batches and counting the changes.</summary>
        public long MergeMilliseconds { get; private set; }

        public long CommitMilliseconds { get; private set; }

        public void BatchArrived() => WaitMilliseconds += Lap();

        public void BatchStored() => StoreMilliseconds += Lap();

        // Also counts the wait for the reader to finish the file after the last batch.
        public void Merged() => MergeMilliseconds += Lap();

        public void Committed() => CommitMilliseconds += Lap();

        private long Lap()
        {
            var now = stopwatch.ElapsedMilliseconds;
            var elapsed = now - _mark;
            _mark = now;
            return elapsed;
        }
    }

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Import {ImportId} of {SourceFile} was cancelled and rolled back")]
    private static partial void LogImportCancelled(ILogger logger, long importId, string sourceFile);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "Import {ImportId} of {SourceFile} failed and was rolled back")]
    private static partial void LogImportFailed(ILogger logger, Exception exception, long importId, string sourceFile);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "Setting DuckDB's memory limit back to {MemoryLimit} after an import failed")]
    private static partial void LogMemoryLimitNotRestored(ILogger logger, Exception exception, string memoryLimit);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Rollback of import {ImportId} of {SourceFile} failed; closing the connection discards the transaction")]
    private static partial void LogRollbackFailed(ILogger logger, Exception exception, long importId, string sourceFile);
}
