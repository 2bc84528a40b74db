using Microsoft.Extensions.Primitives;
using TrendBoard.Core.Export;
using TrendBoard.Web.ViewState;

namespace TrendBoard.Web.Components.Charts;

/// <summary>
/// Writes the clicked chart point into the dashboard URL and reads it back, so a reload or a
/// shared link opens the same paper list. A time chart's point is
/// <c>point=volume&amp;point_topic=3&amp;bin_start=2024-06-03</c>, a keyword pair's
/// <c>point=keywords&amp;point_keyword=a&amp;point_keyword=b</c>.
/// </summary>
public static class ChartPointLink
{
    /// <summary>Returns the query parameters that select <paramref name="point"/>, or that remove the selection when it is null.</summary>
    public static IReadOnlyDictionary<string, object?> ToQueryParameters(ChartPoint? point) => new Dictionary<string, object?>
    {
        [QueryParameters.Point] = point?.Chart,
        [QueryParameters.PointTopic] = point?.BinStart is null ? null : point.TopicId,
        [QueryParameters.BinStart] = point?.BinStart is DateOnly binStart ? QueryParameters.FormatDate(binStart) : null,
        [QueryParameters.PointKeyword] = point is null || point.Keywords.Count == 0 ? null : point.Keywords.ToArray(),
    };

    /// <summary>
    /// Reads the point of the URL's query for <paramref name="view"/>, or null when the query
    /// selects none. A point that cannot be read adds a message to <paramref name="problems"/>
    /// and gives null, so the charts still load.
    /// </summary>
    public static ChartPoint? Parse(IReadOnlyDictionary<string, StringValues> query, DashboardView view, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(problems);

        StringValues Get(string name) => query.TryGetValue(name, out var values) ? values : StringValues.Empty;

        var chart = Get(QueryParameters.Point).ToString().Trim();
        if (chart.Length == 0)
        {
            return null;
        }

        try
        {
            if (chart == ChartExports.Volume.Name || chart == ChartExports.Upvotes.Name)
            {
                var topicId = QueryParameters.ParseTopicId(QueryParameters.PointTopic, Get(QueryParameters.PointTopic));
                var binStart = QueryParameters.ParseDate(QueryParameters.BinStart, Get(QueryParameters.BinStart));
                if (topicId is not int topic || binStart is not DateOnly day)
                {
                    problems.Add($"The link's paper list of the {chart} chart needs both '{QueryParameters.PointTopic}' and '{QueryParameters.BinStart}', so no paper list is open. Click a point of the chart to open one.");
                    return null;
                }

                return new ChartPoint(chart, topic, day, [], ChartFigures.DescribeBin(topic, day, view.Bin));
            }

            if (chart == ChartExports.Keywords.Name)
            {
                var keywords = QueryParameters.ParseKeywords(QueryParameters.PointKeyword, Get(QueryParameters.PointKeyword));
                if (keywords.Count == 0)
                {
                    problems.Add($"The link's paper list of the keyword chart names no '{QueryParameters.PointKeyword}', so no paper list is open. Click a bar of the chart to open one.");
                    return null;
                }

                return new ChartPoint(chart, view.Topic, null, keywords.ToArray(), "keywords " + string.Join(" + ", keywords));
            }
        }
        catch (InvalidQueryParameterException error)
        {
            problems.Add(error.Message + " No paper list is open.");
            return null;
        }

        problems.Add(new InvalidQueryParameterException(
            QueryParameters.Point,
            chart,
            $"one of {ChartExports.Volume.Name}, {ChartExports.Keywords.Name}, {ChartExports.Upvotes.Name}").Message + " No paper list is open.");
        return null;
    }

    /// <summary>Returns whether two points select the same papers; the lists of keywords compare by content.</summary>
    public static bool SamePoint(ChartPoint? first, ChartPoint? second) =>
        first is null || second is null
            ? first is null && second is null
            : first.Chart == second.Chart && first.TopicId == second.TopicId && first.BinStart == second.BinStart && first.Keywords.SequenceEqual(second.Keywords, StringComparer.Ordinal);
}
