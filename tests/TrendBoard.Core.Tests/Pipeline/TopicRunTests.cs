using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Tests.Import;
using TrendBoard.Core.Tests.Storage;
using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Tests.Pipeline;

/// <summary>
/// Stored topic runs on the bundled Daily Papers files of June and July 2025: stable ids across
/// re-runs, user names that follow their topic, and new papers assigned without a refit.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class TopicRunTests : IDisposable
{
    private static readonly TopicModelOptions Options = new() { TopicCount = 8 };

    private readonly TempDatabase _temp = new();
    private readonly CorpusBuilder _builder = new(NullLoggerFactory.Instance);
    private readonly CancellationToken _none = CancellationToken.None;

    public void Dispose()
    {
        _temp.Dispose();
    }

    [Fact]
    public async Task RunOnArxivListingsMeasuresCategoryAgreement()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestData", "arxiv-listings");
        var labelled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Directory.GetFiles(folder, "*.jsonl").SelectMany(File.ReadLines))
        {
            using var row = JsonDocument.Parse(line);
            if (row.RootElement.GetProperty("categories").GetArrayLength() > 0)
            {
                labelled.Add(row.RootElement.GetProperty("id").GetString()!);
            }
        }

        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await _builder.ImportAsync(store, [folder], null, _none);
        var run = await _builder.ModelAsync(store, new TopicModelOptions { TopicCount = 4 }, null, _none);

        var outliers = (await store.GetCurrentAssignmentsAsync(_none)).Count(a => a.TopicId < 0 && labelled.Contains(a.PaperId));
        Assert.Equal(labelled.Count - outliers, run.Metrics["labelled_papers"]);
        Assert.InRange(run.Metrics["nmi_labels"], 0.0, 1.0);
        Assert.True(run.Metrics.ContainsKey("ari_labels"));
    }

    [Fact]
    public async Task RunOnDailyPapersHasNoCategoryAgreement()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await _builder.ImportAsync(store, MonthFiles("2025-06"), null, _none);

        var run = await _builder.ModelAsync(store, Options, null, _none);

        Assert.False(run.Metrics.ContainsKey("nmi_labels"));
    }

    [Fact]
    public async Task RerunOnSameDataKeepsTopicIds()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await _builder.ImportAsync(store, MonthFiles("2025-06"), null, _none);

        var first = await _builder.ModelAsync(store, Options, null, _none);
        var before = await store.GetCurrentTopicsAsync(_none);
        var renamed = before[3];
        await store.RenameTopicAsync(renamed.TopicId, "  Reasoning agents  ", _none);
        var second = await _builder.ModelAsync(store, Options, null, _none);
        var after = await store.GetCurrentTopicsAsync(_none);

        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal(before.Select(t => (t.TopicId, t.Label, t.Size)), after.Select(t => (t.TopicId, t.Label, t.Size)));
        Assert.Equal(before.Select(t => t.Terms.Select(term => term.Term).ToList()), after.Select(t => t.Terms.Select(term => term.Term).ToList()));
        Assert.NotNull(second.Lineage);
        Assert.Equal(Options.TopicCount, second.Lineage.Count(TopicLineageKind.Continued));
        Assert.Empty(second.Lineage.EndedTopicIds);
        Assert.All(second.Lineage.Topics, l => Assert.Equal([l.TopicId], l.PreviousTopicIds));

        var named = Assert.Single(after, t => t.Name is not null);
        Assert.Equal(renamed.TopicId, named.TopicId);
        Assert.Equal("Reasoning agents", named.DisplayName);
        Assert.Equal(renamed.Label, named.Label);
    }

    [Fact]
    public async Task RenamedTopicShowsInAnalytics()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await _builder.ImportAsync(store, MonthFiles("2025-06"), null, _none);
        await _builder.ModelAsync(store, Options, null, _none);
        var topics = await store.GetCurrentTopicsAsync(_none);
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(new DateOnly(2025, 5, 1), new DateOnly(2025, 7, 31)) { Bin = TimeBin.Month };

        await store.RenameTopicAsync(topics[0].TopicId, "World models", _none);
        var volume = await analytics.GetTopicVolumeAsync(filter, _none);
        await store.RenameTopicAsync(topics[0].TopicId, null, _none);
        var volumeAfterReset = await analytics.GetTopicVolumeAsync(filter, _none);

        Assert.All(volume.Where(p => p.TopicId == topics[0].TopicId), p => Assert.Equal("World models", p.TopicLabel));
        Assert.All(volume.Where(p => p.TopicId == topics[1].TopicId), p => Assert.Equal(topics[1].Label, p.TopicLabel));
        Assert.Contains(volume, p => p.TopicId == topics[0].TopicId);
        Assert.All(volumeAfterReset.Where(p => p.TopicId == topics[0].TopicId), p => Assert.Equal(topics[0].Label, p.TopicLabel));
    }

    [Fact]
    public async Task RenameRejectsUnknownTopicAndBadNames()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await _builder.ImportAsync(store, MonthFiles("2025-06"), null, _none);
        await _builder.ModelAsync(store, Options, null, _none);

        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => store.RenameTopicAsync(999, "Name", _none));
        var control = await Assert.ThrowsAsync<ArgumentException>(() => store.RenameTopicAsync(0, "two\nlines", _none));
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => store.RenameTopicAsync(0, new string('x', TopicNames.MaxLength + 1), _none));
        var blank = await Assert.ThrowsAsync<ArgumentException>(() => store.RenameTopicAsync(0, " \t ", _none));

        Assert.Contains("no topic 999", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("U+000A", control.Message, StringComparison.Ordinal);
        Assert.Contains($"maximum of {TopicNames.MaxLength}", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("empty", blank.Message, StringComparison.Ordinal);
        Assert.All(await store.GetCurrentTopicsAsync(_none), t => Assert.Null(t.Name));
    }

    [Fact]
    public async Task AssignNewPapersMatchesModelAssign()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await _builder.ImportAsync(store, MonthFiles("2025-06"), null, _none);
        var junePapers = await store.GetPaperTextsAsync(_none);
        var run = await _builder.ModelAsync(store, Options, null, _none);

        await _builder.ImportAsync(store, MonthFiles("2025-07"), null, _none);
        var assigned = await _builder.AssignNewPapersAsync(store, null, _none);
        var assignedAgain = await _builder.AssignNewPapersAsync(store, null, _none);

        var juneIds = RawPaperIds("2025-06");
        var newIds = RawPaperIds("2025-07").Except(juneIds).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(newIds);
        Assert.Equal(newIds.Count, assigned);
        Assert.Equal(0, assignedAgain);

        // An independent fit of the same papers with the same options; the first run keeps the fit's ids.
        var fit = new TopicModeler(NullLogger<TopicModeler>.Instance).Fit(junePapers, Options, null, _none);
        var newPapers = (await store.GetPaperTextsAsync(_none)).Where(p => newIds.Contains(p.PaperId)).ToList();
        var expected = fit.Model!.Assign(newPapers).ToDictionary(a => a.PaperId, a => (a.TopicId, a.Score));
        var stored = TestPapers.Query(_temp.DatabasePath, $"SELECT paper_id, topic_id, score FROM paper_topics WHERE run_id = {run.RunId}", r => (Id: r.GetString(0), Topic: r.GetInt32(1), Score: r.GetDouble(2)));

        Assert.Equal(juneIds.Count + newIds.Count, stored.Count);
        foreach (var (id, (topic, score)) in expected)
        {
            var row = Assert.Single(stored, s => s.Id == id);
            Assert.Equal(topic, row.Topic);
            Assert.Equal(score, row.Score);
        }

        Assert.Contains(expected.Values, e => e.TopicId >= 0);
        var keywordPapers = TestPapers.Query(_temp.DatabasePath, $"SELECT count(DISTINCT paper_id) FROM paper_keywords WHERE run_id = {run.RunId} AND paper_id IN (SELECT paper_id FROM paper_topics WHERE run_id = {run.RunId})", r => r.GetInt64(0)).Single();
        var juneKeywordPapers = fit.Keywords.Select(k => k.PaperId).Distinct().Count();
        Assert.True(keywordPapers > juneKeywordPapers, $"Only {keywordPapers} papers have keywords after assigning, {juneKeywordPapers} had them after the fit.");
    }

    [Fact]
    public async Task AssignWithoutModelRunAssignsNothing()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await _builder.ImportAsync(store, MonthFiles("2025-07"), null, _none);

        var assigned = await _builder.AssignNewPapersAsync(store, null, _none);

        Assert.Equal(0, assigned);
        Assert.Empty(TestPapers.Query(_temp.DatabasePath, "SELECT paper_id FROM paper_topics", r => r.GetString(0)));
    }

    private static List<string> MonthFiles(string month)
    {
        var folder = Path.Combine(TestFiles.RepositoryRoot(), "data", "hf-daily-papers");
        var files = Directory.GetFiles(folder, $"{month}-*.json.gz").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        return files;
    }

    /// <summary>Reads the paper ids of a month's files with System.Text.Json, apart from TrendBoard's importers.</summary>
    private static HashSet<string> RawPaperIds(string month)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in MonthFiles(month))
        {
            using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var document = JsonDocument.Parse(gzip);
            foreach (var item in document.RootElement.EnumerateArray())
            {
                ids.Add(item.GetProperty("paper").GetProperty("id").GetString()!);
            }
        }

        return ids;
    }
}
