using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.JSInterop;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;
using TrendBoard.Core.Topics;
using TrendBoard.Web.Components.Charts;
using TrendBoard.Web.Hosting;
using TrendBoard.Web.ViewState;

namespace TrendBoard.Web.Components.Pages.Dashboard;

/// <summary>
/// The dashboard: corpus status, filters, the three charts with their drill-down, and the
/// analytics panels. The view lives in the URL's query string, so a reload or a shared link
/// shows the same charts. It reloads by itself after an import or refit elsewhere and after
/// the first-start build.
/// </summary>
public sealed partial class DashboardPage : IDisposable
{
    private CancellationTokenSource? _loadCancellation;
    private CorpusSummary? _summary;
    private IReadOnlyList<TopicInfo> _topics = [];
    private DateOnly _corpusFrom;
    private DateOnly _corpusTo;
    private DashboardView? _view;
    private DashboardView? _loadedView;
    private int _loadedDataVersion = -1;
    private (DashboardView View, int DataVersion, IReadOnlyList<string> Messages)? _keywordHints;
    private IReadOnlyList<string> _problems = [];
    private string? _loadError;
    private bool _loading;
    private IReadOnlyList<TopicVolumePoint> _volume = [];
    private IReadOnlyList<KeywordPair> _keywords = [];
    private IReadOnlyList<TopicUpvotePoint> _upvotes = [];
    private ChartPoint? _drillPoint;
    private ElementReference _drillDownElement;
    private bool _focusDrillDown;
    private int _dataVersion;
    private bool _waitingForBuild;
    private bool _summaryStale;

