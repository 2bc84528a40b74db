using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Web.Hosting;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Hosting;

/// <summary>The background refit job on real Daily Papers files of June 2025.</summary>
public sealed class TopicRefitServiceTests : IAsyncLifetime
{
    private readonly List<CorpusChange> _changes = [];
    private JuneTopicDatabase _database = default!;
    private CorpusChangeNotifier _notifier = default!;
    private TopicRefitService _service = default!;

    public async Task InitializeAsync()
    {
        _database = await JuneTopicDatabase.CreateAsync(modelOptions: null);
        _notifier = new CorpusChangeNotifier(NullLogger<CorpusChangeNotifier>.Instance);
        _notifier.Changed += change =>
        {
            lock (_changes)
            {
                _changes.Add(change);
            }
        };
        _service = new TopicRefitService(_database.Provider, _notifier, NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        _service.Dispose();
        await _service.Completion;
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task RefitStoresRunAndPublishesChange()
    {
        var started = _service.TryStart(new TopicRefitRequest(6));
        await _service.Completion;

        Assert.True(started);
        var state = _service.State;
        Assert.Equal(TopicRefitStatus.Succeeded, state.Status);
        Assert.NotNull(state.Summary);
        Assert.Equal(6, state.Summary.Topics);
        var store = await _database.GetStoreAsync();
        var run = await store.GetCurrentModelRunAsync(CancellationToken.None);
        Assert.Equal(state.Summary.RunId, run?.Id);
        Assert.Equal(6, (await store.GetCurrentTopicsAsync(CancellationToken.None)).Count);
        Assert.NotNull(await store.GetCurrentTopicModelAsync(CancellationToken.None));
        var change = Assert.Single(_changes);
        Assert.Equal("model", change.Kind);
        Assert.Equal($"run {run!.Id}", change.Detail);
    }

    [Fact]
    public async Task CancelStopsRefitAndKeepsRuns()
    {
        // Cancels from the first progress report of the fit itself, so the job is surely mid-way.
        var cancelled = false;
        _service.Changed += () =>
        {
            if (!cancelled && _service.State.Progress is { Stage: "model", Fraction: > 0 })
            {
                cancelled = _service.Cancel();
            }
        };

        var started = _service.TryStart(new TopicRefitRequest(null));
        var second = _service.TryStart(new TopicRefitRequest(5));
        await _service.Completion;

        Assert.True(started);
        Assert.False(second);
        Assert.True(cancelled);
        Assert.Equal(TopicRefitStatus.Cancelled, _service.State.Status);
        var store = await _database.GetStoreAsync();
        Assert.Equal(0, (await store.GetCountsAsync(CancellationToken.None)).ModelRuns);
        Assert.Empty(_changes);
        Assert.False(_service.Cancel());
    }

    [Fact]
    public void OutOfRangeTopicCountIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _service.TryStart(new TopicRefitRequest(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _service.TryStart(new TopicRefitRequest(TopicRefitService.MaxTopicCount + 1)));
        Assert.Equal(TopicRefitStatus.Idle, _service.State.Status);
    }
}
