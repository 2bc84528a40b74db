using Microsoft.Extensions.Options;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Topics;

namespace TrendBoard.Web.Hosting;

/// <summary>
/// Builds the database from the bundled corpus when the configured file does not exist yet,
/// reporting progress to <see cref="CorpusBuildState"/>; stopping the app cancels the build
/// and leaves no partial file.
/// </summary>
internal sealed partial class CorpusBuildService(
    IOptions<TrendBoardOptions> options,
    IHostEnvironment environment,
    CorpusBuildState state,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger<CorpusBuildService> _logger = loggerFactory.CreateLogger<CorpusBuildService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var databasePath = settings.ResolveDatabasePath(environment.ContentRootPath);
        if (File.Exists(databasePath) || !settings.BuildOnFirstStart)
        {
            state.MarkReady();
            return;
        }

        var corpusPath = settings.ResolveCorpusPath(environment.ContentRootPath);
        state.MarkBuilding();
        try
        {
            // The build runs on a pool thread so that host start-up is not held up by it.
            await Task.Run(
                () => new CorpusBuilder(loggerFactory).EnsureDatabaseAsync(
                    databasePath,
                    corpusPath,
                    new TopicModelOptions(),
                    new StateProgress(state),
                    stoppingToken),
                stoppingToken);
            state.MarkReady();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogBuildCancelled(_logger, databasePath);
            state.MarkFailed("the app stopped before the build finished; it restarts on the next start.");
        }
        catch (Exception error) when (error is IOException or InvalidOperationException or UnauthorizedAccessException or ArgumentException)
        {
            LogBuildFailed(_logger, error, databasePath, corpusPath);
            state.MarkFailed(error.Message);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "First-start build of {DatabasePath} was cancelled because the app is stopping")]
    private static partial void LogBuildCancelled(ILogger logger, string databasePath);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "First-start build of {DatabasePath} from {CorpusPath} failed")]
    private static partial void LogBuildFailed(ILogger logger, Exception error, string databasePath, string corpusPath);

    /// <summary>Forwards reports straight to the state, unlike <see cref="Progress{T}"/>, which posts them to a synchronisation context.</summary>
    private sealed class StateProgress(CorpusBuildState state) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => state.Report(value);
    }
}
