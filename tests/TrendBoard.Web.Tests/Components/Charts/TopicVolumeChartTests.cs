using Bunit;
using TrendBoard.Core.Analytics;
using TrendBoard.Web.Components.Charts;

namespace TrendBoard.Web.Tests.Components.Charts;

public sealed class TopicVolumeChartTests : BunitContext
{
    private const string PlotlyInteropModule = "./_content/Plotly.Blazor/plotly-interop-7.2.0.js";

    private static readonly TopicVolumePoint[] FirstRange = [new(new DateOnly(2024, 6, 3), 1, "diffusion", 3, 1.0, 3, false)];
    private static readonly TopicVolumePoint[] SecondRange =
    [
        new(new DateOnly(2024, 7, 1), 1, "diffusion", 2, 0.5, 4, false),
        new(new DateOnly(2024, 7, 1), 2, "agents", 2, 0.5, 4, false),
    ];

    public TopicVolumeChartTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        JSInterop.SetupModule(PlotlyInteropModule).Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void FirstRenderDrawsWithoutReact()
    {
        var chart = Render<TopicVolumeChart>(parameters => parameters
            .Add(component => component.Points, FirstRange)
            .Add(component => component.Bin, TimeBin.Week));

        Assert.Equal(0, chart.Instance.RedrawCount);
        Assert.Empty(ModuleCalls("react"));
    }

    [Fact]
    public void NewPointsCallReact()
    {
        var chart = Render<TopicVolumeChart>(parameters => parameters
            .Add(component => component.Points, FirstRange)
            .Add(component => component.Bin, TimeBin.Week));

        chart.Render(parameters => parameters.Add(component => component.Points, SecondRange));

        chart.WaitForAssertion(() => Assert.Equal(1, chart.Instance.RedrawCount), TimeSpan.FromSeconds(30));
        Assert.Single(ModuleCalls("react"));
    }

    [Fact]
    public void SamePointsDoNotRedraw()
    {
        var chart = Render<TopicVolumeChart>(parameters => parameters
            .Add(component => component.Points, FirstRange)
            .Add(component => component.Bin, TimeBin.Week));

        chart.Render(parameters => parameters.Add(component => component.Points, FirstRange));

        Assert.Equal(0, chart.Instance.RedrawCount);
    }

    [Fact]
    public void ChartElementHasStableId()
    {
        var chart = Render<TopicVolumeChart>(parameters => parameters
            .Add(component => component.Points, FirstRange)
            .Add(component => component.Bin, TimeBin.Week));

        Assert.NotNull(chart.Find("#volume-chart"));
    }

    private IEnumerable<JSRuntimeInvocation> ModuleCalls(string identifier) =>
        JSInterop.Invocations.Where(invocation => invocation.Identifier == identifier);
}