    [Inject]
    private ITrendAnalytics Analytics { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private ILogger<DashboardPage> Logger { get; set; } = default!;

    [Inject]
    private CorpusChangeNotifier ChangeNotifier { get; set; } = default!;

    [Inject]
    private CorpusBuildState BuildState { get; set; } = default!;

    /// <summary>First day of the range, YYYY-MM-DD; default the corpus's first day.</summary>
    [SupplyParameterFromQuery(Name = QueryParameters.From)]
    public string? From { get; set; }

    /// <summary>Last day of the range, YYYY-MM-DD; default the corpus's last day.</summary>
    [SupplyParameterFromQuery(Name = QueryParameters.To)]
    public string? To { get; set; }

    /// <summary>Bin width: day, week or month; default week.</summary>
    [SupplyParameterFromQuery(Name = QueryParameters.Bin)]
    public string? Bin { get; set; }

    /// <summary>Date basis: published or featured; default published.</summary>
    [SupplyParameterFromQuery(Name = QueryParameters.Basis)]
    public string? Basis { get; set; }

    /// <summary>The chosen topic, which limits the keyword views and selects the topic summary; default none (all papers).</summary>
    [SupplyParameterFromQuery(Name = QueryParameters.Topic)]
    public string? Topic { get; set; }

    // The parameters below are read again from the whole URL in LoadAsync; binding them makes a
    // change to any of them reach OnParametersSetAsync.

    /// <summary>Keywords of the keyword filter, one per parameter.</summary>
    [SupplyParameterFromQuery(Name = QueryParameters.Keyword)]
    public string[]? Keyword { get; set; }

    /// <summary>Keyword match: all or any.</summary>
    [SupplyParameterFromQuery(Name = QueryParameters.Match)]
    public string? Match { get; set; }

    /// <summary>Recent window of the topic shift panel, in weeks.</summary>
    [SupplyParameterFromQuery(Name = QueryParameters.RecentWeeks)]
    public string? RecentWeeks { get; set; }

    /// <summary>Baseline window of the topic shift panel, in weeks.</summary>
    [SupplyParameterFromQuery(Name = QueryParameters.BaselineWeeks)]
    public string? BaselineWeeks { get; set; }

    /// <summary>Minimum papers a keyword pair must share.</summary>
    [SupplyParameterFromQuery(Name = QueryParameters.MinPapers)]
    public string? MinPapers { get; set; }

    /// <summary>First day of keyword change period A.</summary>
    [SupplyParameterFromQuery(Name = QueryParameters.PeriodAFrom)]
    public string? PeriodAFrom { get; set; }

    /// <summary>Last day of keyword change period A.</summary>
    [SupplyParameterFromQuery(Name = QueryParameters.PeriodATo)]
    public string? PeriodATo { get; set; }

    /// <summary>First day of keyword change period B.</summary>
    [SupplyParameterFromQuery(Name = QueryParameters.PeriodBFrom)]
    public string? PeriodBFrom { get; set; }

    /// <summary>Last day of keyword change period B.</summary>
    [SupplyParameterFromQuery(Name = QueryParameters.PeriodBTo)]
    public string? PeriodBTo { get; set; }

    private string BinNoun => _view is null ? "bin" : QueryParameters.FormatBin(_view.Bin);

    private string Subtitle => $"What machine-learning research is working on, {BinNoun} by {BinNoun}";

    private string KeywordDescription
    {
        get
        {
            var scope = _view?.Topic is int topicId
                ? $"papers of topic {topicId}"
                : "all papers";
            var minPapers = _view?.MinPapers ?? ChartExports.DefaultMinPapers;
            return $"The {ChartExports.DefaultKeywordLimit} keyword pairs seen together most often in {scope}, at least {minPapers} papers each. Click a bar for its papers.";
        }
    }

    /// <summary>Whether papers are stored but no topic model has been run on them, so every topic chart is empty.</summary>
    private bool NoModelRun => _summary is { Papers: > 0, CurrentRunId: null };

    private string TopicsDescription => _summary?.CurrentRunId is long runId
        ? $"Model run {runId}: label, papers and top terms of each topic."
        : "Label, papers and top terms of each topic.";

    protected override void OnInitialized()
    {
        ChangeNotifier.Changed += OnCorpusChanged;
        BuildState.Changed += OnBuildChanged;
    }

    protected override Task OnParametersSetAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        // Prerendering has no circuit and cannot draw charts, so the data loads once the page is interactive.
        if (!RendererInfo.IsInteractive)
        {
            return;
        }

        // Queries wait for the first-start build, so the page shows its progress instead of waiting with them.
        _waitingForBuild = BuildState.Status is CorpusBuildStatus.Pending or CorpusBuildStatus.Building;
        if (_waitingForBuild)
        {
            return;
        }

        // A newer view supersedes a load still running. Its token source is only cancelled here,
        // because the superseded load may still register on it; each load disposes its own.
        _loadCancellation?.Cancel();
        using var cancellation = new CancellationTokenSource();
        _loadCancellation = cancellation;

        try
        {
            await LoadAsync(cancellation.Token);
        }
        catch (Exception) when (cancellation.IsCancellationRequested)
        {
            // A newer view or the end of the circuit replaced this load, so its result and errors no longer matter.
        }
        catch (Exception error)
        {
            LogLoadFailed(Logger, error, From, To);
            _loading = false;
            _loadError = "Loading the charts failed. Check that the database is readable and reload the page; the server log has the details.";
        }
        finally
        {
            if (ReferenceEquals(_loadCancellation, cancellation))
            {
                _loadCancellation = null;
            }
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (_summary is null || _summaryStale)
        {
            _summaryStale = false;
            // Task.Run starts the queries together and off the circuit's thread, even if an implementation does its work before returning the task.
            var summaryTask = Task.Run(() => Analytics.GetSummaryAsync(cancellationToken), cancellationToken);
            var topicsTask = Task.Run(() => Analytics.GetTopicsAsync(cancellationToken), cancellationToken);
            await Task.WhenAll(summaryTask, topicsTask);

            _summary = summaryTask.Result;
            _topics = topicsTask.Result;
            (_corpusFrom, _corpusTo) = DashboardView.CorpusRange(_summary, Today());
        }

        var problems = new List<string>();
        var query = QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query);
        var view = DashboardView.Parse(query, _summary, Today(), problems);
        if (view.Topic is int topicId && topicId >= 0 && _topics.All(topic => topic.TopicId != topicId))
        {
            problems.Add($"Topic {topicId} is not in the current model run, so the keyword chart shows all papers.");
            view = view with { Topic = null };
        }

        // Opening or closing a paper list keeps the view, so the keyword check of that view is reused.
        if (_keywordHints is not { } hints || hints.View != view || hints.DataVersion != _dataVersion)
        {
            var checks = view.Keywords.Count == 0
                ? []
                : await Task.Run(() => Analytics.CheckKeywordsAsync(view.Keywords, KeywordCheck.DefaultSuggestions, cancellationToken), cancellationToken);
            hints = (view, _dataVersion, checks.Select(check => check.DescribeMissing()).OfType<string>().ToList());
            _keywordHints = hints;
        }

        problems.AddRange(hints.Messages);

        // The same point keeps its instance, so the open list keeps its sort order and page.
        var point = ChartPointLink.Parse(query, view, problems);
        if (!ChartPointLink.SamePoint(point, _drillPoint))
        {
            // A new point, from a click, a link or a reload, gets focus, so the list above the charts scrolls into view.
            _focusDrillDown = point is not null;
            _drillPoint = point;
        }

        _problems = problems;
        _loadError = null;

        // Opening or closing a paper list changes only the URL's point, so the charts keep their data.
        if (view == _loadedView && _dataVersion == _loadedDataVersion)
        {
            // A load for other filters may have been cancelled on its way, leaving this view's data in place.
            _view = view;
            _loading = false;
            return;
        }

        _view = view;
        _loading = true;

        var volumeTask = Task.Run(() => Analytics.GetTopicVolumeAsync(view.ToFilter(), cancellationToken), cancellationToken);
        var keywordTask = Task.Run(
            () => Analytics.GetKeywordPairsAsync(view.ToKeywordFilter(), view.MinPapers, ChartExports.DefaultKeywordLimit, cancellationToken),
            cancellationToken);
        var upvoteTask = Task.Run(() => Analytics.GetTopicUpvotesAsync(view.ToFilter(), cancellationToken), cancellationToken);
        await Task.WhenAll(volumeTask, keywordTask, upvoteTask);
        cancellationToken.ThrowIfCancellationRequested();

        _volume = volumeTask.Result;
        _keywords = keywordTask.Result;
        _upvotes = upvoteTask.Result;
        _loading = false;
        _loadedView = view;
        _loadedDataVersion = _dataVersion;
        LogViewLoaded(Logger, view.From, view.To, view.Bin, _volume.Count, _keywords.Count, _upvotes.Count);
    }

