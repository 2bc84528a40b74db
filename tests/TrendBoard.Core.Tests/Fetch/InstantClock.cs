using System.Collections.Concurrent;

namespace TrendBoard.Core.Tests.Fetch;

/// <summary>
/// A clock fixed at one instant whose timers fire at once, recording each requested wait, so
/// tests see the fetcher's pauses and backoff without waiting for them.
/// </summary>
internal sealed class InstantClock(DateTimeOffset now) : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    /// <summary>Every due time passed to <see cref="CreateTimer"/>, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits => [.. _waits];

    public override DateTimeOffset GetUtcNow() => now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _waits.Enqueue(dueTime);
        return new FiredTimer(callback, state);
    }

    private sealed class FiredTimer : ITimer
    {
        public FiredTimer(TimerCallback callback, object? state)
        {
            // Fired on the pool, never inside CreateTimer, so Task.Delay has stored the timer first.
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
