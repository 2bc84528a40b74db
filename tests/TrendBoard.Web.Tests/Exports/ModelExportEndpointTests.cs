using System.Globalization;
using System.Net;
using System.Text.Json;
using TrendBoard.Core.Export;
using TrendBoard.Web.Exports;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Exports;

/// <summary>
/// <c>/api/export/topics</c> and <c>/api/export/assignments</c> on the test corpus, checked
/// against the topics and assignments the test stored.
/// </summary>
public sealed class ModelExportEndpointTests(ExportAppFixture fixture) : IClassFixture<ExportAppFixture>
{
    private readonly HttpClient _client = fixture.App.CreateClient();

    [Fact]
    public async Task TopicsCsvListsStoredTermsByRank()
    {
        using var response = await _client.GetAsync(ExportLinks.BuildModel(ModelExports.TopicsName, ExportFormat.Csv));
        var (header, rows) = CsvReader.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("trendboard-topics.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(["topic_id", "rank", "term"], header);
        var expected = TestCorpus.Topics
            .OrderBy(topic => topic.TopicId)
            .SelectMany(topic => topic.Terms.OrderBy(term => term.Rank).Select(term => (topic.TopicId, term.Rank, term.Term)))
            .ToList();
        var actual = rows
            .Select(row => (int.Parse(row["topic_id"], CultureInfo.InvariantCulture), int.Parse(row["rank"], CultureInfo.InvariantCulture), row["term"]))
            .ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task AssignmentsJsonCoversEveryPaper()
    {
        using var response = await _client.GetAsync(ExportLinks.BuildModel(ModelExports.AssignmentsName, ExportFormat.Json));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var actual = document.RootElement.EnumerateArray()
            .ToDictionary(row => row.GetProperty("paper_id").GetString()!, row => row.GetProperty("topic_id").GetInt32());
        var expected = fixture.Database.Papers.ToDictionary(paper => paper.Paper.Id, paper => paper.TopicId);
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (paperId, topicId) in expected)
        {
            Assert.Equal(topicId, actual[paperId]);
        }
    }

    [Fact]
    public async Task AssignmentsCsvHasCliColumns()
    {
        using var response = await _client.GetAsync("api/export/assignments");
        var (header, rows) = CsvReader.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ModelExports.AssignmentColumns, header);
        Assert.Equal(fixture.Database.Papers.Count, rows.Count);
        Assert.Contains(rows, row => row["topic_id"] == "-1");
    }

    [Fact]
    public async Task TopicFilterKeepsOnlyThoseTopics()
    {
        var chosenTopicIds = TestCorpus.Topics.Select(topic => topic.TopicId).Order().Take(2).ToList();
        var query = string.Join(',', chosenTopicIds.Select(id => id.ToString(CultureInfo.InvariantCulture)));

        using var topics = await _client.GetAsync($"api/export/topics?topics={query}");
        using var assignments = await _client.GetAsync($"api/export/assignments?topics={query}");
        var (_, topicRows) = CsvReader.Parse(await topics.Content.ReadAsStringAsync());
        var (_, assignmentRows) = CsvReader.Parse(await assignments.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, topics.StatusCode);
        Assert.Equal(chosenTopicIds, topicRows.Select(row => int.Parse(row["topic_id"], CultureInfo.InvariantCulture)).Distinct().Order());
        var expectedPapers = fixture.Database.Papers.Where(paper => chosenTopicIds.Contains(paper.TopicId)).Select(paper => paper.Paper.Id).Order(StringComparer.Ordinal);
        Assert.Equal(expectedPapers, assignmentRows.Select(row => row["paper_id"]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UnknownTopicIdIsRejected()
    {
        var unknown = TestCorpus.Topics.Max(topic => topic.TopicId) + 100;

        using var response = await _client.GetAsync($"api/export/topics?topics={unknown}");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("topics", problem.RootElement.GetProperty("parameter").GetString());
        Assert.Contains(unknown.ToString(CultureInfo.InvariantCulture), problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidFormatIsRejected()
    {
        using var response = await _client.GetAsync("api/export/topics?format=xml");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("format", problem.RootElement.GetProperty("parameter").GetString());
    }
}
