using System.Globalization;
using System.Net;
using System.Text.Json;
using TrendBoard.Core.Analytics;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Exports;

/// <summary>Builds one test database and one in-memory app for every export test.</summary>
public sealed class ExportAppFixture : IAsyncLifetime
{
    internal TestDatabase Database { get; private set; } = default!;

    internal TrendBoardApp App { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        App = new TrendBoardApp(Database.DatabasePath);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Database.Dispose();
    }
}

public sealed class ExportEndpointTests(ExportAppFixture fixture) : IClassFixture<ExportAppFixture>
{
    // A range that cuts the first and the last week short: 2024-06-05 is a Wednesday, 2024-07-09 a Tuesday.
    private static readonly DateOnly From = new(2024, 6, 5);
    private static readonly DateOnly To = new(2024, 7, 9);

    private readonly HttpClient _client = fixture.App.CreateClient();

    [Fact]
    public async Task VolumeCsvEqualsOwnCount()
    {
        var expected = ExpectedRows.Volume(fixture.Database, From, To);

        var (header, rows) = CsvReader.Parse(await GetStringAsync("api/export/volume?from=2024-06-05&to=2024-07-09&bin=week&format=csv"));

        Assert.Equal(["bin_start", "topic_id", "topic_label", "papers", "share", "bin_total", "partial"], header);
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(QueryDate(expected[i].BinStart), rows[i]["bin_start"]);
            Assert.Equal(expected[i].TopicId, int.Parse(rows[i]["topic_id"], CultureInfo.InvariantCulture));
            Assert.Equal(expected[i].Papers, int.Parse(rows[i]["papers"], CultureInfo.InvariantCulture));
            Assert.Equal(expected[i].BinTotal, int.Parse(rows[i]["bin_total"], CultureInfo.InvariantCulture));
            Assert.Equal(expected[i].Share, double.Parse(rows[i]["share"], CultureInfo.InvariantCulture), 12);
            Assert.Equal(expected[i].Partial ? "true" : "false", rows[i]["partial"]);
        }
    }

    [Fact]
    public async Task VolumeMarksCutWeeksPartial()
    {
        var (_, rows) = CsvReader.Parse(await GetStringAsync("api/export/volume?from=2024-06-05&to=2024-07-09&format=csv"));

        var partialWeeks = rows.Where(row => row["partial"] == "true").Select(row => row["bin_start"]).Distinct().ToList();

        // 2024-06-03 starts before the range and 2024-07-08 ends after it; the weeks between are whole.
        Assert.Equal(["2024-06-03", "2024-07-08"], partialWeeks);
    }

    [Fact]
    public async Task VolumeJsonEqualsOwnCount()
    {
        var expected = ExpectedRows.Volume(fixture.Database, From, To);

        using var document = JsonDocument.Parse(await GetStringAsync("api/export/volume?from=2024-06-05&to=2024-07-09&format=json"));
        var rows = document.RootElement.EnumerateArray().ToList();

        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(QueryDate(expected[i].BinStart), rows[i].GetProperty("bin_start").GetString());
            Assert.Equal(expected[i].TopicId, rows[i].GetProperty("topic_id").GetInt32());
            Assert.Equal(expected[i].TopicLabel, rows[i].GetProperty("topic_label").GetString());
            Assert.Equal(expected[i].Papers, rows[i].GetProperty("papers").GetInt32());
            Assert.Equal(expected[i].Share, rows[i].GetProperty("share").GetDouble(), 12);
            Assert.Equal(expected[i].Partial, rows[i].GetProperty("partial").GetBoolean());
        }
    }

    [Fact]
    public async Task UpvotesCsvEqualsOwnSums()
    {
        var expected = ExpectedRows.Upvotes(fixture.Database, From, To);

        var (header, rows) = CsvReader.Parse(await GetStringAsync("api/export/upvotes?from=2024-06-05&to=2024-07-09&bin=week"));

        Assert.Equal(["bin_start", "topic_id", "topic_label", "papers", "upvote_sum", "upvote_median", "upvote_max", "partial"], header);
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(QueryDate(expected[i].BinStart), rows[i]["bin_start"]);
            Assert.Equal(expected[i].TopicId, int.Parse(rows[i]["topic_id"], CultureInfo.InvariantCulture));
            Assert.Equal(expected[i].Papers, int.Parse(rows[i]["papers"], CultureInfo.InvariantCulture));
            Assert.Equal(expected[i].UpvoteSum, long.Parse(rows[i]["upvote_sum"], CultureInfo.InvariantCulture));
            Assert.Equal(expected[i].UpvoteMedian, double.Parse(rows[i]["upvote_median"], CultureInfo.InvariantCulture), 12);
            Assert.Equal(expected[i].UpvoteMax, int.Parse(rows[i]["upvote_max"], CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData(null, 2, 25)]
    [InlineData(1, 2, 25)]
    [InlineData(null, 1, 3)]
    public async Task KeywordsCsvEqualsOwnPairs(int? topicId, int minPapers, int limit)
    {
        var expected = ExpectedRows.KeywordPairs(fixture.Database, From, To, topicId, minPapers, limit);
        var topics = topicId is int id ? $"&topics={id}" : string.Empty;

        var (header, rows) = CsvReader.Parse(await GetStringAsync(
            $"api/export/keywords?from=2024-06-05&to=2024-07-09{topics}&min_papers={minPapers}&limit={limit}&format=csv"));

        Assert.Equal(["keyword_a", "keyword_b", "papers", "dice", "npmi"], header);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(Escaped(expected[i].KeywordA), rows[i]["keyword_a"]);
            Assert.Equal(Escaped(expected[i].KeywordB), rows[i]["keyword_b"]);
            Assert.Equal(expected[i].Papers, int.Parse(rows[i]["papers"], CultureInfo.InvariantCulture));
            Assert.Equal(expected[i].Dice, double.Parse(rows[i]["dice"], CultureInfo.InvariantCulture), 12);
            Assert.Equal(expected[i].Npmi, double.Parse(rows[i]["npmi"], CultureInfo.InvariantCulture), 12);
        }
    }

    [Fact]
    public async Task HostileLabelIsEscapedInCsv()
    {
        var csv = await GetStringAsync("api/export/volume?from=2024-06-03&to=2024-06-09&format=csv");
        var (_, rows) = CsvReader.Parse(csv);

        var labels = rows.Where(row => row["topic_id"] == "0").Select(row => row["topic_label"]).ToList();

        Assert.NotEmpty(labels);
        Assert.All(labels, label => Assert.Equal("'" + TestCorpus.HostileTitle, label));
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\"=HYPERLINK", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileKeywordIsEscapedInCsv()
    {
        var (_, rows) = CsvReader.Parse(await GetStringAsync("api/export/keywords?from=2024-06-03&to=2024-07-28&topics=0&min_papers=1&limit=100"));

        var cells = rows.SelectMany(row => new[] { row["keyword_a"], row["keyword_b"] }).ToList();

        Assert.Contains("'" + TestCorpus.HostileKeyword, cells);
        Assert.DoesNotContain(TestCorpus.HostileKeyword, cells);
    }

    [Fact]
    public async Task JsonKeepsHostileLabelAsData()
    {
        using var document = JsonDocument.Parse(await GetStringAsync("api/export/volume?from=2024-06-03&to=2024-06-09&format=json"));

        var labels = document.RootElement.EnumerateArray().Select(row => row.GetProperty("topic_label").GetString()).ToList();

        Assert.Contains(TestCorpus.HostileTitle, labels);
        Assert.Contains(TestCorpus.HostileLabel, labels);
    }

    [Fact]
    public async Task DownloadIsNamedFromChartAndDates()
    {
        using var response = await _client.GetAsync("api/export/upvotes?from=2024-06-05&to=2024-07-09&format=json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("trendboard-upvotes-2024-06-05-to-2024-07-09.json", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [Fact]
    public async Task CsvIsServedAsUtf8Csv()
    {
        using var response = await _client.GetAsync("api/export/volume?from=2024-06-05&to=2024-07-09");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task MissingDatesCoverWholeCorpus()
    {
        using var response = await _client.GetAsync("api/export/volume?format=csv");
        var (_, rows) = CsvReader.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(
            $"trendboard-volume-{QueryDate(TestCorpus.FirstDay)}-to-{QueryDate(TestCorpus.LastDay)}.csv",
            response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(fixture.Database.Papers.Count, rows.Sum(row => int.Parse(row["papers"], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task MonthBinsCountEveryPaperOnce()
    {
        var (_, rows) = CsvReader.Parse(await GetStringAsync("api/export/volume?from=2024-06-01&to=2024-07-31&bin=month"));

        var june = fixture.Database.Papers.Count(paper => paper.Paper.PublishedOn.Month == 6);

        Assert.Equal(["2024-06-01", "2024-07-01"], rows.Select(row => row["bin_start"]).Distinct());
        Assert.Equal(june, rows.Where(row => row["bin_start"] == "2024-06-01").Sum(row => int.Parse(row["papers"], CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("from=2024-13-01", "from", "2024-13-01", "YYYY-MM-DD")]
    [InlineData("to=June", "to", "June", "YYYY-MM-DD")]
    [InlineData("bin=year", "bin", "year", "day, week, month")]
    [InlineData("format=xlsx", "format", "xlsx", "csv, json")]
    [InlineData("topics=1;2", "topics", "1;2", "comma-separated")]
    [InlineData("min_papers=0", "min_papers", "0", "whole number")]
    [InlineData("limit=5000", "limit", "5000", "from 1 to 1000")]
    [InlineData("basis=arrival", "basis", "arrival", "published, featured")]
    public async Task BadParameterIsRejectedByName(string query, string parameter, string value, string expected)
    {
        using var response = await _client.GetAsync("api/export/keywords?" + query);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var detail = problem.RootElement.GetProperty("detail").GetString();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
        Assert.Contains($"'{parameter}'", detail, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", detail, StringComparison.Ordinal);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
        Assert.False(response.Content.Headers.Contains("Content-Disposition"));
    }

    [Fact]
    public async Task InvertedRangeIsRejected()
    {
        using var response = await _client.GetAsync("api/export/volume?from=2024-07-09&to=2024-06-05");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var detail = problem.RootElement.GetProperty("detail").GetString();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("2024-06-05", detail, StringComparison.Ordinal);
        Assert.Contains("2024-07-09", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneDayKeywordChangeRangeIsRejected()
    {
        using var response = await _client.GetAsync("api/export/keyword_changes?from=2024-06-05&to=2024-06-05");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("2024-06-05", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedParameterIsRejected()
    {
        using var response = await _client.GetAsync("api/export/volume?from=2024-06-05&from=2024-06-06");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("api/export/citations")]
    [InlineData("api/export/Volume")]
    [InlineData("api/export/volume.csv")]
    public async Task UnknownChartIsNotFound(string path)
    {
        using var response = await _client.GetAsync(path);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("volume, keywords, upvotes", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/export/volume?topics=1,999,998", "topics", "'998,999'")]
    [InlineData("api/export/volume?topic=999", "topic", "'999'")]
    [InlineData("api/export/papers?point_topic=42", "point_topic", "'42'")]
    public async Task UnknownTopicIdIsNamed(string path, string parameter, string unknownIds)
    {
        using var response = await _client.GetAsync(path);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var detail = problem.RootElement.GetProperty("detail").GetString();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
        Assert.Contains(unknownIds, detail, StringComparison.Ordinal);
        Assert.Contains("current model run", detail, StringComparison.Ordinal);
        Assert.Contains("Topics page (/topics)", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutlierTopicIsAlwaysKnown()
    {
        var (_, rows) = CsvReader.Parse(await GetStringAsync("api/export/volume?from=2024-06-03&to=2024-07-28&topics=-1"));

        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Equal("-1", row["topic_id"]));
    }

    [Fact]
    public async Task TopicParameterFiltersLikeTopics()
    {
        var single = await GetStringAsync("api/export/volume?from=2024-06-03&to=2024-07-28&topic=1");
        var list = await GetStringAsync("api/export/volume?from=2024-06-03&to=2024-07-28&topics=1");

        Assert.Equal(list, single);
        Assert.All(CsvReader.Parse(single).Rows, row => Assert.Equal("1", row["topic_id"]));
    }

    private async Task<string> GetStringAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} returned {(int)response.StatusCode}: {body}");
        return body;
    }

    private static string QueryDate(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Returns a cell as the CSV writer must write it: text starting with a formula character gets an apostrophe.</summary>
    private static string Escaped(string text) => text.Length > 0 && "=+-@\t\r".Contains(text[0], StringComparison.Ordinal) ? "'" + text : text;
}
