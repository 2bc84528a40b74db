using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TrendBoard.Web.Hosting;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Exports;

/// <summary>The export settings beyond range, bin, basis and topics, against the in-process app.</summary>
public sealed class ExportSettingsTests(ExportAppFixture fixture) : IClassFixture<ExportAppFixture>
{
    private readonly HttpClient _client = fixture.App.CreateClient();

    [Fact]
    public async Task KeywordFilterNarrowsVolume()
    {
        var expected = fixture.Database.Papers
            .Where(paper => paper.Keywords.Contains("planning") || paper.Keywords.Contains("survey"))
            .GroupBy(paper => (Week: ExpectedRows.Monday(paper.Paper.PublishedOn), paper.TopicId))
            .OrderBy(group => group.Key.Week)
            .ThenBy(group => group.Key.TopicId)
            .Select(group => $"{Day(group.Key.Week)} {group.Key.TopicId} {group.Count()}")
            .ToList();

        var (_, rows) = CsvReader.Parse(await GetStringAsync("api/export/volume?keyword=planning&keyword=survey&match=any&format=csv"));

        Assert.NotEmpty(expected);
        Assert.Equal(expected, rows.Select(row => $"{row["bin_start"]} {row["topic_id"]} {row["papers"]}"));
    }

    [Fact]
    public async Task AllKeywordsMustMatchByDefault()
    {
        var expected = fixture.Database.Papers.Count(paper => paper.Keywords.Contains("planning") && paper.Keywords.Contains("benchmarks"));

        var (_, rows) = CsvReader.Parse(await GetStringAsync("api/export/volume?keyword=planning&keyword=benchmarks&format=csv"));

        Assert.Equal(expected, rows.Sum(row => int.Parse(row["papers"], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task TopicShiftWindowsAndTestAreRead()
    {
        var last = TestCorpus.LastDay;
        var recent = fixture.Database.Papers.Where(paper => paper.Paper.PublishedOn > last.AddDays(-14)).ToList();

        var (_, rows) = CsvReader.Parse(await GetStringAsync("api/export/topic_shifts?recent_weeks=2&baseline_weeks=3&test=two_proportion_z&top_papers=2&format=csv"));

        // One row per topic of the model run; the outliers are not a topic.
        Assert.Equal(TestCorpus.Topics.Count, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal(Day(last.AddDays(-13)), row["recent_from"]);
            Assert.Equal(Day(last), row["recent_to"]);
            Assert.Equal(Day(last.AddDays(-34)), row["baseline_from"]);
            Assert.Equal(Day(last.AddDays(-14)), row["baseline_to"]);
            Assert.Equal("two_proportion_z", row["test"]);
            Assert.Equal(recent.Count.ToString(CultureInfo.InvariantCulture), row["recent_total"]);
            var topicId = int.Parse(row["topic_id"], CultureInfo.InvariantCulture);
            Assert.Equal(recent.Count(paper => paper.TopicId == topicId).ToString(CultureInfo.InvariantCulture), row["recent_papers"]);
            Assert.True(row["top_paper_ids"].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 2);
        });
    }

    [Fact]
    public async Task PapersAreSortedAndPaged()
    {
        var expected = fixture.Database.Papers
            .Where(paper => paper.TopicId == 1)
            .OrderByDescending(paper => paper.Paper.Upvote!.Upvotes)
            .ThenBy(paper => paper.Paper.Id, StringComparer.Ordinal)
            .Skip(5)
            .Take(5)
            .Select(paper => paper.Paper.Id)
            .ToList();

        var (_, rows) = CsvReader.Parse(await GetStringAsync("api/export/papers?point_topic=1&sort=upvotes&order=desc&offset=5&page_size=5&format=csv"));

        Assert.Equal(expected, rows.Select(row => row["paper_id"]));
        Assert.All(rows, row => Assert.Equal(fixture.Database.Papers.Count(paper => paper.TopicId == 1).ToString(CultureInfo.InvariantCulture), row["total"]));
    }

    [Fact]
    public async Task PapersOfAKeywordPairPoint()
    {
        var expected = fixture.Database.Papers
            .Where(paper => paper.Keywords.Contains("planning") && paper.Keywords.Contains("benchmarks"))
            .OrderBy(paper => paper.Paper.PublishedOn)
            .ThenBy(paper => paper.Paper.Id, StringComparer.Ordinal)
            .Select(paper => paper.Paper.Id)
            .ToList();

        var (_, rows) = CsvReader.Parse(await GetStringAsync("api/export/papers?point_keyword=planning&point_keyword=benchmarks&sort=date&order=asc&page_size=1000&format=csv"));

        Assert.NotEmpty(expected);
        Assert.Equal(expected, rows.Select(row => row["paper_id"]));
    }

    [Fact]
    public async Task KeywordChangesReadPeriodsAndMinSupport()
    {
        var periodA = fixture.Database.Papers.Where(paper => paper.Paper.PublishedOn <= new DateOnly(2024, 6, 16)).ToList();
        var periodB = fixture.Database.Papers.Where(paper => paper.Paper.PublishedOn >= new DateOnly(2024, 7, 15)).ToList();

        var (_, rows) = CsvReader.Parse(await GetStringAsync(
            "api/export/keyword_changes?period_a_from=2024-06-03&period_a_to=2024-06-16&period_b_from=2024-07-15&period_b_to=2024-07-28&min_papers=4&limit=1000&format=csv"));

        Assert.NotEmpty(rows);
        Assert.All(rows, row =>
        {
            Assert.Equal("2024-06-16", row["period_a_to"]);
            Assert.Equal("2024-07-15", row["period_b_from"]);
            Assert.Equal(periodA.Count.ToString(CultureInfo.InvariantCulture), row["period_a_papers"]);
            var a = Unescaped(row["keyword_a"]);
            var b = Unescaped(row["keyword_b"]);
            var papersA = periodA.Count(paper => paper.Keywords.Contains(a) && paper.Keywords.Contains(b));
            var papersB = periodB.Count(paper => paper.Keywords.Contains(a) && paper.Keywords.Contains(b));
            Assert.Equal(papersA.ToString(CultureInfo.InvariantCulture), row["papers_a"]);
            Assert.Equal(papersB.ToString(CultureInfo.InvariantCulture), row["papers_b"]);
            Assert.True(Math.Max(papersA, papersB) >= 4, $"{a} + {b} is below the minimum support");
        });
    }

    [Theory]
    [InlineData("page_size=0", "page_size", "0")]
    [InlineData("recent_weeks=521", "recent_weeks", "521")]
    [InlineData("test=chi2", "test", "chi2")]
    [InlineData("sort=title", "sort", "title")]
    [InlineData("order=up", "order", "up")]
    [InlineData("match=most", "match", "most")]
    [InlineData("alpha=1.5", "alpha", "1.5")]
    [InlineData("bin_start=2024-13-01", "bin_start", "2024-13-01")]
    [InlineData("period_a_from=2024-06-03", "period_a_to", "")]
    [InlineData("limit=10&page_size=20", "page_size", "20")]
    public async Task BadNewParameterIsRejectedByName(string query, string parameter, string value)
    {
        using var response = await _client.GetAsync("api/export/papers?" + query);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
        Assert.Contains($"'{value}'", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyKeywordsAreRejected()
    {
        var query = string.Join("&", Enumerable.Range(0, 21).Select(i => $"keyword=k{i}"));

        using var response = await _client.GetAsync("api/export/volume?" + query);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("keyword", problem.RootElement.GetProperty("parameter").GetString());
        Assert.Contains("at most 20 keywords", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunningBuildAnswersWithProgress()
    {
        var state = fixture.App.Services.GetRequiredService<CorpusBuildState>();
        state.MarkBuilding();
        state.Report(new Core.Pipeline.PipelineProgress("import", 0.4, "file 3"));
        try
        {
            using var response = await _client.GetAsync("api/export/volume");
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
            Assert.Contains("Importing papers, 40% done", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            state.MarkReady();
        }

        using var ready = await _client.GetAsync("api/export/volume");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private async Task<string> GetStringAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} returned {(int)response.StatusCode}: {body}");
        return body;
    }

    private static string Unescaped(string cell) => cell.StartsWith('\'') ? cell[1..] : cell;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
