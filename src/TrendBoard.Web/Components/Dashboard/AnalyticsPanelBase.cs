using Microsoft.AspNetCore.Components;
using TrendBoard.Core.Analytics;
using TrendBoard.Web.ViewState;
using TrendBoard.Core;

namespace TrendBoard.Web.Components.Dashboard;

/// <summary>
/// Base of the dashboard panels that run one analytics query: reloads when the view, the data
/// version or <see cref="LoadKey"/> changes, cancels a superseded load, and turns failures into
/// a message instead of a broken circuit.
/// </summary>
/// <typeparam name="TResult">The query's result record.</typeparam>
public abstract partial class AnalyticsPanelBase<TResult> : ComponentBase, IDisposable
    where TResult : class
{
    private CancellationTokenSource? _loadCancellation;
    private object? _loadedKey;

    [Inject]
    private ITrendAnalytics AnalyticsService { get; set; } = default!;

    [Inject]
    private ILoggerFactory LoggerFactory { get; set; } = default!;

    /// <summary>The dashboard view whose filters the panel uses.</summary>
    [Parameter, EditorRequired]
    public DashboardView View { get; set; } = default!;

    /// <summary>A number the page raises after the stored papers or topics change, so the panel reloads.</summary>
    [Parameter]
    public int DataVersion { get; set; }

    /// <summary>Raised with a new view when a control of the panel changes a URL setting.</summary>
    [Parameter]
    public EventCallback<DashboardView> ViewChanged { get; set; }

    /// <summary>The loaded result, or null before the first load and after a failure.</summary>
    protected TResult? Result { get; private set; }

    /// <summary>Whether a load is running.</summary>
    protected bool Loading { get; private set; }

    /// <summary>Why the last load failed, or null.</summary>
    protected string? LoadError { get; private set; }

    /// <summary>The analytics queries.</summary>
    protected ITrendAnalytics Analytics => AnalyticsService;

    /// <summary>What the result depends on besides the view and data version; a change reloads the panel.</summary>
    protected virtual object? LoadKey => null;

    /// <summary>Runs the panel's query. Called off the circuit's thread.</summary>
    protected abstract Task<TResult> QueryAsync(CancellationToken cancellationToken);

    protected override async Task OnParametersSetAsync()
    {
        var key = (View, DataVersion, LoadKey);
        if (Equals(key, _loadedKey))
        {
            return;
        }

        _loadedKey = key;
        await ReloadAsync();
    }

    /// <summary>Loads the result again, superseding a load that is still running.</summary>
    protected async Task ReloadAsync()
    {
        _loadCancellation?.Cancel();
        using var cancellation = new CancellationTokenSource();
        _loadCancellation = cancellation;
        Loading = true;
        LoadError = null;

        try
        {
            // DuckDB.NET runs queries synchronously, so Task.Run keeps them off the circuit's thread.
            var result = await Task.Run(() => QueryAsync(cancellation.Token), cancellation.Token);
            cancellation.Token.ThrowIfCancellationRequested();
            Result = result;
        }
        catch (Exception) when (cancellation.IsCancellationRequested)
        {
            // A newer load or the end of the circuit replaced this one, so its result no longer matters.
            return;
        }
        catch (ArgumentException error)
        {
            // The queries reject settings that do not fit the range, for example a period outside it.
            Result = null;
            LoadError = UserMessages.Describe(error);
        }
        catch (Exception error)
        {
            LogLoadFailed(LoggerFactory.CreateLogger(GetType()), error, GetType().Name, View.From, View.To);
            Result = null;
            LoadError = "Loading this panel failed. Check that the database is readable and reload the page; the server log has the details.";
        }
        finally
        {
            if (ReferenceEquals(_loadCancellation, cancellation))
            {
                _loadCancellation = null;
                Loading = false;
            }
        }
    }

    /// <summary>Raises <see cref="ViewChanged"/> when <paramref name="view"/> differs from the current view.</summary>
    protected Task ChangeViewAsync(DashboardView view) => view == View ? Task.CompletedTask : ViewChanged.InvokeAsync(view);

    public void Dispose()
    {
        _loadCancellation?.Cancel();
        GC.SuppressFinalize(this);
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Error,
        Message = "Loading the dashboard panel {Panel} failed for {From:yyyy-MM-dd} to {To:yyyy-MM-dd}")]
    private static partial void LogLoadFailed(ILogger logger, Exception error, string panel, DateOnly from, DateOnly to);
}
