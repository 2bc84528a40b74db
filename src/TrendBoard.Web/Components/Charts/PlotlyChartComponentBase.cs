using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Microsoft.JSInterop;
using Plotly.Blazor.Interop;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace TrendBoard.Web.Components.Charts;

/// <summary>
/// Base of the dashboard's chart components: keeps one trace list for the lifetime of the
/// component and redraws the plotly.js chart after its data changes.
/// </summary>
/// <remarks>
/// <see cref="PlotlyChart"/> draws its data once, when it first renders, and never re-reads it
/// by itself, so every later change must be followed by <see cref="PlotlyChart.React"/>.
/// </remarks>
public abstract partial class PlotlyChartComponentBase : ComponentBase
{
    private bool _reactPending;

    /// <summary>The plotly.js chart, set by <c>@ref</c> once it has rendered.</summary>
    protected PlotlyChart? Chart { get; set; }

    /// <summary>The traces shown; the same list instance for the component's lifetime.</summary>
    protected IList<ITrace> Data { get; } = new List<ITrace>();

    /// <summary>The current layout.</summary>
    protected PlotlyLayout Layout { get; private set; } = new();

    /// <summary>The shared chart settings.</summary>
    protected Config Config { get; } = ChartFigures.BuildConfig();

    [Inject]
    private ILoggerFactory LoggerFactory { get; set; } = default!;

    /// <summary>Number of redraws after a data change, so tests can see that one happened.</summary>
    internal int RedrawCount { get; private set; }

    /// <summary>Raised when the user clicks a data point; the chart subscribes to plotly.js clicks only when this is set.</summary>
    [Parameter]
    public EventCallback<ChartPoint> PointClicked { get; set; }

    /// <summary>Maps a plotly.js click to the chart point behind it, or returns null for a click that hit no known point.</summary>
    protected abstract ChartPoint? ToChartPoint(EventDataPoint point);

    /// <summary>
    /// Handles <see cref="PlotlyChart.AfterRender"/>, which runs once the chart's first newPlot
    /// call has been sent, and subscribes to clicks when <see cref="PointClicked"/> is set.
    /// </summary>
    /// <remarks>
    /// The subscription must come after newPlot: Plotly.Blazor 7.2's script attaches the handler
    /// with the element's <c>on</c> method, which only exists once plotly.js has drawn into it.
    /// </remarks>
    protected void OnChartRendered()
    {
        if (PointClicked.HasDelegate && Chart is not null)
        {
            _ = SubscribeClicksAsync(Chart);
        }
    }

    private async Task SubscribeClicksAsync(PlotlyChart chart)
    {
        try
        {
            await chart.SubscribeClickEvent();
        }
        catch (Exception error) when (error is JSException or JSDisconnectedException or TaskCanceledException)
        {
            // The chart still draws; only the drill-down on click is lost.
            LogSubscribeFailed(LoggerFactory.CreateLogger(GetType()), error, GetType().Name);
        }
    }

    /// <summary>Handles <see cref="PlotlyChart.ClickAction"/>: raises <see cref="PointClicked"/> for the first known point.</summary>
    protected void OnPlotlyClick(IEnumerable<EventDataPoint> points)
    {
        var chartPoint = points.Select(ToChartPoint).FirstOrDefault(point => point is not null);
        if (chartPoint is not null)
        {
            _ = InvokeAsync(() => PointClicked.InvokeAsync(chartPoint));
        }
    }

    /// <summary>Replaces the traces and layout; the chart is redrawn after the next render.</summary>
    protected void ReplaceFigure(IEnumerable<ITrace> traces, PlotlyLayout layout)
    {
        Data.Clear();
        foreach (var trace in traces)
        {
            Data.Add(trace);
        }

        Layout = layout;
        _reactPending = true;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // PlotlyChart draws the current data with newPlot on its own first render.
            _reactPending = false;
            return;
        }

        if (_reactPending && Chart is not null)
        {
            _reactPending = false;
            RedrawCount++;
            await Chart.React();
        }
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Subscribing {Chart} to plotly.js clicks failed, so its points open no paper list")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception error, string chart);
}
