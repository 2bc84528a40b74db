using TrendBoard.Core.Analytics;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Topics;
using static TrendBoard.Core.Tests.Storage.TestPapers;

namespace TrendBoard.Core.Tests.Analytics;

/// <summary>
/// A generated corpus for the insight queries, kept in memory so each test can compute its
/// expected values with LINQ, and the store built from it.
/// </summary>
/// <remarks>
/// 420 papers published from Monday 2024-01-01 to Sunday 2024-06-30. Before 2024-05-06 (the last
/// eight weeks) topic 2 is the most likely topic and topic 3 rare. From then on it is the other
/// way round, so topic 3 should come out emerging and topic 2 fading. Topic 4 exists in the run but
/// has no papers. About 5% of the papers have no topic (papers imported after the run).
/// Papers have zero to three upvote observations on distinct days, imported as separate files.
/// </remarks>
internal sealed class InsightCorpus
{
    public static readonly DateOnly FirstDay = Day("2024-01-01");
    public static readonly DateOnly LastDay = Day("2024-06-30");
    public static readonly DateOnly ShiftDay = Day("2024-05-06");
    public static readonly string[] KeywordPool = ["agents", "diffusion", "llm", "rl", "vision", "video"];

    private static readonly int[] TopicsBefore = [-1, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3];
    private static readonly int[] TopicsAfter = [-1, 0, 0, 0, 0, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3, 3];

    private InsightCorpus(List<CorpusPaper> papers)
    {
        Papers = papers;
    }

    public List<CorpusPaper> Papers { get; }

    public const int TopicCount = 5;

    public sealed record Observation(DateOnly Day, int Upvotes);

    public sealed record CorpusPaper(
        string Id,
        string Title,
        DateOnly PublishedOn,
        DateOnly? FeaturedOn,
        IReadOnlyList<Observation> Observations,
        int? TopicId,
        IReadOnlyList<string> Keywords)
    {
        /// <summary>The store's count: the observation of the latest day.</summary>
        public int? Upvotes => Observations.Count == 0 ? null : Observations.MaxBy(o => o.Day)!.Upvotes;

        public DateOnly? DayOf(DateBasis basis) => basis == DateBasis.Published ? PublishedOn : FeaturedOn;
    }

    public static InsightCorpus Generate(int seed = 20240101, int count = 420)
    {
        var random = new Random(seed);
        var span = LastDay.DayNumber - FirstDay.DayNumber;
        var papers = new List<CorpusPaper>();
        for (var i = 0; i < count; i++)
        {
            var published = i switch
            {
                0 => FirstDay,
                1 => LastDay,
                _ => FirstDay.AddDays(random.Next(span + 1)),
            };
            DateOnly? featured = random.Next(4) == 0 ? null : published.AddDays(random.Next(6));
            var pool = published < ShiftDay ? TopicsBefore : TopicsAfter;
            int? topic = random.Next(20) == 0 ? null : pool[random.Next(pool.Length)];

            var observations = new List<Observation>();
            var observed = featured ?? published;
            var upvotes = random.Next(40);
            for (var k = random.Next(4); k > 0; k--)
            {
                observations.Add(new Observation(observed, upvotes));
                observed = observed.AddDays(1 + random.Next(5));
                upvotes += random.Next(30);
            }

            var keywords = KeywordPool.Where(_ => random.Next(3) == 0).ToList();
            papers.Add(new CorpusPaper($"2402.{i:D5}", $"Paper {i} on {string.Join(" and ", keywords)}", published, featured, observations, topic, keywords));
        }

        return new InsightCorpus(papers);
    }

