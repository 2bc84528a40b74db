using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Tests.Storage;
using static TrendBoard.Core.Tests.Storage.TestPapers;

namespace TrendBoard.Core.Tests.Analytics;

public sealed class AnalyticsCacheTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly CancellationToken _none = CancellationToken.None;

    public void Dispose()
    {
        _temp.Dispose();
    }

    [Fact]
    public async Task CachedAndBaseTablesGiveSameExports()
    {
        var corpus = InsightCorpus.Generate();
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);

        // A read-only store never builds the cache, so while it is stale its queries join the base tables.
        await using var readOnly = await TrendStore.OpenReadOnlyAsync(_temp.DatabasePath, null, _none);
        var filter = new TrendFilter(InsightCorpus.FirstDay, InsightCorpus.LastDay) { Keywords = ["llm", "rl"], KeywordMatch = KeywordMatch.Any };
        var query = new ChartExportQuery(filter) { MinPapers = 1, Limit = 200, TopPapers = 3 };

        var fromBase = new List<ExportTable>();
        foreach (var export in ChartExports.All)
        {
            fromBase.Add(await export.QueryAsync(new TrendAnalytics(readOnly), query, _none));
        }

        Assert.Equal(0, CacheRows());
        var fromCache = new List<ExportTable>();
        foreach (var export in ChartExports.All)
        {
            fromCache.Add(await export.QueryAsync(new TrendAnalytics(store), query, _none));
        }

        Assert.Equal(corpus.Papers.Count(p => p.TopicId is not null), CacheRows());
        for (var i = 0; i < fromBase.Count; i++)
        {
            Assert.True(fromBase[i].Rows.Count > 0, $"{ChartExports.All[i].Name} returned no rows");
            Assert.Equal(fromBase[i].Rows, fromCache[i].Rows);
        }
    }

    [Fact]
    public async Task ImportAfterQueryRefreshesCache()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        var day = Day("2024-03-04");
        await store.ImportAsync(File("a.json", Paper("2403.00001", day, upvote: new(day, 5))), _none);
        await store.SaveModelRunAsync(
            InsightCorpus.ModelRun([new InsightCorpus.CorpusPaper("2403.00001", "t", day, null, [], 1, [])], topicCount: 2),
            "f",
            _none);
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(day, day);

        var before = Assert.Single(await analytics.GetTopicUpvotesAsync(filter, _none));
        await store.ImportAsync(File("b.json", Paper("2403.00001", day, upvote: new(day.AddDays(2), 40))), _none);
        var afterImport = Assert.Single(await analytics.GetTopicUpvotesAsync(filter, _none));
        await store.SaveModelRunAsync(
            InsightCorpus.ModelRun([new InsightCorpus.CorpusPaper("2403.00001", "t", day, null, [], 0, [])], topicCount: 2),
            "g",
            _none);
        var afterRun = Assert.Single(await analytics.GetTopicUpvotesAsync(filter, _none));

        Assert.Equal((1, 5L), (before.TopicId, before.UpvoteSum));
        Assert.Equal((1, 40L), (afterImport.TopicId, afterImport.UpvoteSum));
        Assert.Equal((0, 40L), (afterRun.TopicId, afterRun.UpvoteSum));
    }

    private int CacheRows()
    {
        return Query(_temp.DatabasePath, "SELECT count(*) FROM analytics_papers", reader => (int)reader.GetInt64(0)).Single();
    }
}
