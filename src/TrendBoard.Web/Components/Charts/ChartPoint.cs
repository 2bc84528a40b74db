using System.Globalization;
using System.Text.Json;
using Plotly.Blazor.Interop;

namespace TrendBoard.Web.Components.Charts;

/// <summary>
/// A clicked chart point: the topic and bin of a time chart, or the keywords of a keyword pair bar.
/// </summary>
/// <param name="Chart">The export name of the chart that was clicked, for example <c>volume</c>.</param>
/// <param name="TopicId">The topic of the point, or null for a keyword pair.</param>
/// <param name="BinStart">The first day of the point's bin, or null for a keyword pair.</param>
/// <param name="Keywords">The keywords every paper of the point carries; empty for a time chart.</param>
/// <param name="Description">What the point is, for the drill-down heading, for example <c>topic 3, week of 2024-06-03</c>.</param>
public sealed record ChartPoint(string Chart, int? TopicId, DateOnly? BinStart, IReadOnlyList<string> Keywords, string Description);

/// <summary>Reads the indexes of a plotly.js click event, which arrive as JSON values.</summary>
internal static class EventPoints
{
    /// <summary>Returns the trace index and the point's index inside the trace, or null when either is missing.</summary>
    public static (int Trace, int Point)? Indexes(EventDataPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);

        var trace = ToInt(point.CurveNumber) ?? point.TraceIndex;
        var index = ToInt(point.PointNumber) ?? ToInt(point.PointIndex);
        return index is int pointIndex && trace >= 0 ? (trace, pointIndex) : null;
    }

    private static int? ToInt(object? value) => value switch
    {
        int number => number,
        long number when number is >= int.MinValue and <= int.MaxValue => (int)number,
        double number when number == Math.Floor(number) && Math.Abs(number) < int.MaxValue => (int)number,
        JsonElement { ValueKind: JsonValueKind.Number } element when element.TryGetInt32(out var number) => number,
        string text when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };
}
