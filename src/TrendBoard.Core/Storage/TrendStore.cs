using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Storage;

/// <summary>
/// The DuckDB database file that stores papers, upvote snapshots, import reports and topic model runs.
/// </summary>
/// <remarks>
/// <para>
/// The store keeps one connection open for its lifetime, so the database stays loaded, and opens
/// a short-lived connection per operation on the same in-process database. Reads run in
/// parallel; imports and model runs are serialised by the store, one transaction each.
/// </para>
/// <para>
/// DuckDB.NET executes statements synchronously, so every <c>*Async</c> method runs its database
/// work on the thread pool through <see cref="Task.Run(Action, CancellationToken)"/>, and a
/// cancellation token interrupts the running statement.
/// </para>
/// <para>
/// DuckDB lets one process at a time open a file for writing. Inside one process, DuckDB.NET
/// shares the database between all connections to the same path and keeps the settings of the
/// first one, so a read-only store opened while a writable store of the same file is open can
/// still write. Open one writable store per file and process: two of them would not serialise
/// their writes, and DuckDB rejects the second of two transactions that change the same rows.
/// </para>
/// </remarks>
public sealed partial class TrendStore : IAsyncDisposable, IDisposable
{
    private readonly string _connectionString;
    private readonly DuckDBConnection _keepAliveConnection;
    private readonly ILogger<TrendStore> _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _disposed;

    private TrendStore(string databasePath, string connectionString, DuckDBConnection keepAliveConnection, int schemaVersion, bool isReadOnly, ILogger<TrendStore> logger)
    {
        DatabasePath = databasePath;
        _connectionString = connectionString;
        _keepAliveConnection = keepAliveConnection;
        SchemaVersion = schemaVersion;
        IsReadOnly = isReadOnly;
        _logger = logger;
    }

    /// <summary>The schema version this build creates and reads.</summary>
    public static int LatestSchemaVersion => SchemaMigrations.LatestVersion;

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>The schema version of the open file; always <see cref="LatestSchemaVersion"/>.</summary>
    public int SchemaVersion { get; }

    /// <summary>Whether the store was opened with <see cref="OpenReadOnlyAsync"/>.</summary>
    public bool IsReadOnly { get; }

    /// <summary>Called inside the import transaction after every write and before the commit; lets tests fail or cancel an import at its last step.</summary>
    internal Action<long>? BeforeImportCommit { get; set; }

    /// <summary>
    /// Opens the database file for reading and writing, creating the file and its folder when
    /// missing and applying pending schema migrations.
    /// </summary>
    /// <param name="databasePath">Path of the database file, for example <c>data/trendboard.duckdb</c>.</param>
    /// <param name="logger">Logger for opens, migrations, imports and model runs; null logs nothing.</param>
    /// <param name="cancellationToken">Cancels the open before the migrations start.</param>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="IOException">DuckDB could not open the file, for example because another process has it open.</exception>
    /// <exception cref="InvalidOperationException">The file has a newer schema than this build supports.</exception>
    public static Task<TrendStore> OpenAsync(string databasePath, ILogger<TrendStore>? logger, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);

