using TrendBoard.Core.Analytics;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Tests.Storage;
using static TrendBoard.Core.Tests.Analytics.InsightCorpus;
using static TrendBoard.Core.Tests.Storage.TestPapers;

namespace TrendBoard.Core.Tests.Analytics;

/// <summary>
/// The keyword change, upvote, topic shift, drill-down and summary queries against a generated
/// corpus; every expected value is computed with LINQ over the corpus records.
/// </summary>
public sealed class TrendInsightsTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly CancellationToken _none = CancellationToken.None;

    public void Dispose()
    {
        _temp.Dispose();
    }

    [Fact]
    public async Task KeywordChangesMatchIndependentCount()
    {
        var corpus = Generate();
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(FirstDay, LastDay);
        var options = new KeywordChangeOptions { MinPapers = 2, Limit = 1000 };

        var report = await analytics.GetKeywordPairChangesAsync(filter, options, _none);

        // 182 days split into 91 + 91.
        Assert.Equal(new DayRange(FirstDay, Day("2024-03-31")), report.PeriodA);
        Assert.Equal(new DayRange(Day("2024-04-01"), LastDay), report.PeriodB);
        var expected = ExpectedKeywordChanges(corpus, filter, report.PeriodA, report.PeriodB, options);
        Assert.Equal(expected.TotalA, report.PeriodPapersA);
        Assert.Equal(expected.TotalB, report.PeriodPapersB);
        AssertPairChanges(expected.Pairs, report.Pairs);
        Assert.Equal(15, report.Pairs.Count);
    }

    [Fact]
    public async Task KeywordChangesHonourPeriodsTopicsAndKeywords()
    {
        var corpus = Generate();
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(FirstDay, LastDay)
        {
            TopicIds = [0, 3],
            Keywords = ["llm", "vision"],
            KeywordMatch = KeywordMatch.Any,
            DateBasis = DateBasis.Featured,
        };
        var options = new KeywordChangeOptions
        {
            PeriodA = new DayRange(Day("2024-01-15"), Day("2024-02-29")),
            PeriodB = new DayRange(Day("2024-05-06"), Day("2024-06-20")),
            MinPapers = 1,
            Limit = 5,
            GrowthRatio = 2,
        };

        var report = await analytics.GetKeywordPairChangesAsync(filter, options, _none);

        var expected = ExpectedKeywordChanges(corpus, filter, options.PeriodA, options.PeriodB, options);
        Assert.Equal(expected.TotalA, report.PeriodPapersA);
        Assert.Equal(expected.TotalB, report.PeriodPapersB);
        AssertPairChanges(expected.Pairs, report.Pairs);
        Assert.Equal(5, report.Pairs.Count);
    }

    [Fact]
    public void KeywordPairStatusFollowsRule()
    {
        Assert.Equal(KeywordPairStatus.New, TrendAnalytics.PairStatus(0, 0, 3, 0.1, 1.5));
        Assert.Equal(KeywordPairStatus.Gone, TrendAnalytics.PairStatus(3, 0.1, 0, 0, 1.5));
        Assert.Equal(KeywordPairStatus.Growing, TrendAnalytics.PairStatus(2, 0.1, 3, 0.151, 1.5));
        Assert.Equal(KeywordPairStatus.Stable, TrendAnalytics.PairStatus(2, 0.1, 3, 0.149, 1.5));
        Assert.Equal(KeywordPairStatus.Stable, TrendAnalytics.PairStatus(2, 0.1, 3, 0.0667, 1.5));
        Assert.Equal(KeywordPairStatus.Fading, TrendAnalytics.PairStatus(3, 0.15, 2, 0.099, 1.5));
    }

    [Fact]
    public async Task KeywordChangesRejectInvalidPeriods()
    {
        var corpus = Generate(count: 20);
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(Day("2024-02-01"), Day("2024-02-29"));
        var inside = new DayRange(Day("2024-02-01"), Day("2024-02-10"));
        var later = new DayRange(Day("2024-02-11"), Day("2024-02-29"));

        var outside = await Assert.ThrowsAsync<ArgumentException>(() => analytics.GetKeywordPairChangesAsync(
            filter, new KeywordChangeOptions { PeriodA = new DayRange(Day("2024-01-20"), Day("2024-02-05")), PeriodB = later }, _none));
        var reversed = await Assert.ThrowsAsync<ArgumentException>(() => analytics.GetKeywordPairChangesAsync(
            filter, new KeywordChangeOptions { PeriodA = later, PeriodB = inside }, _none));
        var single = await Assert.ThrowsAsync<ArgumentException>(() => analytics.GetKeywordPairChangesAsync(
            filter, new KeywordChangeOptions { PeriodA = inside }, _none));
        var oneDay = await Assert.ThrowsAsync<ArgumentException>(() => analytics.GetKeywordPairChangesAsync(
            new TrendFilter(Day("2024-02-01"), Day("2024-02-01")), new KeywordChangeOptions(), _none));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => analytics.GetKeywordPairChangesAsync(
            filter, new KeywordChangeOptions { GrowthRatio = 1 }, _none));

        Assert.Contains("2024-01-20", outside.Message, StringComparison.Ordinal);
        Assert.Contains("must end before", reversed.Message, StringComparison.Ordinal);
        Assert.Contains("set both", single.Message, StringComparison.Ordinal);
        Assert.Contains("one day", oneDay.Message, StringComparison.Ordinal);
        Assert.Contains("Period A 2024-01-20..2024-02-05 is not inside", outside.Message, StringComparison.Ordinal);
        Assert.Contains("give the earlier period as period A", reversed.Message, StringComparison.Ordinal);
        Assert.Contains("Only period A is set", single.Message, StringComparison.Ordinal);
        Assert.Contains("set both comparison periods (period A and period B)", oneDay.Message, StringComparison.Ordinal);
        foreach (var error in new[] { outside, reversed, single, oneDay })
        {
            Assert.DoesNotContain("PeriodA", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("PeriodB", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task KeywordFilterNarrowsVolumeButNotBinTotals()
    {
        var corpus = Generate();
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(FirstDay, LastDay) { Bin = TimeBin.Month, Keywords = ["llm", "vision"] };

        var actual = await analytics.GetTopicVolumeAsync(filter, _none);

        var totals = corpus.InRange(filter).GroupBy(x => BinStart(x.Day, filter.Bin)).ToDictionary(g => g.Key, g => g.Count());
        var expected = corpus.Selected(filter)
            .GroupBy(x => (Bin: BinStart(x.Day, filter.Bin), Topic: x.Paper.TopicId!.Value))
            .OrderBy(g => g.Key.Bin)
            .ThenBy(g => g.Key.Topic)
            .Select(g => (g.Key.Bin, g.Key.Topic, Papers: g.Count(), Total: totals[g.Key.Bin]))
            .ToList();
        Assert.Equal(expected, actual.Select(p => (p.BinStart, p.TopicId, p.Papers, p.BinTotal)).ToList());
        Assert.All(corpus.Selected(filter), x => Assert.Contains("llm", x.Paper.Keywords));
        Assert.True(actual.Sum(p => p.Papers) < corpus.InRange(filter).Count);
    }

    [Fact]
    public async Task KeywordFilterIgnoresCase()
    {
        var corpus = Generate();
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);
        var lower = new TrendFilter(FirstDay, LastDay) { Bin = TimeBin.Month, Keywords = ["llm", "vision"] };
        var mixed = lower with { Keywords = [" LLM", "Vision "] };

        var expected = await analytics.GetTopicVolumeAsync(lower, _none);
        var actual = await analytics.GetTopicVolumeAsync(mixed, _none);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task KeywordFilterRejectsEmptyKeyword()
    {
        var corpus = Generate(count: 20);
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => analytics.GetTopicVolumeAsync(
            new TrendFilter(FirstDay, LastDay) { Keywords = ["llm", " "] }, _none));

        Assert.Contains("Keyword 1 is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpvoteDetailsMatchIndependentCount()
    {
        var corpus = Generate();
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(Day("2024-01-10"), Day("2024-06-19")) { Bin = TimeBin.Month };

        var actual = await analytics.GetTopicUpvoteDetailsAsync(filter, topPapers: 3, _none);

        var (dataFirst, dataLast) = corpus.StoredDays(filter.DateBasis);
        var expected = corpus.Selected(filter)
            .GroupBy(x => (Bin: BinStart(x.Day, filter.Bin), Topic: x.Paper.TopicId!.Value))
            .OrderBy(g => g.Key.Bin)
            .ThenBy(g => g.Key.Topic)
            .Select(g => new
            {
                g.Key.Bin,
                g.Key.Topic,
                Papers = g.Count(),
                WithCount = g.Count(x => x.Paper.Upvotes is not null),
                Upvoted = g.Count(x => x.Paper.Upvotes > 0),
                Top = g.Where(x => x.Paper.Upvotes > 0)
                    .OrderByDescending(x => x.Paper.Upvotes)
                    .ThenBy(x => x.Paper.Id, StringComparer.Ordinal)
                    .Take(3)
                    .Select((x, i) => new PaperUpvotes(i + 1, x.Paper.Id, x.Paper.Title, x.Paper.Upvotes!.Value))
                    .ToList(),
                Partial = IsPartial(g.Key.Bin, filter, dataFirst, dataLast),
            })
            .ToList();

        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(
                (expected[i].Bin, expected[i].Topic, LabelOf(expected[i].Topic), expected[i].Papers, expected[i].WithCount, expected[i].Upvoted, expected[i].Partial),
                (actual[i].BinStart, actual[i].TopicId, actual[i].TopicLabel, actual[i].Papers, actual[i].PapersWithCount, actual[i].PapersUpvoted, actual[i].Partial));
            Assert.Equal(expected[i].Top, actual[i].TopPapers);
        }

        Assert.Contains(actual, d => d.PapersWithCount < d.Papers);
        Assert.Contains(actual, d => d.TopPapers.Count == 3);
    }

    [Fact]
    public async Task UpvoteGrowthMatchesSnapshots()
    {
        var corpus = Generate();
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(Day("2024-02-01"), Day("2024-05-31")) { TopicIds = [0, 1, 3] };

        var actual = await analytics.GetUpvoteGrowthAsync(filter, limit: 1000, _none);
        var limited = await analytics.GetUpvoteGrowthAsync(filter, limit: 7, _none);

        var expected = corpus.Selected(filter)
            .Where(x => x.Paper.Observations.Select(o => o.Day).Distinct().Count() >= 2)
            .Select(x =>
            {
                var first = x.Paper.Observations.MinBy(o => o.Day)!;
                var last = x.Paper.Observations.MaxBy(o => o.Day)!;
                var delta = last.Upvotes - first.Upvotes;
                return new PaperUpvoteGrowth(
                    x.Paper.Id,
                    x.Paper.Title,
                    x.Paper.TopicId!.Value,
                    LabelOf(x.Paper.TopicId!.Value),
                    first.Day,
                    first.Upvotes,
                    last.Day,
                    last.Upvotes,
                    x.Paper.Observations.Count,
                    delta,
                    (double)delta / (last.Day.DayNumber - first.Day.DayNumber));
            })
            .OrderByDescending(g => g.PerDay)
            .ThenByDescending(g => g.Delta)
            .ThenBy(g => g.PaperId, StringComparer.Ordinal)
            .ToList();

        Assert.True(expected.Count > 20, $"only {expected.Count} papers grew");
        Assert.Equal(expected.Select(g => g with { PerDay = 0 }), actual.Select(g => g with { PerDay = 0 }));
        Assert.Equal(expected.Select(g => g.PerDay), actual.Select(g => g.PerDay), new ToleranceComparer(1e-12));
        Assert.Equal(expected.Take(7).Select(g => g.PaperId), limited.Select(g => g.PaperId));
    }

    [Fact]
    public async Task GrowthUsesLowestFirstHighestLast()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        var published = Day("2024-03-01");
        await store.ImportAsync(File("a.json", Paper("2403.00001", published, upvote: new(Day("2024-03-01"), 10), source: "source-a")), _none);
        await store.ImportAsync(File("b.json", Paper("2403.00001", published, upvote: new(Day("2024-03-01"), 4), source: "source-b")), _none);
        await store.ImportAsync(File("c.json", Paper("2403.00001", published, upvote: new(Day("2024-03-05"), 20), source: "source-a")), _none);
        await store.ImportAsync(File("d.json", Paper("2403.00001", published, upvote: new(Day("2024-03-05"), 26), source: "source-b")), _none);
        await store.SaveModelRunAsync(ModelRun([new CorpusPaper("2403.00001", "t", published, null, [], 0, [])], topicCount: 1), "f", _none);
        var analytics = new TrendAnalytics(store);

        var growth = Assert.Single(await analytics.GetUpvoteGrowthAsync(new TrendFilter(published, published), 10, _none));

        Assert.Equal((Day("2024-03-01"), 4, Day("2024-03-05"), 26, 2, 22), (growth.FirstObservedOn, growth.FirstUpvotes, growth.LastObservedOn, growth.LastUpvotes, growth.ObservedDays, growth.Delta));
        Assert.Equal(22 / 4.0, growth.PerDay, 12);
    }

    [Fact]
    public async Task TopicShiftsMatchIndependentCounts()
    {
        var corpus = Generate();
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(FirstDay, LastDay);
        var options = new TopicShiftOptions { TopPapers = 3 };

        var report = await analytics.GetTopicShiftsAsync(filter, options, _none);

        // The last 8 weeks of Monday 2024-01-01..Sunday 2024-06-30, and the 26 weeks before them,
        // cut at the first stored day.
        var recent = new DayRange(Day("2024-05-06"), LastDay);
        var baseline = new DayRange(FirstDay, Day("2024-05-05"));
        Assert.Equal(recent, report.Recent);
        Assert.Equal(baseline, report.Baseline);
        var expected = ExpectedShifts(corpus, filter, recent, baseline, options);
        Assert.Equal(expected.RecentTotal, report.RecentTotal);
        Assert.Equal(expected.BaselineTotal, report.BaselineTotal);
        AssertShifts(expected.Topics, report.Topics);

        Assert.Equal([0, 1, 2, 3, 4], report.Topics.Select(t => t.TopicId));
        Assert.Equal(TopicShiftStatus.Fading, report.Topics[2].Status);
        Assert.Equal(TopicShiftStatus.Emerging, report.Topics[3].Status);
        Assert.Equal(TopicShiftStatus.Steady, report.Topics[4].Status);
        Assert.Equal((0, 0), (report.Topics[4].RecentPapers, report.Topics[4].BaselinePapers));
        Assert.Null(report.Topics[4].ShareRatio);
    }

    [Fact]
    public async Task TopicShiftsUseChosenTestAndWindows()
    {
        var corpus = Generate();
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);

        // The range runs a month past the data, so the windows end on the last stored day.
        var filter = new TrendFilter(Day("2024-02-01"), Day("2024-07-31")) { TopicIds = [3, -1], Keywords = ["llm"] };
        var options = new TopicShiftOptions { RecentWeeks = 4, BaselineWeeks = 6, Test = ProportionTest.TwoProportionZ, Alpha = 0.2, TopPapers = 2 };

        var report = await analytics.GetTopicShiftsAsync(filter, options, _none);

        var recent = new DayRange(Day("2024-06-03"), LastDay);
        var baseline = new DayRange(Day("2024-04-22"), Day("2024-06-02"));
        Assert.Equal(recent, report.Recent);
        Assert.Equal(baseline, report.Baseline);
        Assert.Equal(ProportionTest.TwoProportionZ, report.Test);
        var expected = ExpectedShifts(corpus, filter, recent, baseline, options);
        AssertShifts(expected.Topics, report.Topics);
        Assert.Equal([-1, 3], report.Topics.Select(t => t.TopicId));
    }

    [Fact]
    public void ShiftWindowsShortenAtRangeStart()
    {
        var options = new TopicShiftOptions();

        var (recentOnly, none) = TrendAnalytics.ShiftWindows(new DayRange(Day("2024-01-01"), Day("2024-02-15")), options);
        var (recent, shortBaseline) = TrendAnalytics.ShiftWindows(new DayRange(Day("2024-01-01"), Day("2024-03-31")), options);

        Assert.Equal(new DayRange(Day("2024-01-01"), Day("2024-02-15")), recentOnly);
        Assert.Null(none);
        Assert.Equal(new DayRange(Day("2024-02-05"), Day("2024-03-31")), recent);
        Assert.Equal(new DayRange(Day("2024-01-01"), Day("2024-02-04")), shortBaseline);
    }

    [Fact]
    public async Task DrillDownMatchesIndependentSelection()
    {
        var corpus = Generate();
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);

        // The bin of Monday 2024-02-26 is cut by the range, which starts on Wednesday the 28th.
        var filter = new TrendFilter(Day("2024-02-28"), Day("2024-04-30")) { Bin = TimeBin.Week };
        var point = new PaperDrillDown { TopicId = 2, BinStart = Day("2024-02-26"), Limit = 3 };
        var expected = corpus.Selected(filter)
            .Where(x => x.Paper.TopicId == 2 && x.Day <= Day("2024-03-03"))
            .OrderByDescending(x => x.Day)
            .ThenBy(x => x.Paper.Id, StringComparer.Ordinal)
            .Select(x => x.Paper.Id)
            .ToList();

        var pages = new List<PaperPage>();
        for (var offset = 0; offset < expected.Count + 3; offset += 3)
        {
            pages.Add(await analytics.GetPapersAsync(filter, point with { Offset = offset }, _none));
        }

        Assert.True(expected.Count >= 4, $"only {expected.Count} papers in the point");
        Assert.All(pages, page => Assert.Equal(expected.Count, page.Total));
        Assert.Equal(expected, pages.SelectMany(page => page.Papers).Select(p => p.PaperId));
        Assert.Empty(pages[^1].Papers);
        var first = pages[0].Papers[0];
        var paper = corpus.Papers.Single(p => p.Id == first.PaperId);
        Assert.Equal(
            new PaperListing(paper.Id, paper.Title, paper.PublishedOn, paper.FeaturedOn, paper.Upvotes, 2, "topic 2", $"https://huggingface.co/papers/{paper.Id}"),
            first);
    }

    [Fact]
    public async Task DrillDownSortsByUpvotesWithMissingLast()
    {
        var corpus = Generate();
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(Day("2024-03-01"), Day("2024-03-31")) { Bin = TimeBin.Month, DateBasis = DateBasis.Featured };

        var ascending = await analytics.GetPapersAsync(filter, new PaperDrillDown { SortBy = PaperSortKey.Upvotes, Descending = false, Limit = 1000 }, _none);
        var descending = await analytics.GetPapersAsync(filter, new PaperDrillDown { SortBy = PaperSortKey.Upvotes, Limit = 1000 }, _none);

        var selected = corpus.Selected(filter);
        var known = selected.Where(x => x.Paper.Upvotes is not null);
        var missing = selected.Where(x => x.Paper.Upvotes is null).OrderBy(x => x.Paper.Id, StringComparer.Ordinal).Select(x => x.Paper.Id).ToList();
        Assert.NotEmpty(missing);
        Assert.Equal(
            known.OrderBy(x => x.Paper.Upvotes).ThenBy(x => x.Paper.Id, StringComparer.Ordinal).Select(x => x.Paper.Id).Concat(missing),
            ascending.Papers.Select(p => p.PaperId));
        Assert.Equal(
            known.OrderByDescending(x => x.Paper.Upvotes).ThenBy(x => x.Paper.Id, StringComparer.Ordinal).Select(x => x.Paper.Id).Concat(missing),
            descending.Papers.Select(p => p.PaperId));
        Assert.All(ascending.Papers, p => Assert.NotNull(p.FeaturedOn));
    }

    [Fact]
    public async Task DrillDownOfKeywordPair()
    {
        var corpus = Generate();
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(FirstDay, LastDay) { TopicIds = [0, 1] };
        var pairs = await analytics.GetKeywordPairsAsync(filter, 1, 1, _none);
        var pair = Assert.Single(pairs);

        var page = await analytics.GetPapersAsync(filter, new PaperDrillDown { Keywords = [pair.KeywordA, pair.KeywordB], SortBy = PaperSortKey.Date, Descending = false, Limit = 1000 }, _none);

        var expected = corpus.Selected(filter)
            .Where(x => x.Paper.Keywords.Contains(pair.KeywordA) && x.Paper.Keywords.Contains(pair.KeywordB))
            .OrderBy(x => x.Day)
            .ThenBy(x => x.Paper.Id, StringComparer.Ordinal)
            .Select(x => x.Paper.Id)
            .ToList();
        Assert.Equal(pair.Papers, page.Total);
        Assert.Equal(expected, page.Papers.Select(p => p.PaperId));
    }

    [Fact]
    public async Task DrillDownRejectsInvalidPoints()
    {
        var corpus = Generate(count: 20);
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);
        var week = new TrendFilter(Day("2024-02-01"), Day("2024-02-29")) { Bin = TimeBin.Week };

        var tuesday = await Assert.ThrowsAsync<ArgumentException>(() => analytics.GetPapersAsync(week, new PaperDrillDown { BinStart = Day("2024-02-06") }, _none));
        var outside = await Assert.ThrowsAsync<ArgumentException>(() => analytics.GetPapersAsync(week, new PaperDrillDown { BinStart = Day("2024-03-04") }, _none));
        var midMonth = await Assert.ThrowsAsync<ArgumentException>(() => analytics.GetPapersAsync(week with { Bin = TimeBin.Month }, new PaperDrillDown { BinStart = Day("2024-02-15") }, _none));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => analytics.GetPapersAsync(week, new PaperDrillDown { Offset = -1 }, _none));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => analytics.GetPapersAsync(week, new PaperDrillDown { Limit = PaperDrillDown.MaxLimit + 1 }, _none));

        Assert.Contains("2024-02-06", tuesday.Message, StringComparison.Ordinal);
        Assert.Contains("outside the range", outside.Message, StringComparison.Ordinal);
        Assert.Contains("2024-02-15", midMonth.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrillDownLinksEachIdStyle()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        var day = Day("2024-03-01");
        await store.ImportAsync(File("f.json", Paper("2403.00001", day), Paper("cs/0610004", day)), _none);
        await store.SaveModelRunAsync(
            ModelRun([new CorpusPaper("2403.00001", "a", day, null, [], 0, []), new CorpusPaper("cs/0610004", "b", day, null, [], 0, [])], topicCount: 1),
            "f",
            _none);
        var analytics = new TrendAnalytics(store);

        var page = await analytics.GetPapersAsync(new TrendFilter(day, day), new PaperDrillDown(), _none);

        Assert.Equal(["2403.00001", "cs/0610004"], page.Papers.Select(p => p.PaperId));
        Assert.Equal("https://huggingface.co/papers/2403.00001", page.Papers[0].Url);
        Assert.Equal("https://arxiv.org/abs/cs/0610004", page.Papers[1].Url);
    }

    [Fact]
    public async Task TopicSummariesMatchIndependentCount()
    {
        var corpus = Generate();
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);

        // 2024-02-05..2024-06-30 has 147 days; the last quarter, rounded up, is 37 days.
        var filter = new TrendFilter(Day("2024-02-05"), Day("2024-07-20"));
        var report = await analytics.GetTopicSummariesAsync(filter, new TopicSummaryOptions { TopTerms = 2, TopPapers = 2 }, _none);

        var recent = new DayRange(Day("2024-05-25"), LastDay);
        Assert.Equal(recent, report.Recent);
        Assert.Equal(new DayRange(Day("2024-02-05"), Day("2024-05-24")), report.Earlier);
        var inRange = corpus.InRange(filter);
        var recentTotal = inRange.Count(x => recent.Contains(x.Day));
        var earlierTotal = inRange.Count - recentTotal;
        Assert.Equal((recentTotal, earlierTotal), (report.RecentTotal, report.EarlierTotal));
        Assert.Equal([-1, 0, 1, 2, 3, 4], report.Topics.Select(t => t.TopicId));

        foreach (var summary in report.Topics)
        {
            var papers = corpus.Selected(filter).Where(x => x.Paper.TopicId == summary.TopicId).ToList();
            var recentPapers = papers.Count(x => recent.Contains(x.Day));
            var earlierPapers = papers.Count - recentPapers;
            var recentShare = (double)recentPapers / recentTotal;
            var earlierShare = (double)earlierPapers / earlierTotal;
            var top = papers
                .OrderByDescending(x => x.Paper.Upvotes ?? int.MinValue)
                .ThenByDescending(x => x.Day)
                .ThenBy(x => x.Paper.Id, StringComparer.Ordinal)
                .Take(2)
                .Select(x => x.Paper.Id);

            Assert.Equal(LabelOf(summary.TopicId), summary.TopicLabel);
            Assert.Equal(corpus.Papers.Count(p => p.TopicId == summary.TopicId), summary.Size);
            Assert.Equal(papers.Count, summary.Papers);
            Assert.Equal(papers.Count == 0 ? null : papers.Min(x => x.Day), summary.FirstPaperOn);
            Assert.Equal(papers.Count == 0 ? null : papers.Max(x => x.Day), summary.LastPaperOn);
            Assert.Equal((recentPapers, earlierPapers), (summary.RecentPapers, summary.EarlierPapers));
            Assert.Equal(recentShare, summary.RecentShare!.Value, 12);
            Assert.Equal(earlierShare, summary.EarlierShare!.Value, 12);
            if (earlierPapers == 0)
            {
                Assert.Null(summary.Growth);
            }
            else
            {
                Assert.Equal(recentShare / earlierShare, summary.Growth!.Value, 12);
            }

            Assert.Equal(summary.TopicId == -1 ? [] : new[] { $"term-{summary.TopicId}-a", $"term-{summary.TopicId}-b" }, summary.TopTerms.Select(t => t.Term));
            Assert.Equal(top, summary.TopPapers.Select(p => p.PaperId));
        }

        var empty = report.Topics.Single(t => t.TopicId == 4);
        Assert.Equal((0, 0, (DateOnly?)null), (empty.Size, empty.Papers, empty.FirstPaperOn));
        Assert.True(report.Topics.Single(t => t.TopicId == 3).Growth > 1.5);
    }

    [Fact]
    public async Task EmptyRangeGivesZerosAndEmptyLists()
    {
        var corpus = Generate(count: 60);
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(Day("2030-01-01"), Day("2030-12-31"));

        var changes = await analytics.GetKeywordPairChangesAsync(filter, new KeywordChangeOptions(), _none);
        var shifts = await analytics.GetTopicShiftsAsync(filter, new TopicShiftOptions(), _none);
        var summaries = await analytics.GetTopicSummariesAsync(filter, new TopicSummaryOptions(), _none);
        var page = await analytics.GetPapersAsync(filter, new PaperDrillDown(), _none);

        Assert.Empty(changes.Pairs);
        Assert.Equal((0, 0), (changes.PeriodPapersA, changes.PeriodPapersB));
        Assert.Empty(await analytics.GetTopicUpvoteDetailsAsync(filter, 5, _none));
        Assert.Empty(await analytics.GetUpvoteGrowthAsync(filter, 10, _none));
        Assert.Equal((0, 0, 50), (page.Total, page.Offset, page.Limit));
        Assert.Empty(page.Papers);

        // Topic lists keep every topic of the run, with zeros, so a chart can show them as such.
        Assert.Null(shifts.Recent);
        Assert.Null(shifts.Baseline);
        Assert.Equal([0, 1, 2, 3, 4], shifts.Topics.Select(t => t.TopicId));
        Assert.All(shifts.Topics, t => Assert.Equal((0, 0, TopicShiftStatus.Steady, (double?)null), (t.RecentPapers, t.BaselinePapers, t.Status, t.PValue)));
        Assert.Null(summaries.Recent);
        Assert.All(summaries.Topics, t => Assert.Equal((0, (DateOnly?)null, (double?)null), (t.Papers, t.FirstPaperOn, t.RecentShare)));
    }

    [Fact]
    public async Task RangeWithOnePaperWorksEverywhere()
    {
        var corpus = Generate(count: 80);
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);
        var lonely = corpus.Papers
            .Where(p => p.TopicId is not null)
            .GroupBy(p => p.PublishedOn)
            .First(g => g.Count() == 1 && corpus.Papers.Count(p => p.PublishedOn == g.Key) == 1)
            .Single();
        var filter = new TrendFilter(lonely.PublishedOn, lonely.PublishedOn) { Bin = TimeBin.Day };

        var volume = Assert.Single(await analytics.GetTopicVolumeAsync(filter, _none));
        var page = await analytics.GetPapersAsync(filter, new PaperDrillDown(), _none);
        var shifts = await analytics.GetTopicShiftsAsync(filter, new TopicShiftOptions(), _none);
        var summaries = await analytics.GetTopicSummariesAsync(filter, new TopicSummaryOptions(), _none);

        Assert.Equal((lonely.TopicId!.Value, 1, 1.0, 1), (volume.TopicId, volume.Papers, volume.Share, volume.BinTotal));
        Assert.Equal(lonely.Id, Assert.Single(page.Papers).PaperId);
        Assert.Equal(new DayRange(lonely.PublishedOn, lonely.PublishedOn), shifts.Recent);
        Assert.Null(shifts.Baseline);
        Assert.All(shifts.Topics, t => Assert.Null(t.PValue));
        Assert.Null(summaries.Earlier);
        var own = summaries.Topics.Single(t => t.TopicId == lonely.TopicId);
        Assert.Equal((1, lonely.PublishedOn, lonely.PublishedOn, 1.0), (own.Papers, own.FirstPaperOn, own.LastPaperOn, own.RecentShare));
        Assert.Null(own.Growth);
    }

    [Fact]
    public async Task InvertedRangeIsRejectedByEveryQuery()
    {
        var corpus = Generate(count: 20);
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(Day("2024-03-01"), Day("2024-02-01"));

        var errors = new List<ArgumentException>
        {
            await Assert.ThrowsAsync<ArgumentException>(() => analytics.GetKeywordPairChangesAsync(filter, new KeywordChangeOptions(), _none)),
            await Assert.ThrowsAsync<ArgumentException>(() => analytics.GetTopicUpvoteDetailsAsync(filter, 5, _none)),
            await Assert.ThrowsAsync<ArgumentException>(() => analytics.GetUpvoteGrowthAsync(filter, 5, _none)),
            await Assert.ThrowsAsync<ArgumentException>(() => analytics.GetTopicShiftsAsync(filter, new TopicShiftOptions(), _none)),
            await Assert.ThrowsAsync<ArgumentException>(() => analytics.GetPapersAsync(filter, new PaperDrillDown(), _none)),
            await Assert.ThrowsAsync<ArgumentException>(() => analytics.GetTopicSummariesAsync(filter, new TopicSummaryOptions(), _none)),
        };

        Assert.All(errors, error => Assert.Contains("2024-03-01", error.Message, StringComparison.Ordinal));
        Assert.All(errors, error => Assert.Contains("2024-02-01", error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LateUtcDayStaysOnItsDay()
    {
        // A paper published at 23:30Z on Sunday 2024-03-03 is stored on that UTC day by the
        // importer. Queries must keep it there under any DuckDB time zone setting.
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        var sunday = Day("2024-03-03");
        await store.ImportAsync(File("f.json", Paper("2403.00003", sunday, featuredOn: sunday)), _none);
        await store.SaveModelRunAsync(ModelRun([new CorpusPaper("2403.00003", "t", sunday, sunday, [], 0, [])], topicCount: 1), "f", _none);
        Execute(_temp.DatabasePath, "SET GLOBAL TimeZone = 'Pacific/Kiritimati'");
        var analytics = new TrendAnalytics(store);

        var days = await analytics.GetTopicVolumeAsync(new TrendFilter(Day("2024-03-01"), Day("2024-03-05")) { Bin = TimeBin.Day }, _none);
        var weeks = await analytics.GetTopicVolumeAsync(new TrendFilter(Day("2024-02-26"), Day("2024-03-10")) { Bin = TimeBin.Week, DateBasis = DateBasis.Featured }, _none);
        var sundayOnly = await analytics.GetPapersAsync(new TrendFilter(sunday, sunday), new PaperDrillDown(), _none);
        var mondayOnly = await analytics.GetPapersAsync(new TrendFilter(sunday.AddDays(1), sunday.AddDays(1)), new PaperDrillDown(), _none);

        Assert.Equal(sunday, Assert.Single(days).BinStart);
        Assert.Equal(Day("2024-02-26"), Assert.Single(weeks).BinStart);
        Assert.Equal(sunday, Assert.Single(sundayOnly.Papers).PublishedOn);
        Assert.Empty(mondayOnly.Papers);
    }

    private static (int TotalA, int TotalB, List<KeywordPairChange> Pairs) ExpectedKeywordChanges(
        InsightCorpus corpus,
        TrendFilter filter,
        DayRange periodA,
        DayRange periodB,
        KeywordChangeOptions options)
    {
        var inA = corpus.Selected(filter with { From = periodA.From, To = periodA.To }).Select(x => x.Paper.Keywords.Distinct().ToList()).ToList();
        var inB = corpus.Selected(filter with { From = periodB.From, To = periodB.To }).Select(x => x.Paper.Keywords.Distinct().ToList()).ToList();

        static Dictionary<(string, string), int> CountPairs(List<List<string>> papers) =>
            papers.SelectMany(k => k.SelectMany(a => k.Where(b => string.CompareOrdinal(a, b) < 0).Select(b => (a, b))))
                .GroupBy(pair => pair)
                .ToDictionary(g => g.Key, g => g.Count());
        static int Frequency(List<List<string>> papers, string keyword) => papers.Count(k => k.Contains(keyword));
        static double Dice(int both, int a, int b) => a + b == 0 ? 0 : 2.0 * both / (a + b);
        static double Npmi(int both, int a, int b, int n)
        {
            if (both == 0)
            {
                return -1;
            }

            if (both == n)
            {
                return 1;
            }

            var pab = (double)both / n;
            return Math.Log(pab / ((double)a / n * ((double)b / n))) / -Math.Log(pab);
        }

        var pairsA = CountPairs(inA);
        var pairsB = CountPairs(inB);
        var pairs = pairsA.Keys.Union(pairsB.Keys)
            .Select(key => (Key: key, A: pairsA.GetValueOrDefault(key), B: pairsB.GetValueOrDefault(key)))
            .Where(x => Math.Max(x.A, x.B) >= options.MinPapers)
            .OrderByDescending(x => Math.Max(x.A, x.B))
            .ThenByDescending(x => x.B)
            .ThenBy(x => x.Key.Item1, StringComparer.Ordinal)
            .ThenBy(x => x.Key.Item2, StringComparer.Ordinal)
            .Take(options.Limit)
            .Select(x =>
            {
                var (a, b) = x.Key;
                var shareA = inA.Count == 0 ? 0 : (double)x.A / inA.Count;
                var shareB = inB.Count == 0 ? 0 : (double)x.B / inB.Count;
                var status = x.A == 0 ? KeywordPairStatus.New
                    : x.B == 0 ? KeywordPairStatus.Gone
                    : shareB >= options.GrowthRatio * shareA ? KeywordPairStatus.Growing
                    : shareB <= shareA / options.GrowthRatio ? KeywordPairStatus.Fading
                    : KeywordPairStatus.Stable;
                return new KeywordPairChange(
                    a,
                    b,
                    x.A,
                    shareA,
                    Dice(x.A, Frequency(inA, a), Frequency(inA, b)),
                    Npmi(x.A, Frequency(inA, a), Frequency(inA, b), inA.Count),
                    x.B,
                    shareB,
                    Dice(x.B, Frequency(inB, a), Frequency(inB, b)),
                    Npmi(x.B, Frequency(inB, a), Frequency(inB, b), inB.Count),
                    status);
            })
            .ToList();

        return (inA.Count, inB.Count, pairs);
    }

    private static void AssertPairChanges(List<KeywordPairChange> expected, IReadOnlyList<KeywordPairChange> actual)
    {
        Assert.Equal(
            expected.Select(p => (p.KeywordA, p.KeywordB, p.PapersA, p.PapersB, p.Status)),
            actual.Select(p => (p.KeywordA, p.KeywordB, p.PapersA, p.PapersB, p.Status)));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].ShareA, actual[i].ShareA, 12);
            Assert.Equal(expected[i].ShareB, actual[i].ShareB, 12);
            Assert.Equal(expected[i].DiceA, actual[i].DiceA, 12);
            Assert.Equal(expected[i].DiceB, actual[i].DiceB, 12);
            Assert.Equal(expected[i].NpmiA, actual[i].NpmiA, 12);
            Assert.Equal(expected[i].NpmiB, actual[i].NpmiB, 12);
        }
    }

    private static (int RecentTotal, int BaselineTotal, List<TopicShift> Topics) ExpectedShifts(
        InsightCorpus corpus,
        TrendFilter filter,
        DayRange recent,
        DayRange baseline,
        TopicShiftOptions options)
    {
        var recentAll = corpus.InRange(filter with { From = recent.From, To = recent.To });
        var baselineAll = corpus.InRange(filter with { From = baseline.From, To = baseline.To });
        var recentSelected = corpus.Selected(filter with { From = recent.From, To = recent.To });
        var baselineSelected = corpus.Selected(filter with { From = baseline.From, To = baseline.To });
        var topicIds = filter.TopicIds.Count > 0 ? filter.TopicIds.Order().ToList() : Enumerable.Range(0, TopicCount).ToList();

        var rows = topicIds.Select(id =>
        {
            var x1 = recentSelected.Count(x => x.Paper.TopicId == id);
            var x2 = baselineSelected.Count(x => x.Paper.TopicId == id);
            var p = options.Test == ProportionTest.FisherExact
                ? ProportionStatistics.FisherExactTwoSided(x1, recentAll.Count, x2, baselineAll.Count)
                : ProportionStatistics.TwoProportionZTest(x1, recentAll.Count, x2, baselineAll.Count)?.PValue ?? 1.0;
            return (Id: id, X1: x1, X2: x2, P: p);
        }).ToList();

        // Benjamini–Hochberg written out: sort by p, scale by m / rank, running minimum from the top.
        var m = rows.Count;
        var sorted = rows.OrderBy(r => r.P).ToList();
        var q = new Dictionary<int, double>();
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            running = Math.Min(running, sorted[rank - 1].P * m / rank);
            q[sorted[rank - 1].Id] = running;
        }

        var topics = rows.Select(r =>
        {
            var recentShare = (double)r.X1 / recentAll.Count;
            var baselineShare = (double)r.X2 / baselineAll.Count;
            var status = q[r.Id] > options.Alpha ? TopicShiftStatus.Steady
                : recentShare > baselineShare ? TopicShiftStatus.Emerging
                : TopicShiftStatus.Fading;
            var source = status == TopicShiftStatus.Fading ? baselineSelected : recentSelected;
            var top = source
                .Where(x => x.Paper.TopicId == r.Id)
                .OrderByDescending(x => x.Paper.Upvotes ?? int.MinValue)
                .ThenByDescending(x => x.Day)
                .ThenBy(x => x.Paper.Id, StringComparer.Ordinal)
                .Take(options.TopPapers)
                .Select(x => new PaperListing(x.Paper.Id, x.Paper.Title, x.Paper.PublishedOn, x.Paper.FeaturedOn, x.Paper.Upvotes, r.Id, LabelOf(r.Id), $"https://huggingface.co/papers/{x.Paper.Id}"))
                .ToList();
            var pooled = (double)(r.X1 + r.X2) / (recentAll.Count + baselineAll.Count);
            double? z = pooled is 0 or 1 ? null
                : (recentShare - baselineShare) / Math.Sqrt(pooled * (1 - pooled) * ((1.0 / recentAll.Count) + (1.0 / baselineAll.Count)));
            return new TopicShift(
                r.Id,
                LabelOf(r.Id),
                r.X1,
                recentShare,
                r.X2,
                baselineShare,
                baselineShare == 0 ? null : recentShare / baselineShare,
                recentShare - baselineShare,
                z,
                r.P,
                q[r.Id],
                status,
                top);
        }).ToList();

        return (recentAll.Count, baselineAll.Count, topics);
    }

    private static void AssertShifts(List<TopicShift> expected, IReadOnlyList<TopicShift> actual)
    {
        Assert.Equal(
            expected.Select(t => (t.TopicId, t.TopicLabel, t.RecentPapers, t.BaselinePapers, t.Status)),
            actual.Select(t => (t.TopicId, t.TopicLabel, t.RecentPapers, t.BaselinePapers, t.Status)));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].RecentShare, actual[i].RecentShare, 12);
            Assert.Equal(expected[i].BaselineShare, actual[i].BaselineShare, 12);
            Assert.Equal(expected[i].ShareRatio is null, actual[i].ShareRatio is null);
            Assert.Equal(expected[i].ShareRatio ?? 0, actual[i].ShareRatio ?? 0, 12);
            Assert.Equal(expected[i].ShareDifference, actual[i].ShareDifference, 12);
            Assert.Equal(expected[i].ZScore is null, actual[i].ZScore is null);
            Assert.Equal(expected[i].ZScore ?? 0, actual[i].ZScore ?? 0, 9);
            Assert.Equal(expected[i].PValue!.Value, actual[i].PValue!.Value, 12);
            Assert.Equal(expected[i].QValue!.Value, actual[i].QValue!.Value, 12);
            Assert.Equal(expected[i].TopPapers, actual[i].TopPapers);
        }
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

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
