using TrendBoard.Core.Analytics;

namespace TrendBoard.Web.Tests.Infrastructure;

/// <summary>
/// The rows each export must contain, computed in plain C# from the papers the test stored,
/// independent of the SQL under test.
/// </summary>
internal static class ExpectedRows
{
    public static IReadOnlyList<TopicVolumePoint> Volume(TestDatabase database, DateOnly from, DateOnly to)
    {
        var inRange = InRange(database, from, to);
        var totals = inRange.GroupBy(paper => Monday(paper.Paper.PublishedOn)).ToDictionary(bin => bin.Key, bin => bin.Count());

        return inRange
            .GroupBy(paper => (Bin: Monday(paper.Paper.PublishedOn), paper.TopicId))
            .Select(group => new TopicVolumePoint(
                group.Key.Bin,
                group.Key.TopicId,
                Label(group.Key.TopicId),
                group.Count(),
                (double)group.Count() / totals[group.Key.Bin],
                totals[group.Key.Bin],
                IsPartial(group.Key.Bin, from, to)))
            .OrderBy(point => point.BinStart)
            .ThenBy(point => point.TopicId)
            .ToList();
    }

    public static IReadOnlyList<TopicUpvotePoint> Upvotes(TestDatabase database, DateOnly from, DateOnly to)
    {
        return InRange(database, from, to)
            .GroupBy(paper => (Bin: Monday(paper.Paper.PublishedOn), paper.TopicId))
            .Select(group =>
            {
                var counts = group.Select(paper => paper.Paper.Upvote!.Upvotes).Order().ToList();
                return new TopicUpvotePoint(
                    group.Key.Bin,
                    group.Key.TopicId,
                    Label(group.Key.TopicId),
                    counts.Count,
                    counts.Sum(count => (long)count),
                    Median(counts),
                    counts[^1],
                    IsPartial(group.Key.Bin, from, to));
            })
            .OrderBy(point => point.BinStart)
            .ThenBy(point => point.TopicId)
            .ToList();
    }

    /// <summary>
    /// Keyword pairs of the papers in range (and topic), with Dice = 2·n_ab/(n_a+n_b) and
    /// NPMI = ln(p_ab/(p_a·p_b))/−ln(p_ab), p = n/N, most papers first, then by name.
    /// </summary>
    public static IReadOnlyList<KeywordPair> KeywordPairs(TestDatabase database, DateOnly from, DateOnly to, int? topicId, int minPapers, int limit)
    {
        var papers = InRange(database, from, to).Where(paper => topicId is null || paper.TopicId == topicId).ToList();
        var total = papers.Count;
        var keywordSets = papers.Select(paper => paper.Keywords.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()).ToList();
        var frequency = keywordSets.SelectMany(set => set).GroupBy(keyword => keyword, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);

        var pairCounts = new Dictionary<(string A, string B), int>();
        foreach (var set in keywordSets)
        {
            for (var i = 0; i < set.Count; i++)
            {
                for (var j = i + 1; j < set.Count; j++)
                {
                    pairCounts[(set[i], set[j])] = pairCounts.GetValueOrDefault((set[i], set[j])) + 1;
                }
            }
        }

        return pairCounts
            .Where(pair => pair.Value >= minPapers)
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key.A, StringComparer.Ordinal)
            .ThenBy(pair => pair.Key.B, StringComparer.Ordinal)
            .Take(limit)
            .Select(pair =>
            {
                var both = pair.Value;
                var first = frequency[pair.Key.A];
                var second = frequency[pair.Key.B];
                var pBoth = (double)both / total;
                var npmi = both == total ? 1.0 : Math.Log(pBoth / ((double)first / total * ((double)second / total))) / -Math.Log(pBoth);
                return new KeywordPair(pair.Key.A, pair.Key.B, both, 2.0 * both / (first + second), npmi);
            })
            .ToList();
    }

    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static List<(Core.Papers.PaperRecord Paper, int TopicId, IReadOnlyList<string> Keywords)> InRange(TestDatabase database, DateOnly from, DateOnly to) =>
        database.Papers.Where(paper => paper.Paper.PublishedOn >= from && paper.Paper.PublishedOn <= to).ToList();

    /// <summary>A week is partial when the range or the stored data (first to last paper day) cuts it short.</summary>
    private static bool IsPartial(DateOnly monday, DateOnly from, DateOnly to)
    {
        var start = from > TestCorpus.FirstDay ? from : TestCorpus.FirstDay;
        var end = to < TestCorpus.LastDay ? to : TestCorpus.LastDay;
        return monday < start || monday.AddDays(6) > end;
    }

    private static string Label(int topicId) =>
        topicId == -1 ? "Outliers" : TestCorpus.Topics.Single(topic => topic.TopicId == topicId).Label;

    private static double Median(List<int> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2.0;
}
