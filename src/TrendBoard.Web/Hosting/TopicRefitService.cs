using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Topics;

namespace TrendBoard.Web.Hosting;

/// <summary>What a refit job is asked to do.</summary>
/// <param name="TopicCount">Number of topics, from 2 to 500; null lets the run choose it (<see cref="TopicModelOptions.AutoTopicCount"/>).</param>
public sealed record TopicRefitRequest(int? TopicCount);

/// <summary>The status of the refit job.</summary>
public enum TopicRefitStatus
{
    /// <summary>No job has run since the app started.</summary>
    Idle,

    /// <summary>A job is fitting or storing a run.</summary>
    Running,

    /// <summary>The last job stored a new current run.</summary>
    Succeeded,

    /// <summary>The last job failed; the current run is unchanged.</summary>
    Failed,

    /// <summary>The last job was cancelled; the current run is unchanged.</summary>
    Cancelled,
}

/// <summary>A snapshot of the refit job for pages to show.</summary>
/// <param name="Status">The status of the job.</param>
/// <param name="Progress">The latest progress report while running, else null.</param>
/// <param name="Summary">The stored run after success, else null.</param>
/// <param name="Error">Why the last job failed, else null.</param>
public sealed record TopicRefitState(TopicRefitStatus Status, PipelineProgress? Progress, ModelRunSummary? Summary, string? Error);

/// <summary>
/// Runs one topic model refit at a time in the background, so it outlives the page that started
/// it, reports progress, and can be cancelled. Registered as a singleton.
/// </summary>
/// <remarks>
/// A successful job publishes <c>CorpusChange("model", ...)</c>, so open dashboards reload.
/// Disposing the service (app shutdown) cancels a running job; the store rolls the save back.
/// </remarks>
public sealed partial class TopicRefitService(
    TrendStoreProvider storeProvider,
    CorpusChangeNotifier notifier,
    ILoggerFactory loggerFactory) : IDisposable
{
    /// <summary>Smallest topic count a request may give.</summary>
    public const int MinTopicCount = 2;

    /// <summary>Largest topic count a request may give.</summary>
    public const int MaxTopicCount = 500;

    private readonly ILogger<TopicRefitService> _logger = loggerFactory.CreateLogger<TopicRefitService>();
    private readonly Lock _lock = new();
    private TopicRefitState _state = new(TopicRefitStatus.Idle, null, null, null);
    private CancellationTokenSource? _cancellation;
    private Task _completion = Task.CompletedTask;
    private bool _disposed;

    /// <summary>Raised on the job's thread after every change of <see cref="State"/>; components marshal with <c>InvokeAsync</c>.</summary>
    public event Action? Changed;

    /// <summary>The job's current state.</summary>
    public TopicRefitState State => Volatile.Read(ref _state);

    /// <summary>A task that completes when the running job (or the last one) has ended; it never faults.</summary>
    public Task Completion
    {
        get
        {
            lock (_lock)
            {
                return _completion;
            }
        }
    }

    /// <summary>Starts a refit unless one is running.</summary>
    /// <returns>False when a job is already running; the request is then ignored.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The topic count is outside <see cref="MinTopicCount"/> to <see cref="MaxTopicCount"/>.</exception>
    public bool TryStart(TopicRefitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.TopicCount is int count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, MinTopicCount, nameof(request));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxTopicCount, nameof(request));
        }

        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_state.Status == TopicRefitStatus.Running)
            {
                return false;
            }

            _cancellation?.Dispose();
            _cancellation = new CancellationTokenSource();
            SetState(new TopicRefitState(TopicRefitStatus.Running, new PipelineProgress("model", 0, null), null, null), raise: false);
            var token = _cancellation.Token;
            _completion = Task.Run(() => RunAsync(request, token), CancellationToken.None);
        }

        Changed?.Invoke();
        return true;
    }

    /// <summary>Asks the running job to stop; does nothing when no job runs.</summary>
    /// <returns>True when a running job was asked to stop.</returns>
    public bool Cancel()
    {
        lock (_lock)
        {
            if (_state.Status != TopicRefitStatus.Running || _cancellation is null)
            {
                return false;
            }

            LogCancelRequested(_logger);
            _cancellation.Cancel();
            return true;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _cancellation?.Cancel();
        }
    }

    private async Task RunAsync(TopicRefitRequest request, CancellationToken cancellationToken)
    {
        var options = request.TopicCount is int count
            ? new TopicModelOptions { TopicCount = count }
            : new TopicModelOptions { AutoTopicCount = true };
        LogStarted(_logger, request.TopicCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "automatic");

        try
        {
            var store = await storeProvider.GetStoreAsync(cancellationToken);
            var builder = new CorpusBuilder(loggerFactory);
            var summary = await builder.ModelAsync(store, options, new StateProgress(this), cancellationToken);

            SetState(new TopicRefitState(TopicRefitStatus.Succeeded, null, summary, null), raise: true);
            LogSucceeded(_logger, summary.RunId, summary.Topics, summary.Papers, summary.Seconds, summary.Lineage?.Summarize() ?? "none");
            notifier.Publish(new CorpusChange("model", $"run {summary.RunId}"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCancelled(_logger);
            SetState(new TopicRefitState(TopicRefitStatus.Cancelled, null, null, null), raise: true);
        }
        catch (Exception error)
        {
            // Any failure ends the job and is shown on the page; the store has rolled its transaction back.
            LogFailed(_logger, error);
            SetState(new TopicRefitState(TopicRefitStatus.Failed, null, null, error.Message), raise: true);
        }
    }

    private void Report(PipelineProgress progress)
    {
        var current = State;
        if (current.Status != TopicRefitStatus.Running)
        {
            return;
        }

        SetState(current with { Progress = progress }, raise: true);
    }

    private void SetState(TopicRefitState state, bool raise)
    {
        Volatile.Write(ref _state, state);
        if (raise)
        {
            Changed?.Invoke();
        }
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Topic refit started with topic count {TopicCount}")]
    private static partial void LogStarted(ILogger logger, string topicCount);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Topic refit stored run {RunId}: {TopicCount} topics over {PaperCount} papers in {ElapsedSeconds:F1} s; lineage {Lineage}")]
    private static partial void LogSucceeded(ILogger logger, long runId, int topicCount, int paperCount, double elapsedSeconds, string lineage);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Information, Message = "Topic refit cancellation requested")]
    private static partial void LogCancelRequested(ILogger logger);

    [LoggerMessage(EventId = 3304, Level = LogLevel.Warning, Message = "Topic refit was cancelled, so the current run is unchanged")]
    private static partial void LogCancelled(ILogger logger);

    [LoggerMessage(EventId = 3305, Level = LogLevel.Error, Message = "Topic refit failed, so the current run is unchanged")]
    private static partial void LogFailed(ILogger logger, Exception error);

    /// <summary>Forwards reports straight to the service state, on the fitting thread.</summary>
    private sealed class StateProgress(TopicRefitService service) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => service.Report(value);
    }
}
