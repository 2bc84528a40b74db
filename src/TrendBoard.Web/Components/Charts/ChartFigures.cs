using System.Globalization;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using TrendBoard.Core.Analytics;
using TrendBoard.Web.ViewState;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace TrendBoard.Web.Components.Charts;

/// <summary>
/// Builds the plotly.js traces and layouts of the three dashboard charts from analytics records.
/// Every piece of untrusted text goes through <see cref="PlotlyText.Encode"/>.
/// </summary>
public static class ChartFigures
{
    /// <summary>Hover text appended to a point whose bin the date range cuts short.</summary>
    public const string PartialBinNote = "<br><i>partial bin: the date range cuts it short</i>";

    /// <summary>Height of one bar of the keyword chart, in pixels.</summary>
    private const int KeywordBarHeight = 22;

    /// <summary>Returns the legend name of a topic, for example <c>3: diffusion, image</c>.</summary>
    public static string TopicName(int topicId, string label) =>
        PlotlyText.Encode(string.Create(CultureInfo.InvariantCulture, $"{topicId}: {label}"));

    /// <summary>Returns one stacked-area trace per topic, outliers last, with papers and share on hover.</summary>
    public static List<ITrace> BuildVolumeTraces(IReadOnlyList<TopicVolumePoint> points, TimeBin bin)
    {
        ArgumentNullException.ThrowIfNull(points);

        var hover = "%{fullData.name}<br>" + BinHover(bin)
            + ": %{y} papers, %{customdata[0]:.1%} of %{customdata[1]}%{customdata[2]}<extra></extra>";

        return GroupByTopic(points, point => point.TopicId, point => point.BinStart)
            .Select(topic => (ITrace)new Scatter
            {
                Name = TopicName(topic.Key, topic.First().TopicLabel),
                X = topic.Select(point => (object)QueryParameters.FormatDate(point.BinStart)).ToList(),
                Y = topic.Select(point => (object)point.Papers).ToList(),
                CustomData = topic.Select(point => (object)new object[] { point.Share, point.BinTotal, Note(point.Partial) }).ToList(),
                StackGroup = "volume",
                StackGaps = StackGapsEnum.InferZero,
                Mode = ModeFlag.Lines,
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = TopicColors.For(topic.Key), Width = 1 },
                FillColor = TopicColors.For(topic.Key),
                HoverTemplate = hover,
            })
            .ToList();
    }

    /// <summary>Returns one line per topic, outliers last; partial bins get an open marker.</summary>
    public static List<ITrace> BuildUpvoteTraces(IReadOnlyList<TopicUpvotePoint> points, TimeBin bin)
    {
        ArgumentNullException.ThrowIfNull(points);

        var hover = "%{fullData.name}<br>" + BinHover(bin)
            + ": %{y} upvotes on %{customdata[0]} papers<br>median %{customdata[1]}, max %{customdata[2]}%{customdata[3]}<extra></extra>";

        return GroupByTopic(points, point => point.TopicId, point => point.BinStart)
            .Select(topic => (ITrace)new Scatter
            {
                Name = TopicName(topic.Key, topic.First().TopicLabel),
                X = topic.Select(point => (object)QueryParameters.FormatDate(point.BinStart)).ToList(),
                Y = topic.Select(point => (object)point.UpvoteSum).ToList(),
                CustomData = topic.Select(point => (object)new object[] { point.Papers, point.UpvoteMedian, point.UpvoteMax, Note(point.Partial) }).ToList(),
                Mode = ModeFlag.Lines | ModeFlag.Markers,
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = TopicColors.For(topic.Key), Width = 2 },
                Marker = new Plotly.Blazor.Traces.ScatterLib.Marker
                {
                    Color = TopicColors.For(topic.Key),
                    Size = 6,
                    SymbolArray = topic
                        .Select(point => (Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum?)(point.Partial
                            ? Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.CircleOpen
                            : Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.Circle))
                        .ToList(),
                },
                HoverTemplate = hover,
            })
            .ToList();
    }

    /// <summary>Returns one horizontal bar trace with a bar per keyword pair, in query order (most papers first).</summary>
    public static List<ITrace> BuildKeywordTraces(IReadOnlyList<KeywordPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);

        if (pairs.Count == 0)
        {
            return [];
        }

        return
        [
            new Bar
            {
                Name = "Keyword pairs",
                Orientation = Plotly.Blazor.Traces.BarLib.OrientationEnum.H,
                X = pairs.Select(pair => (object)pair.Papers).ToList(),
                Y = pairs.Select(pair => (object)KeywordPairLabel(pair)).ToList(),
                CustomData = pairs.Select(pair => (object)new object[] { pair.Dice, pair.Npmi }).ToList(),
                Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = TopicColors.For(0) },
                HoverTemplate = "%{y}<br>%{x} papers share both keywords<br>Dice %{customdata[0]:.3f}, NPMI %{customdata[1]:.3f}<extra></extra>",
            },
        ];
    }

    /// <summary>Returns the axis label of a keyword pair, for example <c>diffusion + video</c>.</summary>
    public static string KeywordPairLabel(KeywordPair pair) => PlotlyText.Encode($"{pair.KeywordA} + {pair.KeywordB}");

    /// <summary>Returns the layout of a chart with a date axis and a legend on the right.</summary>
    public static PlotlyLayout BuildTimeLayout(string yTitle) => new()
    {
        Height = 420,
        Margin = new Margin { L = 60, R = 20, T = 20, B = 50 },
        HoverMode = HoverModeEnum.Closest,
        XAxis = [new XAxis { Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle }, RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero }],
        Legend = [new Legend { Font = new Plotly.Blazor.LayoutLib.LegendLib.Font { Size = 11 } }],
    };

    /// <summary>
    /// Returns the layout of the keyword chart, tall enough for every bar and with the first pair
    /// on top. Without pairs the axes are hidden, so the panel shows only its empty-state text.
    /// </summary>
    public static PlotlyLayout BuildKeywordLayout(int pairCount) => new()
    {
        Height = Math.Max(240, 80 + (pairCount * KeywordBarHeight)),
        Margin = new Margin { L = 20, R = 20, T = 20, B = 50 },
        ShowLegend = false,
        XAxis =
        [
            new XAxis
            {
                Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "papers with both keywords" },
                Visible = pairCount > 0,
            },
        ],
        YAxis =
        [
            new YAxis
            {
                AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed,
                AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True,
                Type = Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Category,
                Visible = pairCount > 0,
            },
        ],
    };

    /// <summary>Returns the shared chart settings: resizes with the page, no plotly logo, no cloud links.</summary>
    public static Config BuildConfig() => new()
    {
        Responsive = true,
        DisplayLogo = false,
        ShowSendToCloud = false,
        ShowEditInChartStudio = false,
        ModeBarButtonsToRemove = new[] { "select2d", "lasso2d" },
    };

    private static string BinHover(TimeBin bin) => bin switch
    {
        TimeBin.Day => "%{x|%Y-%m-%d}",
        TimeBin.Week => "week of %{x|%Y-%m-%d}",
        TimeBin.Month => "%{x|%B %Y}",
        _ => throw new ArgumentOutOfRangeException(nameof(bin), bin, "Unknown time bin."),
    };

    private static string Note(bool partial) => partial ? PartialBinNote : string.Empty;

    /// <summary>
    /// Returns, for each trace that <see cref="BuildVolumeTraces"/> or <see cref="BuildUpvoteTraces"/>
    /// builds from the same points, its topic and the bins of its points in trace order, so a
    /// clicked trace and point index can be mapped back to a topic and bin.
    /// </summary>
    public static IReadOnlyList<(int TopicId, IReadOnlyList<DateOnly> Bins)> TraceKeys<T>(IReadOnlyList<T> points, Func<T, int> topicId, Func<T, DateOnly> binStart)
    {
        ArgumentNullException.ThrowIfNull(points);

        return GroupByTopic(points, topicId, binStart)
            .Select(topic => (topic.Key, (IReadOnlyList<DateOnly>)topic.Select(binStart).ToList()))
            .ToList();
    }

    /// <summary>Returns the drill-down heading of a time chart point, for example <c>topic 3, week of 2024-06-03</c>.</summary>
    public static string DescribeBin(int topicId, DateOnly binStart, TimeBin bin)
    {
        var topic = topicId < 0 ? "outliers" : string.Create(CultureInfo.InvariantCulture, $"topic {topicId}");
        var day = QueryParameters.FormatDate(binStart);
        return bin switch
        {
            TimeBin.Day => $"{topic}, {day}",
            TimeBin.Week => $"{topic}, week of {day}",
            _ => $"{topic}, month of {day}",
        };
    }

    /// <summary>Groups points by topic, real topics by id and the outliers (-1) last, each topic's points by bin.</summary>
    private static IEnumerable<IGrouping<int, T>> GroupByTopic<T>(IEnumerable<T> points, Func<T, int> topicId, Func<T, DateOnly> binStart) =>
        points.OrderBy(binStart).GroupBy(topicId).OrderBy(topic => topic.Key < 0).ThenBy(topic => topic.Key);
}
