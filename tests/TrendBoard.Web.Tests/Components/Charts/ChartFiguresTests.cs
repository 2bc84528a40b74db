using Plotly.Blazor.Traces;
using TrendBoard.Core.Analytics;
using TrendBoard.Web.Components.Charts;

namespace TrendBoard.Web.Tests.Components.Charts;

public sealed class ChartFiguresTests
{
    private static readonly DateOnly Week1 = new(2024, 6, 3);
    private static readonly DateOnly Week2 = new(2024, 6, 10);

    [Fact]
    public void VolumeHasOneTracePerTopicOutliersLast()
    {
        TopicVolumePoint[] points =
        [
            new(Week1, -1, "Outliers", 2, 0.2, 10, false),
            new(Week1, 4, "agents", 5, 0.5, 10, false),
            new(Week1, 1, "diffusion", 3, 0.3, 10, false),
            new(Week2, 1, "diffusion", 6, 1.0, 6, true),
        ];

        var traces = ChartFigures.BuildVolumeTraces(points, TimeBin.Week).Cast<Scatter>().ToList();

        Assert.Equal(["1: diffusion", "4: agents", "-1: Outliers"], traces.Select(trace => trace.Name));
        Assert.Equal(["2024-06-03", "2024-06-10"], traces[0].X);
        Assert.Equal([3, 6], traces[0].Y);
        Assert.All(traces, trace => Assert.Equal("volume", trace.StackGroup));
    }

    [Fact]
    public void VolumePointsAreSortedByBin()
    {
        TopicVolumePoint[] points =
        [
            new(Week2, 1, "diffusion", 6, 1.0, 6, false),
            new(Week1, 1, "diffusion", 3, 0.3, 10, false),
        ];

        var trace = (Scatter)Assert.Single(ChartFigures.BuildVolumeTraces(points, TimeBin.Week));

        Assert.Equal(["2024-06-03", "2024-06-10"], trace.X);
    }

    [Fact]
    public void VolumeHoverCarriesShareTotalAndPartialNote()
    {
        TopicVolumePoint[] points =
        [
            new(Week1, 1, "diffusion", 3, 0.3, 10, false),
            new(Week2, 1, "diffusion", 6, 1.0, 6, true),
        ];

        var trace = (Scatter)Assert.Single(ChartFigures.BuildVolumeTraces(points, TimeBin.Week));
        var first = (object[])trace.CustomData[0];
        var second = (object[])trace.CustomData[1];

        Assert.Equal(0.3, first[0]);
        Assert.Equal(10, first[1]);
        Assert.Equal(string.Empty, first[2]);
        Assert.Equal(ChartFigures.PartialBinNote, second[2]);
        Assert.Contains("week of", trace.HoverTemplate, StringComparison.Ordinal);
        Assert.Contains("%{customdata[0]:.1%}", trace.HoverTemplate, StringComparison.Ordinal);
    }

    [Fact]
    public void HostileLabelIsEncodedForPlotly()
    {
        TopicVolumePoint[] points = [new(Week1, 2, "<a href=\"javascript:alert(1)\">x</a> & <b>y</b>", 1, 1.0, 1, false)];

        var trace = (Scatter)Assert.Single(ChartFigures.BuildVolumeTraces(points, TimeBin.Week));

        Assert.Equal("2: &lt;a href=\"javascript:alert(1)\"&gt;x&lt;/a&gt; &amp; &lt;b&gt;y&lt;/b&gt;", trace.Name);
        Assert.DoesNotContain("<", trace.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void KeywordBarsKeepQueryOrderAndEncodeText()
    {
        KeywordPair[] pairs =
        [
            new("diffusion", "video", 9, 0.5, 0.4),
            new("<img src=x>", "agents", 4, 0.2, 0.1),
        ];

        var bar = (Bar)Assert.Single(ChartFigures.BuildKeywordTraces(pairs));

        Assert.Equal(["diffusion + video", "&lt;img src=x&gt; + agents"], bar.Y);
        Assert.Equal([9, 4], bar.X);
    }

    [Fact]
    public void NoKeywordPairsGiveNoTrace()
    {
        Assert.Empty(ChartFigures.BuildKeywordTraces([]));
    }

    [Fact]
    public void EmptyKeywordLayoutHidesAxes()
    {
        var layout = ChartFigures.BuildKeywordLayout(0);

        Assert.False(layout.XAxis[0].Visible);
        Assert.False(layout.YAxis[0].Visible);
        Assert.True(ChartFigures.BuildKeywordLayout(1).XAxis[0].Visible);
    }

    [Fact]
    public void KeywordLayoutGrowsWithPairs()
    {
        var few = ChartFigures.BuildKeywordLayout(3).Height;
        var many = ChartFigures.BuildKeywordLayout(40).Height;

        Assert.True(many > few, $"40 pairs got {many} px and 3 pairs {few} px.");
    }

    [Fact]
    public void UpvotePartialBinsGetOpenMarkers()
    {
        TopicUpvotePoint[] points =
        [
            new(Week1, 0, "llm", 3, 40, 12.0, 20, false),
            new(Week2, 0, "llm", 1, 5, 5.0, 5, true),
        ];

        var trace = (Scatter)Assert.Single(ChartFigures.BuildUpvoteTraces(points, TimeBin.Week));

        Assert.Equal([40L, 5L], trace.Y);
        Assert.Equal(
            [Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.Circle, Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.CircleOpen],
            trace.Marker.SymbolArray);
    }

    [Fact]
    public void TopicKeepsColorAcrossCharts()
    {
        TopicVolumePoint[] volume = [new(Week1, 5, "rl", 1, 1.0, 1, false)];
        TopicUpvotePoint[] upvotes = [new(Week1, 5, "rl", 1, 3, 3.0, 3, false)];

        var volumeTrace = (Scatter)Assert.Single(ChartFigures.BuildVolumeTraces(volume, TimeBin.Week));
        var upvoteTrace = (Scatter)Assert.Single(ChartFigures.BuildUpvoteTraces(upvotes, TimeBin.Week));

        Assert.Equal(volumeTrace.Line.Color, upvoteTrace.Line.Color);
        Assert.NotEqual(TopicColors.For(5), TopicColors.For(6));
        Assert.Equal(TopicColors.Outliers, TopicColors.For(-1));
    }
}
