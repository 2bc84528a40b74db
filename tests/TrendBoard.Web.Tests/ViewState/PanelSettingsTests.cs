using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;
using TrendBoard.Web.Exports;
using TrendBoard.Web.ViewState;

namespace TrendBoard.Web.Tests.ViewState;

public sealed class PanelSettingsTests
{
    private static readonly CorpusSummary Corpus = new(100, new DateOnly(2024, 6, 3), new DateOnly(2024, 8, 25), 1);
    private static readonly DateOnly Today = new(2026, 1, 1);

    private static readonly DashboardView Full = new DashboardView(new DateOnly(2024, 6, 3), new DateOnly(2024, 8, 25), TimeBin.Day, DateBasis.Featured, 4)
    {
        Keywords = new KeywordList(["diffusion models", "a&b=c", "video"]),
        Match = KeywordMatch.Any,
        RecentWeeks = 3,
        BaselineWeeks = 10,
        MinPapers = 5,
        PeriodA = new DayRange(new DateOnly(2024, 6, 3), new DateOnly(2024, 6, 30)),
        PeriodB = new DayRange(new DateOnly(2024, 7, 1), new DateOnly(2024, 8, 25)),
    };

    [Fact]
    public void ViewRoundTripsThroughUrl()
    {
        var problems = new List<string>();

        var parsed = DashboardView.Parse(ParseUrl(Full), Corpus, Today, problems);

        Assert.Empty(problems);
        Assert.Equal(Full, parsed);
    }

    [Fact]
    public void DefaultSettingsLeaveUrl()
    {
        var view = new DashboardView(new DateOnly(2024, 6, 3), new DateOnly(2024, 8, 25), TimeBin.Week, DateBasis.Published, null);

        var parameters = view.ToQueryParameters();

        foreach (var name in new[] { "keyword", "match", "recent_weeks", "baseline_weeks", "min_papers", "period_a_from", "period_b_to" })
        {
            Assert.Null(parameters[name]);
        }
    }

    [Fact]
    public void HalfAPeriodFallsBackToHalves()
    {
        var problems = new List<string>();
        var query = new Dictionary<string, StringValues> { ["period_a_from"] = "2024-06-03", ["period_a_to"] = "2024-06-30" };

        var view = DashboardView.Parse(query, Corpus, Today, problems);

        Assert.Null(view.PeriodA);
        Assert.Null(view.PeriodB);
        Assert.Contains(problems, problem => problem.Contains("two halves", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("recent_weeks", "0")]
    [InlineData("baseline_weeks", "many")]
    [InlineData("min_papers", "-2")]
    [InlineData("match", "some")]
    public void InvalidSettingWarnsAndKeepsDefault(string name, string value)
    {
        var problems = new List<string>();

        var view = DashboardView.Parse(new Dictionary<string, StringValues> { [name] = value }, Corpus, Today, problems);

        Assert.Equal(new DashboardView(view.From, view.To, TimeBin.Week, DateBasis.Published, null), view);
        Assert.Contains($"'{name}'", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void KeywordListComparesByContent()
    {
        Assert.Equal(new KeywordList(["a", "b"]), new KeywordList(["a", "b", "a", " "]));
        Assert.NotEqual(new KeywordList(["a", "b"]), new KeywordList(["b", "a"]));
    }

    public static TheoryData<string> PanelCharts => new() { "volume", "keywords", "upvotes", "keyword_changes", "topic_shifts", "topic_summaries", "upvote_growth" };

    [Theory]
    [MemberData(nameof(PanelCharts))]
    public async Task ExportUrlParsesToPanelQuery(string chartName)
    {
        var chart = ChartExports.Find(chartName)!;
        var expected = Full.ToExportQuery(chart);

        var request = await ParseExportUrlAsync(ExportLinks.Build(chart, expected, ExportFormat.Json));

        AssertSameQuery(expected, request.Query, chart);
        Assert.Equal(ExportFormat.Json, request.Format);
    }

    [Fact]
    public async Task DrillDownUrlParsesToSameQuery()
    {
        var expected = new ChartExportQuery(Full.ToKeywordFilter())
        {
            TopicId = 2,
            BinStart = new DateOnly(2024, 6, 10),
            PointKeywords = ["agents", "tool use"],
            SortBy = PaperSortKey.Upvotes,
            Descending = false,
            Offset = 40,
            Limit = 20,
        };

        var request = await ParseExportUrlAsync(ExportLinks.Build(ChartExports.Papers, expected, ExportFormat.Csv));

        AssertSameQuery(expected, request.Query, ChartExports.Papers);
        Assert.Equal(expected.TopicId, request.Query.TopicId);
        Assert.Equal(expected.BinStart, request.Query.BinStart);
        Assert.Equal(expected.PointKeywords, request.Query.PointKeywords);
        Assert.Equal(expected.SortBy, request.Query.SortBy);
        Assert.Equal(expected.Descending, request.Query.Descending);
        Assert.Equal(expected.Offset, request.Query.Offset);
    }

    private static void AssertSameQuery(ChartExportQuery expected, ChartExportQuery actual, ChartExport chart)
    {
        Assert.Equal(expected.Filter.From, actual.Filter.From);
        Assert.Equal(expected.Filter.To, actual.Filter.To);
        Assert.Equal(expected.Filter.DateBasis, actual.Filter.DateBasis);
        Assert.Equal(expected.Filter.TopicIds, actual.Filter.TopicIds);
        Assert.Equal(expected.Filter.Keywords, actual.Filter.Keywords);
        Assert.Equal(expected.Filter.KeywordMatch, actual.Filter.KeywordMatch);
        if (!chart.UsesKeywordSettings)
        {
            Assert.Equal(expected.Filter.Bin, actual.Filter.Bin);
        }

        Assert.Equal(expected.MinPapers, actual.MinPapers);
        Assert.Equal(expected.Limit, actual.Limit);
        Assert.Equal(expected.PeriodA, actual.PeriodA);
        Assert.Equal(expected.PeriodB, actual.PeriodB);
        Assert.Equal(expected.RecentWeeks, actual.RecentWeeks);
        Assert.Equal(expected.BaselineWeeks, actual.BaselineWeeks);
        Assert.Equal(expected.Test, actual.Test);
        Assert.Equal(expected.TopPapers, actual.TopPapers);
        Assert.Equal(expected.TopTerms, actual.TopTerms);
    }

    private static Task<ExportRequest> ParseExportUrlAsync(string url)
    {
        var parts = url.Split('?', 2);
        var chart = ChartExports.Find(Uri.UnescapeDataString(parts[0]["api/export/".Length..]))!;
        var query = new QueryCollection(QueryHelpers.ParseQuery(parts[1]));
        return ExportRequest.ParseAsync(chart, query, _ => throw new InvalidOperationException("The URL carries both dates."), CancellationToken.None);
    }

    private static Dictionary<string, StringValues> ParseUrl(DashboardView view)
    {
        var url = QueryHelpers.AddQueryString("http://127.0.0.1/", view.ToQueryParameters()
            .Where(pair => pair.Value is not null)
            .SelectMany(pair => pair.Value is string[] values
                ? values.Select(value => new KeyValuePair<string, string?>(pair.Key, value))
                : [new KeyValuePair<string, string?>(pair.Key, Convert.ToString(pair.Value, System.Globalization.CultureInfo.InvariantCulture))]));
        return QueryHelpers.ParseQuery(new Uri(url).Query);
    }
}
