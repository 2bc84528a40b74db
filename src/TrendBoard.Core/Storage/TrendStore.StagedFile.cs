using DuckDB.NET.Data;

namespace TrendBoard.Core.Storage;

public sealed partial class TrendStore
{
    /// <summary>
    /// The import of a file of several batches: each batch is appended to staging tables as it
    /// arrives, and <see cref="Merge"/> merges them all at the end of the file with the set-based
    /// statements of <see cref="StagedFileSql"/>.
    /// </summary>
    /// <remarks>
    /// The staging tables have no index, so appending costs the same for every batch, and DuckDB
    /// writes them to its temporary folder when they outgrow the import's memory limit. Appending
    /// each batch's new papers to <c>papers</c> directly was slower: the lookup of stored ids
    /// between appends to the indexed table slowed the appends and tripled the commit.
    /// </remarks>
    private sealed class StagedFile(long importId, DateTime importedAt)
    {
        private bool _started;
        private long _stagedPapers;
        private long _stagedSnapshots;

        /// <summary>Appends the papers and upvote observations of one batch, numbered <paramref name="batchNumber"/> in file order.</summary>
        public void Append(DuckDBConnection connection, int batchNumber, ImportBatch batch, CancellationToken cancellationToken)
        {
            if (!_started)
            {
                foreach (var statement in StagedFileSql.CreateStagingTables)
                {
                    Execute(connection, statement, cancellationToken);
                }

                _started = true;
            }

            AppendPapers(connection, batchNumber, batch);
            AppendSnapshots(connection, batchNumber, batch.Snapshots);
            _stagedPapers += batch.PaperIds.Count;
            _stagedSnapshots += batch.Snapshots.Count;
        }

        /// <summary>
        /// Merges the staged rows into <c>upvote_snapshots</c> and <c>papers</c>, and adds the file's
        /// paper ids to <c>import_ids</c>; does nothing when no paper was staged.
        /// </summary>
        public void Merge(DuckDBConnection connection, CancellationToken cancellationToken)
        {
            if (_stagedPapers == 0)
            {
                return;
            }

            foreach (var statement in StagedFileSql.CollectIds)
            {
                Execute(connection, statement, cancellationToken);
            }

            if (_stagedSnapshots > 0)
            {
                Execute(connection, StagedFileSql.CollapseSnapshots, cancellationToken);
                var firstObservations = CountScalar(connection, ImportSql.CountStoredSnapshotsOfStagedPapers, cancellationToken) == 0;
                Execute(connection, firstObservations ? ImportSql.InsertNewSnapshots : ImportSql.UpsertSnapshots, cancellationToken, ("import_id", importId));
            }

            long stored, created;
            using (var command = connection.CreateCommand(StagedFileSql.CountStoredAndNew))
            using (var reader = command.ExecuteReader(cancellationToken))
            {
                reader.Read();
                stored = reader.GetInt64(0);
                created = reader.GetInt64(1);
            }

            var parameters = new (string, object?)[] { ("import_id", importId), ("imported_at", importedAt) };
            if (stored > 0)
            {
                // The lists first: their merge reads the stored fields_as_of that the second statement changes.
                Execute(connection, StagedFileSql.UpdateStoredLists, cancellationToken, parameters);
                Execute(connection, StagedFileSql.UpdateStoredScalars, cancellationToken, parameters);
            }

            if (created > 0)
            {
                Execute(connection, StagedFileSql.InsertNewPapers, cancellationToken, parameters);
            }
        }

        private static void AppendPapers(DuckDBConnection connection, int batchNumber, ImportBatch batch)
        {
            if (batch.PaperIds.Count == 0)
            {
                return;
            }

            // The column order must match import_staged_papers in StagedFileSql.CreateStagingTables.
            using var appender = connection.CreateAppender("import_staged_papers");
            foreach (var id in batch.PaperIds)
            {
                var fields = batch.Papers[id];
                appender.CreateRow()
                    .AppendValue((int?)batchNumber)
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
                    .EndRow();
            }
        }

        private static void AppendSnapshots(DuckDBConnection connection, int batchNumber, IReadOnlyDictionary<SnapshotKey, int> snapshots)
        {
            if (snapshots.Count == 0)
            {
                return;
            }

            using var appender = connection.CreateAppender("import_staged_snapshots");
            foreach (var (key, upvotes) in snapshots)
            {
                appender.CreateRow()
                    .AppendValue((int?)batchNumber)
                    .AppendValue(key.PaperId)
                    .AppendValue((DateOnly?)key.ObservedOn)
                    .AppendValue((int?)upvotes)
                    .AppendValue(key.Source)
                    .EndRow();
            }
        }
    }
}
