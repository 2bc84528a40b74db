using TrendBoard.Core.Analytics;

namespace TrendBoard.Bench;

/// <summary>One timed query: a name, the range it reads and a call that returns its row count.</summary>
internal sealed record TimedQuery(string Name, string Range, Func<ITrendAnalytics, CancellationToken, Task<int>> Run);

/// <summary>The analytics queries the benchmark times, over the whole corpus and over its last quarter.</summary>
internal static class AnalyticsQueries
{
    public static IReadOnlyList<TimedQuery> Create(DateOnly first, DateOnly last)
    {
        var whole = new TrendFilter(first, last);
        var quarter = new TrendFilter(last.AddMonths(-3).AddDays(1), last);
        var queries = new List<TimedQuery>();
        foreach (var (range, filter) in new[] { ("all", whole), ("last 3 months", quarter) })
        {
            queries.Add(new("volume week", range, async (a, t) => (await a.GetTopicVolumeAsync(filter, t)).Count));
            queries.Add(new("volume month", range, async (a, t) => (await a.GetTopicVolumeAsync(filter with { Bin = TimeBin.Month }, t)).Count));
            queries.Add(new("keywords", range, async (a, t) => (await a.GetKeywordPairsAsync(filter, 2, 25, t)).Count));
            queries.Add(new("upvotes week", range, async (a, t) => (await a.GetTopicUpvotesAsync(filter, t)).Count));
        }

        return queries;
    }
}
