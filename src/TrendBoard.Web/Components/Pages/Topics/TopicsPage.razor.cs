using System.Globalization;
using Microsoft.AspNetCore.Components;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Topics;
using TrendBoard.Web.Components.Dashboard;
using TrendBoard.Web.Hosting;
using TrendBoard.Core;

namespace TrendBoard.Web.Components.Pages.Topics;

/// <summary>
/// The topics of the current model run with their names, sizes, terms and lineage, inline
/// renaming, the run's quality metrics, and a background refit with progress and cancel.
/// </summary>
public sealed partial class TopicsPage : IDisposable
{
    private readonly CancellationTokenSource _disposal = new();
    private ModelRunInfo? _run;
    private IReadOnlyList<StoredTopic> _topics = [];
    private IReadOnlyList<int> _endedTopics = [];
    private bool _loading = true;
    private string? _loadError;
    private int? _editingTopic;
    private string _editText = string.Empty;
    private string? _renameError;
    private string _countMode = "auto";
    private int _topicCount = new TopicModelOptions().TopicCount;
    private string? _refitError;

    [Inject]
    private TrendStoreProvider StoreProvider { get; set; } = default!;

    [Inject]
    private TopicRefitService Refit { get; set; } = default!;

    [Inject]
    private CorpusChangeNotifier Notifier { get; set; } = default!;

    [Inject]
    private ILogger<TopicsPage> Logger { get; set; } = default!;

    private bool RefitRunning => Refit.State.Status == TopicRefitStatus.Running;

    protected override async Task OnInitializedAsync()
    {
        Refit.Changed += OnRefitChanged;
        Notifier.Changed += OnCorpusChanged;

        // Prerendering has no circuit; the topics load once the page is interactive.
        if (RendererInfo.IsInteractive)
        {
            await LoadAsync();
        }
    }

    public void Dispose()
    {
        Refit.Changed -= OnRefitChanged;
        Notifier.Changed -= OnCorpusChanged;
        _disposal.Cancel();
        _disposal.Dispose();
    }

    private async Task LoadAsync()
    {
        var cancellationToken = _disposal.Token;
        try
        {
            var store = await StoreProvider.GetStoreAsync(cancellationToken);
            var runTask = store.GetCurrentModelRunAsync(cancellationToken);
            var topicsTask = store.GetCurrentTopicsAsync(cancellationToken);
            _run = await runTask;
            _topics = await topicsTask;
            _endedTopics = _run is null ? [] : (await store.GetTopicLineageAsync(_run.Id, cancellationToken)).EndedTopicIds;
            _loadError = null;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The page closed while loading, so nothing is left to show.
            return;
        }
        catch (Exception error)
        {
            LogLoadFailed(Logger, error);
            _loadError = "Loading the topics failed. Check that the database is readable and reload the page; the server log has the details.";
        }

        _loading = false;
    }

    private void StartEdit(StoredTopic topic)
    {
        _editingTopic = topic.TopicId;
        _editText = topic.DisplayName;
        _renameError = null;
    }

    private void CancelEdit()
    {
        _editingTopic = null;
        _renameError = null;
    }

    private async Task SaveNameAsync()
    {
        if (_editingTopic is not int topicId)
        {
            return;
        }

        await RenameAsync(topicId, string.IsNullOrWhiteSpace(_editText) ? null : _editText);
    }

    private Task ResetNameAsync(StoredTopic topic) => RenameAsync(topic.TopicId, null);

    private async Task RenameAsync(int topicId, string? name)
    {
        try
        {
            var store = await StoreProvider.GetStoreAsync(_disposal.Token);
            await store.RenameTopicAsync(topicId, name, _disposal.Token);
        }
        catch (ArgumentException error)
        {
            // The store's message names the problem (empty, too long, control character, unknown id) and the fix.
            _renameError = UserMessages.Describe(error);
            return;
        }

        _editingTopic = null;
        _renameError = null;
        await LoadAsync();
        Notifier.Publish(new CorpusChange("model", $"topic {topicId} renamed"));
    }

    private void StartRefit()
    {
        _refitError = null;
        int? count = null;
        if (_countMode == "fixed")
        {
            if (_topicCount is < TopicRefitService.MinTopicCount or > TopicRefitService.MaxTopicCount)
            {
                _refitError = $"The topic count {_topicCount} is out of range. Give a number from {TopicRefitService.MinTopicCount} to {TopicRefitService.MaxTopicCount}, or choose Automatic.";
                return;
            }

            count = _topicCount;
        }

        if (!Refit.TryStart(new TopicRefitRequest(count)))
        {
            _refitError = "A refit is already running. Wait for it to finish or cancel it.";
        }
    }

    private void CancelRefit() => Refit.Cancel();

    private void OnRefitChanged()
    {
        _ = InvokeAsync(StateHasChanged);
    }

    private void OnCorpusChanged(CorpusChange change)
    {
        _ = InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
    }

    private IEnumerable<(string Name, string Text, string Help)> Metrics()
    {
        var metrics = _run!.Metrics;
        yield return ("NPMI", Format(metrics, "npmi_window", "F3"), "Windowed NPMI coherence of each topic's first 10 words, from -1 to 1; higher is more coherent.");
        yield return ("Diversity", Format(metrics, "topic_diversity", "F2"), "Share of distinct words among each topic's first 25 words.");
        yield return ("Outliers", metrics.TryGetValue("outlier_share", out var share) ? share.ToString("P1", CultureInfo.InvariantCulture) : "n/a", "Share of papers in no topic.");
        if (metrics.ContainsKey("stability_ari"))
        {
            yield return ("Stability", Format(metrics, "stability_ari", "F2"), "Adjusted Rand index between fits with two seeds; 1 is identical.");
        }
    }

    private static string Format(IReadOnlyDictionary<string, double> metrics, string name, string format) =>
        metrics.TryGetValue(name, out var value) && double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string TopTerms(StoredTopic topic) => TopicTermList.Format(topic.Terms);

    private static string LineageText(StoredTopic topic) => topic.Lineage switch
    {
        null => "n/a",
        { Kind: TopicLineageKind.New } => "new",
        { Kind: TopicLineageKind.Continued } => "continued",
        { Kind: TopicLineageKind.Split } lineage => $"split from {lineage.PreviousTopicIds[0]}",
        { Kind: TopicLineageKind.Merged } lineage => $"merged {string.Join(", ", lineage.PreviousTopicIds.Skip(1))} into {lineage.PreviousTopicIds[0]}",
        _ => topic.Lineage.Kind.ToString(),
    };

    private static int Percent(double fraction) => (int)Math.Round(Math.Clamp(fraction, 0, 1) * 100);

    [LoggerMessage(EventId = 3310, Level = LogLevel.Error, Message = "Loading the topics page failed")]
    private static partial void LogLoadFailed(ILogger logger, Exception error);
}
