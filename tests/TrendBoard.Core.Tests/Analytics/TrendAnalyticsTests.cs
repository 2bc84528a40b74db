using TrendBoard.Core.Analytics;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Tests.Storage;
using TrendBoard.Core.Topics;
using static TrendBoard.Core.Tests.Storage.TestPapers;

namespace TrendBoard.Core.Tests.Analytics;

public sealed class TrendAnalyticsTests : IDisposable
{
    private static readonly string[] KeywordPool = ["agents", "diffusion", "llm", "rl", "vision", "video"];
    private static readonly DateOnly CorpusFirstDay = Day("2024-01-03");
    private static readonly DateOnly CorpusLastDay = Day("2024-03-27");

    private readonly TempDatabase _temp = new();
    private readonly CancellationToken _none = CancellationToken.None;

    public void Dispose()
    {
        _temp.Dispose();
    }

    [Fact]
    public async Task WeekVolumeMatchesIndependentCount()
    {
        var (store, corpus) = await CreateCorpusStoreAsync();
        await using var _ = store;
        var analytics = new TrendAnalytics(store);

        // Both range ends fall mid-week, so the first and last bins are cut by the range.
        var filter = new TrendFilter(Day("2024-01-10"), Day("2024-03-13")) { Bin = TimeBin.Week };
        var actual = await analytics.GetTopicVolumeAsync(filter, _none);

        Assert.NotEmpty(actual);
        Assert.Equal(ExpectedVolume(corpus, filter), actual);
        Assert.All(actual, point => Assert.Equal(DayOfWeek.Monday, point.BinStart.DayOfWeek));
        Assert.True(actual.First().Partial);
        Assert.True(actual.Last().Partial);
        Assert.Contains(actual, point => !point.Partial);
    }

    [Fact]
    public async Task WeekVolumeFlagsBinsCutByStoredData()
    {
        var (store, corpus) = await CreateCorpusStoreAsync();
        await using var _ = store;
        var analytics = new TrendAnalytics(store);

        // The range covers whole weeks; the data starts and ends on Wednesdays.
        var filter = new TrendFilter(Day("2024-01-01"), Day("2024-03-31")) { Bin = TimeBin.Week };
        var actual = await analytics.GetTopicVolumeAsync(filter, _none);

        Assert.Equal(ExpectedVolume(corpus, filter), actual);
        Assert.Equal(Day("2024-01-01"), actual.First().BinStart);
        Assert.True(actual.First().Partial);
        Assert.Equal(Day("2024-03-25"), actual.Last().BinStart);
        Assert.True(actual.Last().Partial);
        Assert.All(actual.Where(p => p.BinStart > Day("2024-01-01") && p.BinStart < Day("2024-03-25")), p => Assert.False(p.Partial));
    }

    [Fact]
    public async Task WeekBinsStartOnMonday()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await store.ImportAsync(File(
            "week.json",
            Paper("2401.00001", Day("2024-01-08")),
            Paper("2401.00002", Day("2024-01-14")),
            Paper("2401.00003", Day("2024-01-15")),
            Paper("2401.00004", Day("2024-01-21"))), _none);
        await store.SaveModelRunAsync(
            Run([("2401.00001", 1), ("2401.00002", 0), ("2401.00003", 0), ("2401.00004", -1)], [], topicCount: 2),
            "fingerprint",
            _none);
        var analytics = new TrendAnalytics(store);

        var whole = await analytics.GetTopicVolumeAsync(new TrendFilter(Day("2024-01-08"), Day("2024-01-21")), _none);
        var cut = await analytics.GetTopicVolumeAsync(new TrendFilter(Day("2024-01-10"), Day("2024-01-16")), _none);

