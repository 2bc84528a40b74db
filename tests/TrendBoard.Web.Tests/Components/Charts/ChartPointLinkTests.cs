using Microsoft.AspNetCore.WebUtilities;
using TrendBoard.Core.Analytics;
using TrendBoard.Web.Components.Charts;
using TrendBoard.Web.ViewState;

namespace TrendBoard.Web.Tests.Components.Charts;

public sealed class ChartPointLinkTests
{
    private static readonly DashboardView WeekView = new(new DateOnly(2024, 6, 1), new DateOnly(2024, 9, 30), TimeBin.Week, DateBasis.Published, 4);

    [Fact]
    public void TimePointRoundTrips()
    {
        var clicked = new ChartPoint("upvotes", -1, new DateOnly(2024, 7, 8), [], "outliers, week of 2024-07-08");

        var (point, problems) = ParseLink(clicked);

        Assert.Empty(problems);
        Assert.True(ChartPointLink.SamePoint(clicked, point));
        Assert.Equal("outliers, week of 2024-07-08", point!.Description);
    }

    [Fact]
    public void KeywordPointRoundTrips()
    {
        var clicked = new ChartPoint("keywords", 4, null, ["language model", "c++ & <b>"], "keywords language model + c++ & <b>");

        var (point, problems) = ParseLink(clicked);

        Assert.Empty(problems);
        Assert.True(ChartPointLink.SamePoint(clicked, point));
        Assert.Equal(["language model", "c++ & <b>"], point!.Keywords);
        Assert.Equal(4, point.TopicId);
    }

    [Fact]
    public void ClosingRemovesEveryPointParameter()
    {
        var parameters = ChartPointLink.ToQueryParameters(null);

        Assert.Equal(
            [QueryParameters.BinStart, QueryParameters.Point, QueryParameters.PointKeyword, QueryParameters.PointTopic],
            parameters.Keys.Order(StringComparer.Ordinal));
        Assert.All(parameters.Values, Assert.Null);
    }

    [Theory]
    [InlineData("?point=volume&point_topic=2", "'point_topic' and 'bin_start'")]
    [InlineData("?point=volume&point_topic=x&bin_start=2024-07-08", "'point_topic'")]
    [InlineData("?point=upvotes&point_topic=1&bin_start=July", "'bin_start'")]
    [InlineData("?point=keywords", "'point_keyword'")]
    [InlineData("?point=<script>", "one of volume, keywords, upvotes")]
    public void BadPointReportsProblem(string url, string expected)
    {
        var problems = new List<string>();

        var point = ChartPointLink.Parse(QueryHelpers.ParseQuery(url), WeekView, problems);

        Assert.Null(point);
        Assert.Contains(expected, Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void QueryWithoutPointIsNoProblem()
    {
        var problems = new List<string>();

        var point = ChartPointLink.Parse(QueryHelpers.ParseQuery("?from=2024-06-01&point_topic=3"), WeekView, problems);

        Assert.Null(point);
        Assert.Empty(problems);
    }

    /// <summary>Writes the point into a URL as the dashboard does and reads it back.</summary>
    private static (ChartPoint? Point, List<string> Problems) ParseLink(ChartPoint clicked)
    {
        var query = new Dictionary<string, string?>();
        var url = "http://127.0.0.1/";
        foreach (var (name, value) in ChartPointLink.ToQueryParameters(clicked))
        {
            switch (value)
            {
                case null:
                    break;
                case string[] values:
                    foreach (var item in values)
                    {
                        url = QueryHelpers.AddQueryString(url, name, item);
                    }

                    break;
                default:
                    url = QueryHelpers.AddQueryString(url, name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
                    break;
            }
        }

        var problems = new List<string>();
        var point = ChartPointLink.Parse(QueryHelpers.ParseQuery(new Uri(url).Query), WeekView, problems);
        return (point, problems);
    }
}
