using TrendBoard.Core.Analytics;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Tests.Import;
using TrendBoard.Core.Tests.Storage;
using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Tests.Analytics;

/// <summary>
/// Imports the bundled Daily Papers files of June 2025 into a temporary database and checks the
/// chart queries against LINQ over the parsed records.
/// </summary>
/// <remarks>
/// The test builds its own model run: topic = (sum of the id's characters) mod 5, and each
/// paper's keywords are its source keywords, so the expected values need no topic model.
/// </remarks>
[Trait("Category", "Corpus")]
public sealed class RealSliceAnalyticsTests : IDisposable
{
    private const int TopicCount = 5;

    private readonly TempDatabase _temp = new();
    private readonly CancellationToken _none = CancellationToken.None;

    public void Dispose()
    {
        _temp.Dispose();
    }

    [Fact]
    public async Task JuneSliceMatchesParsedRecords()
    {
        var folder = Path.Combine(TestFiles.RepositoryRoot(), "data", "hf-daily-papers");
        var files = Directory.GetFiles(folder, "2025-06-*.json.gz").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(21, files.Count);

        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        var records = new List<(PaperRecord Record, int FileIndex)>();
        for (var i = 0; i < files.Count; i++)
        {
            var parsed = await PaperFileReader.ReadAsync(files[i], _none);
            Assert.Empty(parsed.Rejects);
            records.AddRange(parsed.Papers.Select(p => (p, i)));
            await store.ImportAsync(parsed, _none);
        }

        var papers = Merge(records);
        await store.SaveModelRunAsync(ModelRun(papers), "june-2025", _none);
        var analytics = new TrendAnalytics(store);
        Assert.Equal(papers.Count, await store.CountPapersAsync(_none));

        var filter = new TrendFilter(new DateOnly(2025, 6, 1), new DateOnly(2025, 6, 30)) { Bin = TimeBin.Week, DateBasis = DateBasis.Featured };
        var inRange = papers.Where(p => p.FeaturedOn is { } day && day >= filter.From && day <= filter.To).ToList();

        var volume = await analytics.GetTopicVolumeAsync(filter, _none);
        var upvotes = await analytics.GetTopicUpvotesAsync(filter, _none);

        var totals = inRange.GroupBy(p => WeekOf(p.FeaturedOn!.Value)).ToDictionary(g => g.Key, g => g.Count());
        var expectedVolume = inRange
            .GroupBy(p => (Week: WeekOf(p.FeaturedOn!.Value), Topic: TopicOf(p.Id)))
            .OrderBy(g => g.Key.Week)
            .ThenBy(g => g.Key.Topic)
            .Select(g => (g.Key.Week, g.Key.Topic, g.Count(), totals[g.Key.Week]))
            .ToList();
        Assert.True(inRange.Count > 300, $"only {inRange.Count} papers in June 2025");
        Assert.Equal(expectedVolume, volume.Select(p => (p.BinStart, p.TopicId, p.Papers, p.BinTotal)).ToList());

        var expectedUpvotes = inRange
            .Where(p => p.Upvote is not null)
            .GroupBy(p => (Week: WeekOf(p.FeaturedOn!.Value), Topic: TopicOf(p.Id)))
            .OrderBy(g => g.Key.Week)
            .ThenBy(g => g.Key.Topic)
            .Select(g => (g.Key.Week, g.Key.Topic, g.Count(), g.Sum(p => (long)p.Upvote!.Upvotes), g.Max(p => p.Upvote!.Upvotes)))
            .ToList();
        Assert.Equal(expectedUpvotes, upvotes.Select(p => (p.BinStart, p.TopicId, p.Papers, p.UpvoteSum, p.UpvoteMax)).ToList());

        // Drill into the busiest topic-week, most upvoted first, in pages of 10.
        var busiest = expectedVolume.OrderByDescending(v => v.Item3).First();
        var point = new PaperDrillDown { TopicId = busiest.Topic, BinStart = busiest.Week, SortBy = PaperSortKey.Upvotes, Limit = 10 };
        var firstPage = await analytics.GetPapersAsync(filter, point, _none);
        var secondPage = await analytics.GetPapersAsync(filter, point with { Offset = 10 }, _none);

        var expectedPoint = inRange
            .Where(p => TopicOf(p.Id) == busiest.Topic && WeekOf(p.FeaturedOn!.Value) == busiest.Week)
            .OrderBy(p => p.Upvote is null ? 1 : 0)
            .ThenByDescending(p => p.Upvote?.Upvotes)
            .ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
        Assert.True(expectedPoint.Count > 10, $"only {expectedPoint.Count} papers in the busiest topic-week");
        Assert.Equal(expectedPoint.Count, firstPage.Total);
        Assert.Equal(
            expectedPoint.Take(20).Select(p => (p.Id, p.Title, p.PublishedOn, p.FeaturedOn, p.Upvote?.Upvotes, $"https://huggingface.co/papers/{p.Id}")),
            firstPage.Papers.Concat(secondPage.Papers).Select(p => (p.PaperId, p.Title, p.PublishedOn, p.FeaturedOn, p.Upvotes, p.Url!)));

        // Keyword pairs of the busiest topic against the source keywords.
        var pairs = await analytics.GetKeywordPairsAsync(filter with { TopicIds = [busiest.Topic] }, minPapers: 2, limit: 10, _none);
        var expectedPairs = inRange
            .Where(p => TopicOf(p.Id) == busiest.Topic)
            .SelectMany(p => KeywordsOf(p).SelectMany(a => KeywordsOf(p).Where(b => string.CompareOrdinal(a, b) < 0).Select(b => (a, b))))
            .GroupBy(pair => pair)
            .Select(g => (g.Key.a, g.Key.b, Papers: g.Count()))
            .Where(x => x.Papers >= 2)
            .OrderByDescending(x => x.Papers)
            .ThenBy(x => x.a, StringComparer.Ordinal)
            .ThenBy(x => x.b, StringComparer.Ordinal)
            .Take(10)
            .ToList();
        Assert.Equal(expectedPairs, pairs.Select(p => (p.KeywordA, p.KeywordB, p.Papers)).ToList());
    }

