using TrendBoard.Core.Analytics;

namespace TrendBoard.Bench;

/// <summary>One timed query: a name, the range it reads and a call that returns its row count.</summary>
internal sealed record TimedQuery(string Name, string Range, Func<ITrendAnalytics, CancellationToken, Task<int>> Run);

/// <summary>Every analytics query, over the whole corpus and over its last three months.</summary>
internal static class AnalyticsQueries
{
    public static IReadOnlyList<TimedQuery> Create(DateOnly first, DateOnly last)
    {
        var whole = new TrendFilter(first, last);
        var quarter = new TrendFilter(last.AddMonths(-3).AddDays(1), last);
        var queries = new List<TimedQuery>();
        foreach (var (range, filter) in new[] { ("all", whole), ("last 3 months", quarter) })
        {
            var midBin = TrendSqlDays.WeekStart(filter.From.AddDays((filter.To.DayNumber - filter.From.DayNumber) / 2));
            queries.Add(new("volume week", range, async (a, t) => (await a.GetTopicVolumeAsync(filter, t)).Count));
            queries.Add(new("volume month", range, async (a, t) => (await a.GetTopicVolumeAsync(filter with { Bin = TimeBin.Month }, t)).Count));
            queries.Add(new("volume week, keyword filter", range, async (a, t) => (await a.GetTopicVolumeAsync(filter with { Keywords = ["language"] }, t)).Count));
            queries.Add(new("keywords", range, async (a, t) => (await a.GetKeywordPairsAsync(filter, 2, 25, t)).Count));
            queries.Add(new("keyword changes", range, async (a, t) => (await a.GetKeywordPairChangesAsync(filter, new KeywordChangeOptions(), t)).Pairs.Count));
            queries.Add(new("upvotes week", range, async (a, t) => (await a.GetTopicUpvotesAsync(filter, t)).Count));
            queries.Add(new("upvote details week", range, async (a, t) => (await a.GetTopicUpvoteDetailsAsync(filter, 5, t)).Count));
            queries.Add(new("upvote growth", range, async (a, t) => (await a.GetUpvoteGrowthAsync(filter, 100, t)).Count));
            queries.Add(new("topic shifts", range, async (a, t) => (await a.GetTopicShiftsAsync(filter, new TopicShiftOptions(), t)).Topics.Count));
            queries.Add(new("papers, topic-week point", range, async (a, t) => (await a.GetPapersAsync(filter, new PaperDrillDown { TopicId = 0, BinStart = midBin }, t)).Papers.Count));
            queries.Add(new("papers, whole range by upvotes", range, async (a, t) => (await a.GetPapersAsync(filter, new PaperDrillDown { SortBy = PaperSortKey.Upvotes }, t)).Papers.Count));
            queries.Add(new("topic summaries", range, async (a, t) => (await a.GetTopicSummariesAsync(filter, new TopicSummaryOptions(), t)).Topics.Count));
        }

        // The dashboard checks a keyword filter's keywords before its charts; it reads every keyword row of the run.
        queries.Add(new("keyword check, two keywords", "all", async (a, t) => (await a.CheckKeywordsAsync(["language", "languages"], 3, t)).Count));
        return queries;
    }
}

/// <summary>Day arithmetic for picking chart points.</summary>
internal static class TrendSqlDays
{
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