        return Task.Run(() => Open(databasePath, isReadOnly: false, logger ?? NullLogger<TrendStore>.Instance, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Opens an existing database file for reading only; several processes may do so at once
    /// while no process has it open for writing.
    /// </summary>
    /// <param name="databasePath">Path of an existing database file.</param>
    /// <param name="logger">Logger for the open; null logs nothing.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">DuckDB could not open the file.</exception>
    /// <exception cref="InvalidOperationException">The file's schema version differs from <see cref="LatestSchemaVersion"/>.</exception>
    public static Task<TrendStore> OpenReadOnlyAsync(string databasePath, ILogger<TrendStore>? logger, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);

        return Task.Run(() => Open(databasePath, isReadOnly: true, logger ?? NullLogger<TrendStore>.Instance, cancellationToken), cancellationToken);
    }

    /// <summary>Counts the stored papers.</summary>
    public Task<int> CountPapersAsync(CancellationToken cancellationToken)
    {
        return RunAsync((connection, token) =>
        {
            using var command = connection.CreateCommand("SELECT count(*) FROM papers");
            return (int)(long)command.ExecuteScalar(token)!;
        }, cancellationToken);
    }

    /// <summary>Counts the rows of the papers, snapshot, import, reject and model run tables.</summary>
    public Task<StoreCounts> GetCountsAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT (SELECT count(*) FROM papers),
                   (SELECT count(*) FROM upvote_snapshots),
                   (SELECT count(*) FROM imports),
                   (SELECT count(*) FROM rejects),
                   (SELECT count(*) FROM model_runs)
            """;

        return RunAsync((connection, token) =>
        {
            using var command = connection.CreateCommand(sql);
            using var reader = command.ExecuteReader(token);
            reader.Read();
            return new StoreCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        }, cancellationToken);
    }

    /// <summary>Returns the title and abstract of every stored paper, ordered by paper id (ordinal).</summary>
    public Task<IReadOnlyList<PaperText>> GetPaperTextsAsync(CancellationToken cancellationToken)
    {
        return RunAsync<IReadOnlyList<PaperText>>((connection, token) =>
        {
            using var command = connection.CreateCommand("SELECT id, title, abstract FROM papers ORDER BY id");
            using var reader = command.ExecuteReader(token);

            var texts = new List<PaperText>();
            while (reader.Read())
            {
                texts.Add(new PaperText(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }

            return texts;
        }, cancellationToken);
    }

    /// <summary>
    /// Returns the primary arXiv category of every stored paper that has one, by paper id. Papers
    /// from sources without categories, such as Daily Papers, are left out.
    /// </summary>
    public Task<IReadOnlyDictionary<string, string>> GetPrimaryCategoriesAsync(CancellationToken cancellationToken)
    {
        return RunAsync<IReadOnlyDictionary<string, string>>((connection, token) =>
        {
            using var command = connection.CreateCommand("SELECT id, primary_category FROM papers WHERE primary_category IS NOT NULL");
            using var reader = command.ExecuteReader(token);

            var categories = new Dictionary<string, string>(StringComparer.Ordinal);
            while (reader.Read())
            {
                categories[reader.GetString(0)] = reader.GetString(1);
            }

            return categories;
        }, cancellationToken);
    }

    /// <summary>Returns the stored paper with the given id, or null when there is none.</summary>
    public Task<StoredPaper?> GetPaperAsync(string paperId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paperId);

        const string sql = """
            SELECT id, title, abstract, published_on, featured_on, authors, source_keywords,
                   upvotes, upvotes_observed_on, source, categories, date_uncertain
            FROM papers
            WHERE id = $id
            """;

        return RunAsync((connection, token) =>
        {
            using var command = connection.CreateCommand(sql).Bind("id", paperId);
            using var reader = command.ExecuteReader(token);
            if (!reader.Read())
            {
                return null;
            }

            return new StoredPaper(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<DateOnly>(3),
                reader.GetNullable<DateOnly>(4),
                reader.GetFieldValue<List<string>>(5),
                reader.GetFieldValue<List<string>>(6),
                reader.GetNullable<int>(7),
                reader.GetNullable<DateOnly>(8),
                reader.GetString(9))
            {
                Categories = reader.GetFieldValue<List<string>>(10),
                DateUncertain = reader.GetBoolean(11),
            };
        }, cancellationToken);
    }

    /// <summary>Returns every stored upvote observation of a paper, oldest first.</summary>
    public Task<IReadOnlyList<UpvoteSnapshot>> GetUpvoteSnapshotsAsync(string paperId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paperId);

        const string sql = """
            SELECT paper_id, observed_on, upvotes, source
            FROM upvote_snapshots
            WHERE paper_id = $id
            ORDER BY observed_on, source
            """;

        return RunAsync<IReadOnlyList<UpvoteSnapshot>>((connection, token) =>
        {
            using var command = connection.CreateCommand(sql).Bind("id", paperId);
            using var reader = command.ExecuteReader(token);

            var snapshots = new List<UpvoteSnapshot>();
            while (reader.Read())
            {
                snapshots.Add(new UpvoteSnapshot(reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetInt32(2), reader.GetString(3)));
            }

            return snapshots;
        }, cancellationToken);
    }

    /// <summary>
    /// Returns the stored rejects, ordered by source file, import and their order in the import. A file's rejects are
    /// those of its latest import, because each import replaces the rejects of its file.
    /// </summary>
    public Task<IReadOnlyList<StoredReject>> GetRejectsAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT import_id, source_file, position, reason
            FROM rejects
            ORDER BY source_file, import_id, ordinal
            """;

        return RunAsync<IReadOnlyList<StoredReject>>((connection, token) =>
        {
            using var command = connection.CreateCommand(sql);
            using var reader = command.ExecuteReader(token);

            var rejects = new List<StoredReject>();
            while (reader.Read())
            {
                rejects.Add(new StoredReject(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }

            return rejects;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Closing the last connection closes the DuckDB database, which checkpoints the write-ahead log into the file.
        // The write lock is left undisposed: a write still running may release it after this.
        _keepAliveConnection.Dispose();
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool with a new connection to the store's database.</summary>
    internal Task<T> RunAsync<T>(Func<DuckDBConnection, CancellationToken, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        return Task.Run(() =>
        {
            using var connection = new DuckDBConnection(_connectionString);
            connection.Open();
            return work(connection, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> like <see cref="RunAsync"/>, one writer at a time.</summary>
    private async Task<T> RunWriteAsync<T>(Func<DuckDBConnection, CancellationToken, T> work, CancellationToken cancellationToken)
    {
        if (IsReadOnly)
        {
            throw new InvalidOperationException($"The database {DatabasePath} was opened read-only; open it with {nameof(OpenAsync)} to write.");
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunAsync(work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static TrendStore Open(string databasePath, bool isReadOnly, ILogger<TrendStore> logger, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(databasePath);
        if (isReadOnly && !File.Exists(fullPath))
        {
            throw new FileNotFoundException($"The database file {fullPath} does not exist; import papers first or check the path.", fullPath);
        }

        if (!isReadOnly)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        }

        var builder = new DuckDBConnectionStringBuilder
        {
            DataSource = fullPath,
            AccessMode = isReadOnly ? DuckDBAccessMode.ReadOnly : DuckDBAccessMode.ReadWrite,
        };
        var connectionString = builder.ConnectionString;

        var connection = new DuckDBConnection(connectionString);
        try
        {
            connection.Open();
        }
        catch (DuckDBException exception)
        {
            connection.Dispose();
            throw new IOException($"DuckDB could not open the database file {fullPath}: {exception.Message.TrimEnd('.', ' ')}. {OpenFailureAdvice(exception.Message)}", exception);
        }

        try
        {
            var schemaVersion = isReadOnly
                ? ReadSchemaVersion(connection, fullPath, cancellationToken)
                : Migrate(connection, fullPath, logger, cancellationToken);

            LogOpened(logger, fullPath, schemaVersion, isReadOnly);
            return new TrendStore(fullPath, connectionString, connection, schemaVersion, isReadOnly, logger);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Returns what to do about a failed open, by the cause DuckDB names.</summary>
    private static string OpenFailureAdvice(string duckDbMessage)
    {
        if (duckDbMessage.Contains("Permission denied", StringComparison.OrdinalIgnoreCase))
        {
            return "Check that you may read and write the file and its folder, or use another database file.";
        }

        return "Close other programs that use the file, or check that it is a DuckDB database.";
    }

    private static int ReadSchemaVersion(DuckDBConnection connection, string fullPath, CancellationToken cancellationToken)
    {
        using var tableCommand = connection.CreateCommand("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_version' AND schema_name = 'main'");
        var version = (long)tableCommand.ExecuteScalar(cancellationToken)! == 0
            ? 0
            : CurrentVersion(connection, cancellationToken);

        if (version != LatestSchemaVersion)
        {
            throw new InvalidOperationException(
                $"The database {fullPath} has schema version {version}, but this build reads version {LatestSchemaVersion}; open it for writing once with a build that supports version {Math.Max(version, LatestSchemaVersion)} to migrate it.");
        }

        return version;
    }

    private static int Migrate(DuckDBConnection connection, string fullPath, ILogger logger, CancellationToken cancellationToken)
    {
        connection.ExecuteNonQuery(SchemaMigrations.CreateVersionTable, cancellationToken);

        var version = CurrentVersion(connection, cancellationToken);
        if (version > LatestSchemaVersion)
        {
            throw new InvalidOperationException(
                $"The database {fullPath} has schema version {version}, newer than version {LatestSchemaVersion} that this build supports; use a newer TrendBoard build or another database file.");
        }

        var applied = false;
        foreach (var migration in SchemaMigrations.All.Where(m => m.Version > version))
        {
            cancellationToken.ThrowIfCancellationRequested();

            var statements = migration.Statements;
            if (migration.CommitEachStatement)
            {
                foreach (var statement in statements.SkipLast(1))
                {
                    connection.ExecuteNonQuery(statement, cancellationToken);
                }

                statements = statements.TakeLast(1).ToList();
            }

            using var transaction = connection.BeginTransaction();
            foreach (var statement in statements)
            {
                connection.ExecuteNonQuery(statement, cancellationToken);
            }

            using (var insert = connection.CreateCommand("INSERT INTO schema_version VALUES ($version, $description, $applied_at)"))
            {
                insert.Bind("version", migration.Version)
                    .Bind("description", migration.Description)
                    .Bind("applied_at", DateTime.UtcNow)
                    .ExecuteNonQuery(cancellationToken);
            }

            transaction.Commit();
            version = migration.Version;
            LogMigrationApplied(logger, fullPath, migration.Version, migration.Description);
            applied = true;
        }

        if (applied)
        {
            // Writes the new schema into the database file, so a process killed before the next
            // checkpoint leaves no schema change to replay. DuckDB 1.5 failed to replay such a
            // log ("Calling DatabaseManager::GetDefaultDatabase with no default database set")
            // after an early version of migration 3, and the file could not be opened again.
            connection.ExecuteNonQuery("CHECKPOINT", cancellationToken);
        }

        return version;
    }

    private static int CurrentVersion(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand("SELECT coalesce(max(version), 0) FROM schema_version");
        return Convert.ToInt32(command.ExecuteScalar(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Opened database {DatabasePath} at schema version {SchemaVersion} (read-only: {ReadOnly})")]
    private static partial void LogOpened(ILogger logger, string databasePath, int schemaVersion, bool readOnly);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Applied schema migration {SchemaVersion} ({Description}) to {DatabasePath}")]
    private static partial void LogMigrationApplied(ILogger logger, string databasePath, int schemaVersion, string description);
}