        // Sunday the 14th belongs to the week of Monday the 8th; Monday the 15th starts the next week.
        Assert.Equal(
            [
                new TopicVolumePoint(Day("2024-01-08"), 0, "topic 0", 1, 0.5, 2, false),
                new TopicVolumePoint(Day("2024-01-08"), 1, "topic 1", 1, 0.5, 2, false),
                new TopicVolumePoint(Day("2024-01-15"), -1, "Outliers", 1, 0.5, 2, false),
                new TopicVolumePoint(Day("2024-01-15"), 0, "topic 0", 1, 0.5, 2, false),
            ],
            whole);
        Assert.Equal(
            [
                new TopicVolumePoint(Day("2024-01-08"), 0, "topic 0", 1, 1.0, 1, true),
                new TopicVolumePoint(Day("2024-01-15"), 0, "topic 0", 1, 1.0, 1, true),
            ],
            cut);
    }

    [Fact]
    public async Task MonthAndDayVolumesMatchIndependentCount()
    {
        var (store, corpus) = await CreateCorpusStoreAsync();
        await using var _ = store;
        var analytics = new TrendAnalytics(store);
        var month = new TrendFilter(Day("2024-01-15"), Day("2024-03-31")) { Bin = TimeBin.Month };
        var day = new TrendFilter(Day("2024-02-01"), Day("2024-02-29")) { Bin = TimeBin.Day };

        var months = await analytics.GetTopicVolumeAsync(month, _none);
        var days = await analytics.GetTopicVolumeAsync(day, _none);

        Assert.Equal(ExpectedVolume(corpus, month), months);
        Assert.Equal([Day("2024-01-01"), Day("2024-02-01"), Day("2024-03-01")], months.Select(p => p.BinStart).Distinct());
        Assert.All(months.Where(p => p.BinStart == Day("2024-01-01")), p => Assert.True(p.Partial));
        Assert.All(months.Where(p => p.BinStart == Day("2024-02-01")), p => Assert.False(p.Partial));
        Assert.All(months.Where(p => p.BinStart == Day("2024-03-01")), p => Assert.True(p.Partial));
        Assert.Equal(ExpectedVolume(corpus, day), days);
        Assert.All(days, p => Assert.False(p.Partial));
    }

    [Fact]
    public async Task FeaturedBasisSkipsPapersWithoutFeaturedDay()
    {
        var (store, corpus) = await CreateCorpusStoreAsync();
        await using var _ = store;
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(Day("2024-01-01"), Day("2024-04-30")) { Bin = TimeBin.Week, DateBasis = DateBasis.Featured };

        var actual = await analytics.GetTopicVolumeAsync(filter, _none);

        Assert.Equal(ExpectedVolume(corpus, filter), actual);
        var assignedWithFeaturedDay = corpus.Count(p => p.TopicId is not null && p.FeaturedOn is not null);
        Assert.Equal(assignedWithFeaturedDay, actual.Sum(p => p.Papers));
        Assert.True(assignedWithFeaturedDay < corpus.Count(p => p.TopicId is not null));
    }

    [Fact]
    public async Task TopicFilterKeepsWholeBinTotals()
    {
        var (store, corpus) = await CreateCorpusStoreAsync();
        await using var _ = store;
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(Day("2024-01-01"), Day("2024-03-31")) { Bin = TimeBin.Month, TopicIds = [0, -1] };

        var actual = await analytics.GetTopicVolumeAsync(filter, _none);

        Assert.Equal(ExpectedVolume(corpus, filter), actual);
        Assert.All(actual, p => Assert.Contains(p.TopicId, filter.TopicIds));
        Assert.All(actual, p => Assert.True(p.BinTotal > p.Papers));
        Assert.Contains(actual, p => p.TopicId == -1 && p.TopicLabel == "Outliers");
    }

    [Fact]
    public async Task VolumeReadsCurrentModelRun()
    {
        var (store, corpus) = await CreateCorpusStoreAsync();
        await using var _ = store;
        var analytics = new TrendAnalytics(store);
        var everyPaperInTopic7 = Run(corpus.Select(p => (p.Id, 7)).ToList(), [], topicCount: 8);

        await store.SaveModelRunAsync(everyPaperInTopic7, "fingerprint-2", _none);
        var actual = await analytics.GetTopicVolumeAsync(new TrendFilter(CorpusFirstDay, CorpusLastDay) { Bin = TimeBin.Month }, _none);

        Assert.Equal(3, actual.Count);
        Assert.All(actual, p => Assert.Equal(7, p.TopicId));
        Assert.All(actual, p => Assert.Equal(1.0, p.Share));
        Assert.Equal(corpus.Count, actual.Sum(p => p.Papers));
    }

    [Fact]
    public async Task QueriesWithoutModelRunReturnNothing()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await store.ImportAsync(File("f.json", Paper("2401.00001", Day("2024-01-08"), upvote: new UpvoteObservation(Day("2024-01-08"), 3))), _none);
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(Day("2024-01-01"), Day("2024-01-31"));

        var summary = await analytics.GetSummaryAsync(_none);

        Assert.Equal(new CorpusSummary(1, Day("2024-01-08"), Day("2024-01-08"), null), summary);
        Assert.Empty(await analytics.GetTopicsAsync(_none));
        Assert.Empty(await analytics.GetTopicVolumeAsync(filter, _none));
        Assert.Empty(await analytics.GetTopicUpvotesAsync(filter, _none));
        Assert.Empty(await analytics.GetKeywordPairsAsync(filter, 1, 10, _none));
    }

    [Fact]
    public async Task KeywordPairsMatchHandCount()
    {
        await using var store = await KeywordStoreAsync();
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(Day("2024-01-01"), Day("2024-01-31"));

        var pairs = await analytics.GetKeywordPairsAsync(filter, minPapers: 1, limit: 10, _none);

        // Five papers in range; a is on 3, b on 3, c on 2; a+b on 2, a+c on 2, b+c on 1.
        Assert.Equal(["a|b", "a|c", "b|c"], pairs.Select(p => $"{p.KeywordA}|{p.KeywordB}"));
        Assert.Equal([2, 2, 1], pairs.Select(p => p.Papers));
        Assert.Equal(2.0 * 2 / (3 + 3), pairs[0].Dice, 12);
        Assert.Equal(2.0 * 2 / (3 + 2), pairs[1].Dice, 12);
        Assert.Equal(2.0 * 1 / (3 + 2), pairs[2].Dice, 12);
        Assert.Equal(Math.Log(0.4 / (0.6 * 0.6)) / -Math.Log(0.4), pairs[0].Npmi, 12);
        Assert.Equal(Math.Log(0.4 / (0.6 * 0.4)) / -Math.Log(0.4), pairs[1].Npmi, 12);
        Assert.Equal(Math.Log(0.2 / (0.6 * 0.4)) / -Math.Log(0.2), pairs[2].Npmi, 12);
    }

    [Fact]
    public async Task NpmiOfAlwaysPairedKeywordsIsOne()
    {
        // Nine of ten papers in each month carry both "a" and "b". Unclamped, ln(p / p²) / -ln(p)
        // with p = 0.9 gives 1.0000000000000007 in double arithmetic.
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        var papers = new List<PaperRecord>();
        var keywords = new List<PaperKeyword>();
        foreach (var month in new[] { 1, 2 })
        {
            for (var i = 1; i <= 10; i++)
            {
                var id = $"240{month}.{i:D5}";
                papers.Add(Paper(id, new DateOnly(2024, month, i)));
                if (i <= 9)
                {
                    keywords.Add(new PaperKeyword(id, "a", 1.0));
                    keywords.Add(new PaperKeyword(id, "b", 1.0));
                }
            }
        }

        await store.ImportAsync(File("paired.json", [.. papers]), _none);
        await store.SaveModelRunAsync(Run(papers.Select(p => (p.Id, 0)).ToList(), keywords, topicCount: 1), "fingerprint", _none);
        var analytics = new TrendAnalytics(store);
        var january = new TrendFilter(Day("2024-01-01"), Day("2024-01-31"));
        var twoMonths = new TrendFilter(Day("2024-01-01"), Day("2024-02-29"));
        var periods = new KeywordChangeOptions
        {
            PeriodA = new DayRange(Day("2024-01-01"), Day("2024-01-31")),
            PeriodB = new DayRange(Day("2024-02-01"), Day("2024-02-29")),
        };

        var pairs = await analytics.GetKeywordPairsAsync(january, minPapers: 1, limit: 10, _none);
        var changes = await analytics.GetKeywordPairChangesAsync(twoMonths, periods, _none);

        var pair = Assert.Single(pairs);
        Assert.Equal(9, pair.Papers);
        Assert.Equal(1.0, pair.Npmi);
        var change = Assert.Single(changes.Pairs);
        Assert.Equal(1.0, change.NpmiA);
        Assert.Equal(1.0, change.NpmiB);
    }

    [Fact]
    public async Task KeywordPairsHonourMinPapersLimitAndTopics()
    {
        await using var store = await KeywordStoreAsync();
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(Day("2024-01-01"), Day("2024-01-31"));

        var frequent = await analytics.GetKeywordPairsAsync(filter, minPapers: 2, limit: 10, _none);
        var first = await analytics.GetKeywordPairsAsync(filter, minPapers: 1, limit: 1, _none);
        var topicZero = await analytics.GetKeywordPairsAsync(filter with { TopicIds = [0] }, minPapers: 1, limit: 10, _none);

        Assert.Equal(["a|b", "a|c"], frequent.Select(p => $"{p.KeywordA}|{p.KeywordB}"));
        Assert.Equal(["a|b"], first.Select(p => $"{p.KeywordA}|{p.KeywordB}"));

        // Topic 0 contains two papers, {a, b, c} and {a, b}: a+b is on every paper, so p_ab = 1.
        Assert.Equal(["a|b", "a|c", "b|c"], topicZero.Select(p => $"{p.KeywordA}|{p.KeywordB}"));
        Assert.Equal(1.0, topicZero[0].Dice, 12);
        Assert.Equal(1.0, topicZero[0].Npmi, 12);
        Assert.Equal(2.0 / 3, topicZero[1].Dice, 12);
        Assert.Equal(0.0, topicZero[1].Npmi, 12);
    }

    [Fact]
    public async Task KeywordPairsRejectInvalidLimits()
    {
        await using var store = await KeywordStoreAsync();
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(Day("2024-01-01"), Day("2024-01-31"));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => analytics.GetKeywordPairsAsync(filter, minPapers: 0, limit: 10, _none));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => analytics.GetKeywordPairsAsync(filter, minPapers: 1, limit: 0, _none));
    }

    [Fact]
    public async Task UpvotesMatchIndependentAggregates()
    {
        var (store, corpus) = await CreateCorpusStoreAsync();
        await using var _ = store;
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(Day("2024-01-10"), Day("2024-03-20")) { Bin = TimeBin.Week };

        var actual = await analytics.GetTopicUpvotesAsync(filter, _none);

        var expected = ExpectedUpvotes(corpus, filter);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i] with { UpvoteMedian = 0 }, actual[i] with { UpvoteMedian = 0 });
            Assert.Equal(expected[i].UpvoteMedian, actual[i].UpvoteMedian, 9);
        }

        Assert.Contains(actual, p => p.Papers % 2 == 0 && p.Papers > 0);
    }

    [Fact]
    public async Task InvertedRangeIsRejected()
    {
        var (store, _) = await CreateCorpusStoreAsync();
        await using var __ = store;
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(Day("2024-03-01"), Day("2024-02-01"));

        var volume = await Assert.ThrowsAsync<ArgumentException>(() => analytics.GetTopicVolumeAsync(filter, _none));
        await Assert.ThrowsAsync<ArgumentException>(() => analytics.GetTopicUpvotesAsync(filter, _none));
        await Assert.ThrowsAsync<ArgumentException>(() => analytics.GetKeywordPairsAsync(filter, 1, 10, _none));

        Assert.Contains("2024-03-01", volume.Message, StringComparison.Ordinal);
        Assert.Contains("2024-02-01", volume.Message, StringComparison.Ordinal);
        Assert.Contains("swap", volume.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task EmptyRangeReturnsEmptyLists()
    {
        var (store, _) = await CreateCorpusStoreAsync();
        await using var __ = store;
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(Day("2030-01-01"), Day("2030-12-31"));

        Assert.Empty(await analytics.GetTopicVolumeAsync(filter, _none));
        Assert.Empty(await analytics.GetTopicUpvotesAsync(filter, _none));
        Assert.Empty(await analytics.GetKeywordPairsAsync(filter, 1, 10, _none));
    }

    [Fact]
    public async Task SummaryAndTopicsDescribeCurrentRun()
    {
        var (store, corpus) = await CreateCorpusStoreAsync();
        await using var _ = store;
        var analytics = new TrendAnalytics(store);
        var runId = (await store.GetCurrentModelRunAsync(_none))!.Id;

        var summary = await analytics.GetSummaryAsync(_none);
        var topics = await analytics.GetTopicsAsync(_none);

        Assert.Equal(new CorpusSummary(corpus.Count, CorpusFirstDay, CorpusLastDay, runId), summary);
        Assert.Equal([0, 1, 2], topics.Select(t => t.TopicId));
        Assert.Equal("topic 1", topics[1].Label);
        Assert.Equal([1, 2], topics[1].Terms.Select(t => t.Rank));
        Assert.Equal(["term-1-a", "term-1-b"], topics[1].Terms.Select(t => t.Term));
    }

    private sealed record CorpusPaper(string Id, DateOnly PublishedOn, DateOnly? FeaturedOn, int? Upvotes, int? TopicId, IReadOnlyList<string> Keywords);

    /// <summary>
    /// Builds a store with 160 generated papers from Wednesday 2024-01-03 to Wednesday 2024-03-27
    /// and a model run with topics 0..2, outliers (-1) and a few unassigned papers.
    /// </summary>
    private async Task<(TrendStore Store, List<CorpusPaper> Corpus)> CreateCorpusStoreAsync()
    {
        var random = new Random(20240103);
        var corpus = new List<CorpusPaper>();
        var span = CorpusLastDay.DayNumber - CorpusFirstDay.DayNumber;
        for (var i = 0; i < 160; i++)
        {
            var published = i switch
            {
                0 => CorpusFirstDay,
                1 => CorpusLastDay,
                _ => CorpusFirstDay.AddDays(random.Next(span + 1)),
            };
            DateOnly? featured = random.Next(4) == 0 ? null : published.AddDays(random.Next(10));
            int? upvotes = random.Next(5) == 0 ? null : random.Next(301);
            int? topic = random.Next(20) == 0 ? null : random.Next(-1, 3);
            var keywords = KeywordPool.Where(_ => random.Next(3) == 0).ToList();
            corpus.Add(new CorpusPaper($"2401.{i:D5}", published, featured, upvotes, topic, keywords));
        }

        var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        foreach (var month in corpus.GroupBy(p => p.PublishedOn.Month))
        {
            var records = month.Select(p => Paper(
                p.Id,
                p.PublishedOn,
                p.FeaturedOn,
                p.Upvotes is { } count ? new UpvoteObservation(p.FeaturedOn ?? p.PublishedOn, count) : null,
                keywords: p.Keywords)).ToArray();
            await store.ImportAsync(File($"2024-{month.Key:D2}.json", records), _none);
        }

        var assignments = corpus.Where(p => p.TopicId is not null).Select(p => (p.Id, p.TopicId!.Value)).ToList();
        var keywordRows = corpus.Where(p => p.TopicId is not null).SelectMany(p => p.Keywords.Select(k => new PaperKeyword(p.Id, k, 1.0))).ToList();
        await store.SaveModelRunAsync(Run(assignments, keywordRows, topicCount: 3), "fingerprint-1", _none);

        return (store, corpus);
    }

    /// <summary>
    /// Builds a store for hand-counted keyword pairs: papers 1-5 in January 2024 (1 and 2 in
    /// topic 0), paper 6 in February with keywords that must not count.
    /// </summary>
    private async Task<TrendStore> KeywordStoreAsync()
    {
        var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await store.ImportAsync(File(
            "keywords.json",
            Paper("2401.00001", Day("2024-01-02")),
            Paper("2401.00002", Day("2024-01-03")),
            Paper("2401.00003", Day("2024-01-04")),
            Paper("2401.00004", Day("2024-01-05")),
            Paper("2401.00005", Day("2024-01-06")),
            Paper("2402.00006", Day("2024-02-01"))), _none);

        PaperKeyword Keyword(string paperId, string keyword) => new(paperId, keyword, 1.0);
        var keywords = new List<PaperKeyword>
        {
            Keyword("2401.00001", "a"), Keyword("2401.00001", "b"), Keyword("2401.00001", "c"),
            Keyword("2401.00002", "a"), Keyword("2401.00002", "b"), Keyword("2401.00002", "a"),
            Keyword("2401.00003", "a"), Keyword("2401.00003", "c"),
            Keyword("2401.00004", "b"),
            Keyword("2402.00006", "b"), Keyword("2402.00006", "c"),
        };
        var assignments = new List<(string, int)>
        {
            ("2401.00001", 0), ("2401.00002", 0), ("2401.00003", 1), ("2401.00004", 1), ("2401.00005", -1), ("2402.00006", 1),
        };
        await store.SaveModelRunAsync(Run(assignments, keywords, topicCount: 2), "fingerprint", _none);
        return store;
    }

    private static TopicModelResult Run(IReadOnlyList<(string PaperId, int TopicId)> assignments, IReadOnlyList<PaperKeyword> keywords, int topicCount)
    {
        var topics = Enumerable.Range(0, topicCount)
            .Select(id => new TopicInfo(
                id,
                $"topic {id}",
                assignments.Count(a => a.TopicId == id),
                [new TopicTerm(1, $"term-{id}-a", 0.9), new TopicTerm(2, $"term-{id}-b", 0.4)]))
            .ToList();

        return new TopicModelResult(
            new TopicModelOptions { TopicCount = topicCount, Seed = 7 },
            topics,
            assignments.Select(a => new TopicAssignment(a.PaperId, a.TopicId, 1.0)).ToList(),
            keywords,
            new Dictionary<string, double>(),
            "test-fixture");
    }

    private static List<TopicVolumePoint> ExpectedVolume(List<CorpusPaper> corpus, TrendFilter filter)
    {
        var (inRange, dataFirst, dataLast) = PapersInRange(corpus, filter);
        var totals = inRange.GroupBy(x => BinStart(x.Day, filter.Bin)).ToDictionary(g => g.Key, g => g.Count());

        return inRange
            .Where(x => filter.TopicIds.Count == 0 || filter.TopicIds.Contains(x.Paper.TopicId!.Value))
            .GroupBy(x => (Bin: BinStart(x.Day, filter.Bin), Topic: x.Paper.TopicId!.Value))
            .OrderBy(g => g.Key.Bin)
            .ThenBy(g => g.Key.Topic)
            .Select(g => new TopicVolumePoint(
                g.Key.Bin,
                g.Key.Topic,
                LabelOf(g.Key.Topic),
                g.Count(),
                (double)g.Count() / totals[g.Key.Bin],
                totals[g.Key.Bin],
                IsPartial(g.Key.Bin, filter, dataFirst, dataLast)))
            .ToList();
    }

    private static List<TopicUpvotePoint> ExpectedUpvotes(List<CorpusPaper> corpus, TrendFilter filter)
    {
        var (inRange, dataFirst, dataLast) = PapersInRange(corpus, filter);

        return inRange
            .Where(x => x.Paper.Upvotes is not null)
            .GroupBy(x => (Bin: BinStart(x.Day, filter.Bin), Topic: x.Paper.TopicId!.Value))
            .OrderBy(g => g.Key.Bin)
            .ThenBy(g => g.Key.Topic)
            .Select(g =>
            {
                var counts = g.Select(x => x.Paper.Upvotes!.Value).Order().ToList();
                var median = counts.Count % 2 == 1
                    ? counts[counts.Count / 2]
                    : (counts[(counts.Count / 2) - 1] + counts[counts.Count / 2]) / 2.0;
                return new TopicUpvotePoint(
                    g.Key.Bin,
                    g.Key.Topic,
                    LabelOf(g.Key.Topic),
                    counts.Count,
                    counts.Sum(c => (long)c),
                    median,
                    counts.Max(),
                    IsPartial(g.Key.Bin, filter, dataFirst, dataLast));
            })
            .ToList();
    }

    /// <summary>
    /// Returns the assigned papers whose day (of the filter's basis) lies in the range, and the
    /// first and last day over all stored papers.
    /// </summary>
    private static (List<(CorpusPaper Paper, DateOnly Day)> InRange, DateOnly First, DateOnly Last) PapersInRange(List<CorpusPaper> corpus, TrendFilter filter)
    {
        var dated = corpus
            .Select(p => (Paper: p, Day: filter.DateBasis == DateBasis.Published ? p.PublishedOn : p.FeaturedOn))
            .Where(x => x.Day is not null)
            .Select(x => (x.Paper, Day: x.Day!.Value))
            .ToList();
        var inRange = dated
            .Where(x => x.Paper.TopicId is not null && x.Day >= filter.From && x.Day <= filter.To)
            .ToList();

        return (inRange, dated.Min(x => x.Day), dated.Max(x => x.Day));
    }

    private static bool IsPartial(DateOnly binStart, TrendFilter filter, DateOnly dataFirst, DateOnly dataLast)
    {
        var binEnd = filter.Bin switch
        {
            TimeBin.Day => binStart,
            TimeBin.Week => binStart.AddDays(6),
            _ => binStart.AddMonths(1).AddDays(-1),
        };
        var coveredFrom = filter.From > dataFirst ? filter.From : dataFirst;
        var coveredTo = filter.To < dataLast ? filter.To : dataLast;
        return binStart < coveredFrom || binEnd > coveredTo;
    }

    private static DateOnly BinStart(DateOnly day, TimeBin bin)
    {
        return bin switch
        {
            TimeBin.Day => day,
            TimeBin.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            _ => new DateOnly(day.Year, day.Month, 1),
        };
    }

    private static string LabelOf(int topicId)
    {
        return topicId == -1 ? "Outliers" : $"topic {topicId}";
    }
}
