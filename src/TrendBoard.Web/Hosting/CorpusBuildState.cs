using TrendBoard.Core.Pipeline;

namespace TrendBoard.Web.Hosting;

/// <summary>Status of the first-start database build.</summary>
public enum CorpusBuildStatus
{
    /// <summary>The build service has not decided yet whether a build is needed.</summary>
    Pending,

    /// <summary>The database is being built from the bundled corpus.</summary>
    Building,

    /// <summary>The database exists; queries may open it.</summary>
    Ready,

    /// <summary>The build failed, and <see cref="CorpusBuildState.Error"/> contains the reason.</summary>
    Failed,
}

/// <summary>
/// The state of the first-start database build, shared by the build service, the store
/// provider (which waits for it) and the progress bar on the dashboard.
/// </summary>
public sealed class CorpusBuildState
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();

    /// <summary>Raised on every change, on the thread that made it.</summary>
    public event Action? Changed;

    public CorpusBuildStatus Status { get; private set; } = CorpusBuildStatus.Pending;

    /// <summary>The latest progress report of a running build, or null.</summary>
    public PipelineProgress? Progress { get; private set; }

    /// <summary>Why the build failed, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Waits until the database is ready, and throws when the build failed.</summary>
    /// <exception cref="InvalidOperationException">The first-start build failed.</exception>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        await _finished.Task.WaitAsync(cancellationToken);
        if (Status == CorpusBuildStatus.Failed)
        {
            throw new InvalidOperationException($"The TrendBoard database could not be built on first start: {Error}");
        }
    }

    internal void MarkBuilding()
    {
        Update(() => Status = CorpusBuildStatus.Building);
    }

    internal void Report(PipelineProgress progress)
    {
        Update(() => Progress = progress);
    }

    internal void MarkReady()
    {
        Update(() => Status = CorpusBuildStatus.Ready);
        _finished.TrySetResult();
    }

    internal void MarkFailed(string error)
    {
        Update(() =>
        {
            Status = CorpusBuildStatus.Failed;
            Error = error;
        });
        _finished.TrySetResult();
    }

    private void Update(Action change)
    {
        lock (_gate)
        {
            change();
        }

        Changed?.Invoke();
    }
}
