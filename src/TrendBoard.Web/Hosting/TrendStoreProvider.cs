using Microsoft.Extensions.Options;
using TrendBoard.Core.Storage;

namespace TrendBoard.Web.Hosting;

/// <summary>
/// Opens the app's one <see cref="TrendStore"/> on first use and keeps it open until shutdown.
/// </summary>
/// <remarks>
/// A failed open is not cached: the next request tries again, so a file that another process
/// held at start-up becomes usable once it is released.
/// </remarks>
public sealed partial class TrendStoreProvider(
    IOptions<TrendBoardOptions> options,
    IHostEnvironment environment,
    CorpusBuildState buildState,
    ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly SemaphoreSlim _openLock = new(1, 1);
    private readonly ILogger<TrendStoreProvider> _logger = loggerFactory.CreateLogger<TrendStoreProvider>();
    private TrendStore? _store;

    /// <summary>The full path of the database file, resolved from <c>TrendBoard:DatabasePath</c>.</summary>
    public string DatabasePath { get; } = options.Value.ResolveDatabasePath(environment.ContentRootPath);

    /// <summary>
    /// Returns the open store, opening it (and creating the file) on the first call, after any
    /// first-start build has finished.
    /// </summary>
    public async Task<TrendStore> GetStoreAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _store) is TrendStore open)
        {
            return open;
        }

        await buildState.WaitUntilReadyAsync(cancellationToken);

        await _openLock.WaitAsync(cancellationToken);
        try
        {
            if (_store is null)
            {
                LogOpening(_logger, DatabasePath);
                _store = await TrendStore.OpenAsync(DatabasePath, loggerFactory.CreateLogger<TrendStore>(), cancellationToken);
            }

            return _store;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogOpenFailed(_logger, error, DatabasePath);
            throw;
        }
        finally
        {
            _openLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _openLock.Dispose();
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Opening the TrendBoard database {DatabasePath}")]
    private static partial void LogOpening(ILogger logger, string databasePath);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Opening the TrendBoard database {DatabasePath} failed; the next request tries again")]
    private static partial void LogOpenFailed(ILogger logger, Exception error, string databasePath);
}
