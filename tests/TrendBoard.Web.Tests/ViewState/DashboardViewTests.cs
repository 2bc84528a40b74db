using Microsoft.AspNetCore.WebUtilities;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;
using TrendBoard.Web.ViewState;

namespace TrendBoard.Web.Tests.ViewState;

public sealed class DashboardViewTests
{
    private static readonly CorpusSummary Corpus = new(120, new DateOnly(2024, 5, 20), new DateOnly(2024, 9, 30), 4);
    private static readonly DateOnly Today = new(2025, 1, 15);

    [Fact]
    public void EmptyQueryShowsWholeCorpusWeekly()
    {
        var problems = new List<string>();

        var view = DashboardView.Parse(null, null, null, null, null, Corpus, Today, problems);

        Assert.Equal(new DashboardView(new DateOnly(2024, 5, 20), new DateOnly(2024, 9, 30), TimeBin.Week, DateBasis.Published, null), view);
        Assert.Empty(problems);
    }

    [Fact]
    public void QueryValuesAreRead()
    {
        var problems = new List<string>();

        var view = DashboardView.Parse("2024-06-01", "2024-06-30", "day", "featured", "3", Corpus, Today, problems);

        Assert.Equal(new DashboardView(new DateOnly(2024, 6, 1), new DateOnly(2024, 6, 30), TimeBin.Day, DateBasis.Featured, 3), view);
        Assert.Empty(problems);
    }

    [Fact]
    public void InvalidValueFallsBackAndIsReported()
    {
        var problems = new List<string>();

        var view = DashboardView.Parse("2024-06-01", "June", "fortnight", null, null, Corpus, Today, problems);

        Assert.Equal(new DateOnly(2024, 6, 1), view.From);
        Assert.Equal(Corpus.LastPublished, view.To);
        Assert.Equal(TimeBin.Week, view.Bin);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, problem => problem.Contains("'to'", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("'bin'", StringComparison.Ordinal));
    }

    [Fact]
    public void InvertedRangeFallsBackToCorpus()
    {
        var problems = new List<string>();

        var view = DashboardView.Parse("2024-08-01", "2024-07-01", null, null, null, Corpus, Today, problems);

        Assert.Equal(Corpus.FirstPublished, view.From);
        Assert.Equal(Corpus.LastPublished, view.To);
        Assert.Contains("2024-08-01", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyCorpusDefaultsToToday()
    {
        var view = DashboardView.ForCorpus(new CorpusSummary(0, null, null, null), Today);

        Assert.Equal(Today, view.From);
        Assert.Equal(Today, view.To);
    }

    [Fact]
    public void QueryParametersRoundTrip()
    {
        var view = new DashboardView(new DateOnly(2024, 6, 3), new DateOnly(2024, 8, 25), TimeBin.Month, DateBasis.Featured, 7);
        var query = view.ToQueryParameters();

        var parsed = DashboardView.Parse(
            (string?)query["from"], (string?)query["to"], (string?)query["bin"], (string?)query["basis"], query["topic"]?.ToString(),
            Corpus, Today, new List<string>());

        Assert.Equal(view, parsed);
    }

    [Fact]
    public void DefaultBasisAndNoTopicLeaveUrl()
    {
        var view = new DashboardView(new DateOnly(2024, 6, 3), new DateOnly(2024, 8, 25), TimeBin.Week, DateBasis.Published, null);

        var query = view.ToQueryParameters();

        Assert.Null(query["basis"]);
        Assert.Null(query["topic"]);
    }

    [Fact]
    public void VolumeExportUrlCarriesRangeAndBin()
    {
        var view = new DashboardView(new DateOnly(2024, 6, 3), new DateOnly(2024, 8, 25), TimeBin.Month, DateBasis.Published, 7);

        var url = view.ToExportUrl(ChartExports.Volume, ExportFormat.Json);
        var query = QueryHelpers.ParseQuery(new Uri("http://127.0.0.1/" + url).Query);

        Assert.StartsWith("api/export/volume?", url, StringComparison.Ordinal);
        Assert.Equal("2024-06-03", query["from"]);
        Assert.Equal("2024-08-25", query["to"]);
        Assert.Equal("month", query["bin"]);
        Assert.Equal("json", query["format"]);
        Assert.False(query.ContainsKey("topics"), "The volume chart shows every topic, so its export must not filter topics.");
    }

    [Fact]
    public void KeywordExportUrlCarriesTopicAndSettings()
    {
        var view = new DashboardView(new DateOnly(2024, 6, 3), new DateOnly(2024, 8, 25), TimeBin.Week, DateBasis.Featured, 7);

        var url = view.ToExportUrl(ChartExports.Keywords, ExportFormat.Csv);
        var query = QueryHelpers.ParseQuery(new Uri("http://127.0.0.1/" + url).Query);

        Assert.StartsWith("api/export/keywords?", url, StringComparison.Ordinal);
        Assert.Equal("7", query["topics"]);
        Assert.Equal("featured", query["basis"]);
        Assert.Equal(ChartExports.DefaultMinPapers.ToString(System.Globalization.CultureInfo.InvariantCulture), query["min_papers"]);
        Assert.Equal(ChartExports.DefaultKeywordLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), query["limit"]);
        Assert.Equal("csv", query["format"]);
    }
}