    private void OnViewChanged(DashboardView view)
    {
        // The open paper list belongs to the old filters and would no longer match the charts, so it closes.
        var parameters = new Dictionary<string, object?>(view.ToQueryParameters());
        foreach (var (name, value) in ChartPointLink.ToQueryParameters(null))
        {
            parameters[name] = value;
        }

        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(parameters));
    }

    private void OnTopicSelected(int? topicId)
    {
        if (_view is not null)
        {
            OnViewChanged(_view with { Topic = topicId });
        }
    }

    private void OnPointClicked(ChartPoint point) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(ChartPointLink.ToQueryParameters(point)));

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The paper list opens above the charts, out of sight of a click on a lower chart, so
        // focusing it scrolls it into view.
        // This call can follow an earlier render than the one that drew the list (for example
        // the spinner before a reloaded page's point), so an element not drawn yet waits for the next call.
        if (_focusDrillDown && _drillPoint is not null && _drillDownElement.Context is not null)
        {
            try
            {
                await _drillDownElement.FocusAsync(preventScroll: false);
                _focusDrillDown = false;
            }
            catch (JSException)
            {
                // The reference belongs to a list that has since closed, so the render of the new list tries again.
            }
        }
    }

    private void CloseDrillDown() =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(ChartPointLink.ToQueryParameters(null)));

    private void OnCorpusChanged(CorpusChange change)
    {
        // Runs on the publisher's thread; the reload must run on the circuit's renderer.
        _ = InvokeAsync(async () =>
        {
            LogCorpusChanged(Logger, change.Kind, change.Detail);
            _summaryStale = true;
            _dataVersion++;
            await ReloadAsync();
            StateHasChanged();
        });
    }

    private void OnBuildChanged()
    {
        if (!_waitingForBuild || BuildState.Status is CorpusBuildStatus.Pending or CorpusBuildStatus.Building)
        {
            return;
        }

        _ = InvokeAsync(async () =>
        {
            if (!_waitingForBuild)
            {
                return;
            }

            await ReloadAsync();
            StateHasChanged();
        });
    }

    private DateOnly Today() => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    public void Dispose()
    {
        ChangeNotifier.Changed -= OnCorpusChanged;
        BuildState.Changed -= OnBuildChanged;

        // The running load disposes its token source when it ends.
        _loadCancellation?.Cancel();
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug,
        Message = "Loaded the dashboard for {From:yyyy-MM-dd} to {To:yyyy-MM-dd} in {Bin} bins: {VolumeRowCount} volume rows, {KeywordPairCount} keyword pairs, {UpvoteRowCount} upvote rows")]
    private static partial void LogViewLoaded(ILogger logger, DateOnly from, DateOnly to, TimeBin bin, int volumeRowCount, int keywordPairCount, int upvoteRowCount);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Reloading the dashboard after a corpus change: {Kind} ({Detail})")]
    private static partial void LogCorpusChanged(ILogger logger, string kind, string? detail);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error,
        Message = "Loading the dashboard failed for query from={From} to={To}")]
    private static partial void LogLoadFailed(ILogger logger, Exception error, string? from, string? to);
}