    /// <summary>
    /// Merges the records of each id by the store's rule. Fields come from the record observed
    /// last (upvote day, else featured day, else publication day), and a later file wins a tie.
    /// The featured day is the earliest one, and the upvote count that of the latest day (the
    /// higher count on a tie).
    /// </summary>
    [Fact]
    public async Task KeywordCheckCountsAndSuggests()
    {
        var folder = Path.Combine(TestFiles.RepositoryRoot(), "data", "hf-daily-papers");
        var records = new List<(PaperRecord Record, int FileIndex)>();
        List<PaperRecord> papers;
        await using (var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none))
        {
            var files = Directory.GetFiles(folder, "2025-06-0*.json.gz").Order(StringComparer.Ordinal).ToList();
            for (var i = 0; i < files.Count; i++)
            {
                var parsed = await PaperFileReader.ReadAsync(files[i], _none);
                records.AddRange(parsed.Papers.Select(p => (p, i)));
                await store.ImportAsync(parsed, _none);
            }

            papers = Merge(records);
            await store.SaveModelRunAsync(ModelRun(papers), "june-2025", _none);
        }

        // The most common source keyword, counted here from the parsed records, and a plural
        // spelling of it that no paper has.
        var known = papers.SelectMany(p => KeywordsOf(p).Select(k => k.ToLowerInvariant()).Distinct())
            .GroupBy(k => k, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .First();
        var keywordSet = papers.SelectMany(p => KeywordsOf(p).Select(k => k.ToLowerInvariant())).ToHashSet(StringComparer.Ordinal);
        var plural = known.Key + "s";
        Assert.DoesNotContain(plural, keywordSet);

        // A read-only store never builds the analytics cache, so it reads the base tables. The
        // writable store builds the cache and reads it.
        foreach (var readOnly in new[] { true, false })
        {
            await using var store = readOnly
                ? await TrendStore.OpenReadOnlyAsync(_temp.DatabasePath, null, _none)
                : await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
            var analytics = new TrendAnalytics(store);

            var checks = await analytics.CheckKeywordsAsync([known.Key.ToUpperInvariant(), plural, "qqqzzz"], 3, _none);

            Assert.Equal([known.Key, plural, "qqqzzz"], checks.Select(c => c.Keyword));
            Assert.Equal(known.Count(), checks[0].Papers);
            Assert.Equal(0, checks[1].Papers);
            Assert.Equal(known.Key, checks[1].Similar[0]);
            Assert.Equal(0, checks[2].Papers);
            Assert.Empty(checks[2].Similar);
        }
    }

    private static List<PaperRecord> Merge(List<(PaperRecord Record, int FileIndex)> records)
    {
        return records
            .GroupBy(r => r.Record.Id)
            .Select(g =>
            {
                var latest = g
                    .OrderBy(r => r.Record.Upvote?.ObservedOn ?? r.Record.FeaturedOn ?? r.Record.PublishedOn)
                    .ThenBy(r => r.FileIndex)
                    .Last()
                    .Record;
                var upvote = g.Select(r => r.Record.Upvote)
                    .Where(u => u is not null)
                    .OrderBy(u => u!.ObservedOn)
                    .ThenBy(u => u!.Upvotes)
                    .LastOrDefault();
                var featured = g.Select(r => r.Record.FeaturedOn).Where(d => d is not null).Min();
                return latest with { FeaturedOn = featured, Upvote = upvote };
            })
            .ToList();
    }

    private static TopicModelResult ModelRun(List<PaperRecord> papers)
    {
        var topics = Enumerable.Range(0, TopicCount)
            .Select(id => new TopicInfo(id, $"topic {id}", papers.Count(p => TopicOf(p.Id) == id), []))
            .ToList();

        return new TopicModelResult(
            new TopicModelOptions { TopicCount = TopicCount },
            topics,
            papers.Select(p => new TopicAssignment(p.Id, TopicOf(p.Id), 1.0)).ToList(),
            papers.SelectMany(p => KeywordsOf(p).Select(k => new PaperKeyword(p.Id, k, 1.0))).ToList(),
            new Dictionary<string, double>(),
            "id-hash");
    }

    private static int TopicOf(string paperId) => paperId.Sum(c => c) % TopicCount;

    private static IEnumerable<string> KeywordsOf(PaperRecord paper) => paper.SourceKeywords.Distinct(StringComparer.Ordinal);

    private static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