    /// <summary>Imports the corpus (one file per observation rank) and saves its model run.</summary>
    public async Task<TrendStore> BuildStoreAsync(string databasePath)
    {
        var store = await TrendStore.OpenAsync(databasePath, null, CancellationToken.None);
        var maxObservations = Papers.Max(p => p.Observations.Count);
        for (var rank = 0; rank < Math.Max(1, maxObservations); rank++)
        {
            var records = Papers
                .Where(p => rank < Math.Max(1, p.Observations.Count))
                .Select(p => ToRecord(p, p.Observations.Count == 0 ? null : p.Observations[rank]))
                .ToArray();
            await store.ImportAsync(File($"observations-{rank}.json", records), CancellationToken.None);
        }

        await store.SaveModelRunAsync(ModelRun(Papers), "insight-corpus", CancellationToken.None);
        return store;
    }

    public static PaperRecord ToRecord(CorpusPaper paper, Observation? observation)
    {
        return Paper(
            paper.Id,
            paper.PublishedOn,
            paper.FeaturedOn,
            observation is null ? null : new UpvoteObservation(observation.Day, observation.Upvotes),
            title: paper.Title,
            keywords: paper.Keywords);
    }

    public static TopicModelResult ModelRun(IReadOnlyList<CorpusPaper> papers, int topicCount = TopicCount)
    {
        var assigned = papers.Where(p => p.TopicId is not null).ToList();
        var topics = Enumerable.Range(0, topicCount)
            .Select(id => new TopicInfo(
                id,
                $"topic {id}",
                assigned.Count(p => p.TopicId == id),
                [new TopicTerm(1, $"term-{id}-a", 0.9), new TopicTerm(2, $"term-{id}-b", 0.5), new TopicTerm(3, $"term-{id}-c", 0.2)]))
            .ToList();

        return new TopicModelResult(
            new TopicModelOptions { TopicCount = topicCount, Seed = 7 },
            topics,
            assigned.Select(p => new TopicAssignment(p.Id, p.TopicId!.Value, 1.0)).ToList(),
            assigned.SelectMany(p => p.Keywords.Select(k => new PaperKeyword(p.Id, k, 1.0))).ToList(),
            new Dictionary<string, double>(),
            "test-fixture");
    }

    /// <summary>
    /// Returns the assigned papers whose day on the filter's basis lies in the range and that pass
    /// the filter's topic and keyword conditions, with that day.
    /// </summary>
    public List<(CorpusPaper Paper, DateOnly Day)> Selected(TrendFilter filter)
    {
        return InRange(filter).Where(x => Passes(x.Paper, filter)).ToList();
    }

    /// <summary>Returns every assigned paper whose day on the filter's basis lies in the range, ignoring topics and keywords.</summary>
    public List<(CorpusPaper Paper, DateOnly Day)> InRange(TrendFilter filter)
    {
        return Papers
            .Where(p => p.TopicId is not null && p.DayOf(filter.DateBasis) is { } day && day >= filter.From && day <= filter.To)
            .Select(p => (p, p.DayOf(filter.DateBasis)!.Value))
            .ToList();
    }

    public static bool Passes(CorpusPaper paper, TrendFilter filter)
    {
        if (filter.TopicIds.Count > 0 && !filter.TopicIds.Contains(paper.TopicId!.Value))
        {
            return false;
        }

        if (filter.Keywords.Count == 0)
        {
            return true;
        }

        return filter.KeywordMatch == KeywordMatch.All
            ? filter.Keywords.All(paper.Keywords.Contains)
            : filter.Keywords.Any(paper.Keywords.Contains);
    }

    /// <summary>The first and last stored day of a basis over all papers.</summary>
    public (DateOnly First, DateOnly Last) StoredDays(DateBasis basis)
    {
        var days = Papers.Select(p => p.DayOf(basis)).Where(d => d is not null).Select(d => d!.Value).ToList();
        return (days.Min(), days.Max());
    }

    public static DateOnly BinStart(DateOnly day, TimeBin bin)
    {
        return bin switch
        {
            TimeBin.Day => day,
            TimeBin.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            _ => new DateOnly(day.Year, day.Month, 1),
        };
    }

    public static string LabelOf(int topicId)
    {
        return topicId == -1 ? "Outliers" : $"topic {topicId}";
    }
}
