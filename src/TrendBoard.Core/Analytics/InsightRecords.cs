using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Analytics;

/// <summary>How a keyword pair's share of papers changed from period A to period B.</summary>
public enum KeywordPairStatus
{
    /// <summary>The pair has no paper in period A and at least one in period B.</summary>
    New,

    /// <summary>The pair's share in B is at least <see cref="KeywordChangeOptions.GrowthRatio"/> times its share in A.</summary>
    Growing,

    /// <summary>The pair's share changed by less than <see cref="KeywordChangeOptions.GrowthRatio"/> either way.</summary>
    Stable,

    /// <summary>The pair's share in B is at most its share in A divided by <see cref="KeywordChangeOptions.GrowthRatio"/>.</summary>
    Fading,

    /// <summary>The pair has papers in period A and none in period B.</summary>
    Gone,
}

/// <summary>Settings of <see cref="ITrendAnalytics.GetKeywordPairChangesAsync"/>.</summary>
public sealed record KeywordChangeOptions
{
    /// <summary>The earlier period; null takes the first half of the filter's range (the shorter half when the day count is odd).</summary>
    public DayRange? PeriodA { get; init; }

    /// <summary>The later period; null takes the second half of the filter's range.</summary>
    public DayRange? PeriodB { get; init; }

    /// <summary>Minimum papers a pair must share in at least one period. Default 2, at least 1.</summary>
    public int MinPapers { get; init; } = 2;

    /// <summary>Maximum pairs returned. Default 25, at least 1.</summary>
    public int Limit { get; init; } = 25;

    /// <summary>
    /// The factor by which a pair's share must rise to count as growing or fall to count as
    /// fading. Default 1.5, more than 1.
    /// </summary>
    public double GrowthRatio { get; init; } = 1.5;
}

/// <summary>
/// A keyword pair in two periods: papers with both keywords, their share of the period's
/// papers, Dice, NPMI and the status the share change gives.
/// </summary>
public sealed record KeywordPairChange(
    string KeywordA,
    string KeywordB,
    int PapersA,
    double ShareA,
    double DiceA,
    double NpmiA,
    int PapersB,
    double ShareB,
    double DiceB,
    double NpmiB,
    KeywordPairStatus Status);

/// <summary>The two compared periods, the papers in each, and the pairs.</summary>
public sealed record KeywordChangeReport(
    DayRange PeriodA,
    int PeriodPapersA,
    DayRange PeriodB,
    int PeriodPapersB,
    IReadOnlyList<KeywordPairChange> Pairs);

/// <summary>One paper as the drill-down and the top-paper lists show it.</summary>
/// <param name="PaperId">The arXiv id.</param>
/// <param name="Title">The stored title.</param>
/// <param name="PublishedOn">The arXiv publication day (UTC).</param>
/// <param name="FeaturedOn">The Daily Papers day, when known.</param>
/// <param name="Upvotes">The latest observed upvote count, when known.</param>
/// <param name="TopicId">The paper's topic in the current model run, -1 for outliers.</param>
/// <param name="TopicLabel">The topic's label.</param>
/// <param name="Url">The paper's Hugging Face page (new-style arXiv id) or arXiv page (old-style id), or null for any other id; see <see cref="PaperLinks.TryGetPaperUrl"/>.</param>
public sealed record PaperListing(
    string PaperId,
    string Title,
    DateOnly PublishedOn,
    DateOnly? FeaturedOn,
    int? Upvotes,
    int TopicId,
    string TopicLabel,
    string? Url);

/// <summary>A paper among the most upvoted of its topic and bin.</summary>
public sealed record PaperUpvotes(int Rank, string PaperId, string Title, int Upvotes);

/// <summary>
/// The papers of one topic in one bin: how many there are, how many have an upvote count and
/// how many have at least one upvote, with the most upvoted of them.
/// </summary>
public sealed record TopicUpvoteDetail(
    DateOnly BinStart,
    int TopicId,
    string TopicLabel,
    int Papers,
    int PapersWithCount,
    int PapersUpvoted,
    IReadOnlyList<PaperUpvotes> TopPapers,
    bool Partial);

/// <summary>How a paper's upvote count changed between the first and last days it was observed.</summary>
/// <param name="PaperId">The arXiv id.</param>
/// <param name="Title">The stored title.</param>
/// <param name="TopicId">The paper's topic in the current model run, -1 for outliers.</param>
/// <param name="TopicLabel">The topic's label.</param>
/// <param name="FirstObservedOn">The first day with an observation.</param>
/// <param name="FirstUpvotes">The count that day (the lowest, when sources differ).</param>
/// <param name="LastObservedOn">The last day with an observation.</param>
/// <param name="LastUpvotes">The count that day (the highest, when sources differ).</param>
/// <param name="ObservedDays">Distinct days with an observation, at least 2.</param>
/// <param name="Delta"><c>LastUpvotes - FirstUpvotes</c>.</param>
/// <param name="PerDay"><c>Delta</c> divided by the days from the first to the last observation.</param>
public sealed record PaperUpvoteGrowth(
    string PaperId,
    string Title,
    int TopicId,
    string TopicLabel,
    DateOnly FirstObservedOn,
    int FirstUpvotes,
    DateOnly LastObservedOn,
    int LastUpvotes,
    int ObservedDays,
    int Delta,
    double PerDay);

/// <summary>The statistical test that compares a topic's share in two windows.</summary>
public enum ProportionTest
{
    /// <summary>Fisher's exact test on the 2×2 table (topic or not, recent or baseline), two-sided.</summary>
    FisherExact,

    /// <summary>The pooled two-proportion z-test, two-sided, with the normal distribution.</summary>
    TwoProportionZ,
}

/// <summary>Whether a topic's share rose, fell or stayed within noise.</summary>
public enum TopicShiftStatus
{
    /// <summary>The share rose and the change is significant after the Benjamini–Hochberg correction.</summary>
    Emerging,

    /// <summary>The change is not significant, or could not be tested.</summary>
    Steady,

    /// <summary>The share fell and the change is significant after the Benjamini–Hochberg correction.</summary>
    Fading,
}

/// <summary>Settings of <see cref="ITrendAnalytics.GetTopicShiftsAsync"/>.</summary>
public sealed record TopicShiftOptions
{
    /// <summary>Length of the recent window, which ends on the last day of the range that has data. Default 8, at least 1.</summary>
    public int RecentWeeks { get; init; } = 8;

    /// <summary>Length of the baseline window, which ends the day before the recent window starts. Default 26, at least 1.</summary>
    public int BaselineWeeks { get; init; } = 26;

    /// <summary>The false discovery rate at which a q-value counts as significant. Default 0.05, between 0 and 1.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>The test behind each p-value. Default <see cref="ProportionTest.FisherExact"/>.</summary>
    public ProportionTest Test { get; init; } = ProportionTest.FisherExact;

    /// <summary>Papers listed per topic. Default 5, between 0 and 100.</summary>
    public int TopPapers { get; init; } = 5;
}

/// <summary>One topic's share in the recent window against its baseline, with the test result.</summary>
/// <param name="TopicId">The topic id in the current model run.</param>
/// <param name="TopicLabel">The topic's label.</param>
/// <param name="RecentPapers">Papers of the topic in the recent window that pass the filter.</param>
/// <param name="RecentShare">Topic papers in the recent window over all papers there; 0 when the window is empty.</param>
/// <param name="BaselinePapers">Papers of the topic in the baseline window that pass the filter.</param>
/// <param name="BaselineShare">Topic papers in the baseline window over all papers there; 0 when the window is empty.</param>
/// <param name="ShareRatio"><c>RecentShare / BaselineShare</c>, or null when <c>BaselineShare</c> is 0.</param>
/// <param name="ShareDifference"><c>RecentShare - BaselineShare</c>.</param>
/// <param name="ZScore">The pooled two-proportion z statistic, or null when it is undefined (a window without papers, or a share of 0 or 1 in both).</param>
/// <param name="PValue">The two-sided p-value of the report's test, or null when a window has no papers.</param>
/// <param name="QValue">The Benjamini–Hochberg adjusted p-value over the tested topics, or null when untested.</param>
/// <param name="Status">Emerging or fading when <c>QValue</c> is at most <see cref="TopicShiftOptions.Alpha"/>, else steady.</param>
/// <param name="TopPapers">The most upvoted papers of the topic in the recent window, or in the baseline window for a fading topic.</param>
public sealed record TopicShift(
    int TopicId,
    string TopicLabel,
    int RecentPapers,
    double RecentShare,
    int BaselinePapers,
    double BaselineShare,
    double? ShareRatio,
    double ShareDifference,
    double? ZScore,
    double? PValue,
    double? QValue,
    TopicShiftStatus Status,
    IReadOnlyList<PaperListing> TopPapers);

/// <summary>The windows compared, their paper counts and one row per topic.</summary>
/// <param name="Recent">The recent window, or null when the range contains no stored day.</param>
/// <param name="RecentTotal">Papers of every topic in the recent window, the share's denominator.</param>
/// <param name="Baseline">The baseline window, or null when the range leaves no day before the recent window.</param>
/// <param name="BaselineTotal">Papers of every topic in the baseline window.</param>
/// <param name="Test">The test behind the p-values.</param>
/// <param name="Topics">One row per topic, by topic id.</param>
public sealed record TopicShiftReport(
    DayRange? Recent,
    int RecentTotal,
    DayRange? Baseline,
    int BaselineTotal,
    ProportionTest Test,
    IReadOnlyList<TopicShift> Topics);

/// <summary>The key by which the drill-down sorts papers; ties sort by paper id.</summary>
public enum PaperSortKey
{
    /// <summary>The paper's day on the filter's <see cref="DateBasis"/>.</summary>
    Date,

    /// <summary>The latest upvote count; papers without one come last in either direction.</summary>
    Upvotes,
}

/// <summary>
/// The chart point whose papers <see cref="ITrendAnalytics.GetPapersAsync"/> lists, and how to
/// sort and page them. Every part left unset widens the selection to the whole filter.
/// </summary>
public sealed record PaperDrillDown
{
    /// <summary>The largest page: 1000 papers.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The topic of the point; null keeps every topic the filter keeps.</summary>
    public int? TopicId { get; init; }

    /// <summary>The first day of the point's bin, in the filter's <see cref="TrendFilter.Bin"/>; null keeps the whole range.</summary>
    public DateOnly? BinStart { get; init; }

    /// <summary>Keywords every listed paper must carry, for example a keyword pair; empty adds no condition.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>The sort key. Default <see cref="PaperSortKey.Date"/>.</summary>
    public PaperSortKey SortBy { get; init; } = PaperSortKey.Date;

    /// <summary>Whether the largest value comes first. Default true.</summary>
    public bool Descending { get; init; } = true;

    /// <summary>Papers to skip. Default 0.</summary>
    public int Offset { get; init; }

    /// <summary>Papers per page. Default 50, between 1 and <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 50;
}

/// <summary>One page of the papers behind a chart point, with the total count for paging.</summary>
public sealed record PaperPage(int Total, int Offset, int Limit, IReadOnlyList<PaperListing> Papers);

/// <summary>Settings of <see cref="ITrendAnalytics.GetTopicSummariesAsync"/>.</summary>
public sealed record TopicSummaryOptions
{
    /// <summary>Terms listed per topic, best first. Default 10, between 0 and 100.</summary>
    public int TopTerms { get; init; } = 10;

    /// <summary>Papers listed per topic, most upvoted first. Default 5, between 0 and 100.</summary>
    public int TopPapers { get; init; } = 5;
}

/// <summary>One topic in the filter's range: its size, terms, dates, growth and top papers.</summary>
/// <param name="TopicId">The topic id in the current model run, -1 for outliers.</param>
/// <param name="TopicLabel">The topic's label.</param>
/// <param name="Size">Papers the model run assigned to the topic, over all stored days.</param>
/// <param name="Papers">Papers of the topic in the filter.</param>
/// <param name="FirstPaperOn">The earliest day of those papers, or null without papers.</param>
/// <param name="LastPaperOn">The latest day of those papers, or null without papers.</param>
/// <param name="TopTerms">The topic's best terms, rank 1 first.</param>
/// <param name="RecentPapers">Papers of the topic in the filter and in the last quarter.</param>
/// <param name="EarlierPapers">Papers of the topic in the filter and before the last quarter.</param>
/// <param name="RecentShare">Topic papers in the last quarter over all papers there, or null when that window is empty.</param>
/// <param name="EarlierShare">Topic papers in the rest of the range over all papers there, or null when that window is empty.</param>
/// <param name="Growth"><c>RecentShare / EarlierShare</c>, or null when either is null or <c>EarlierShare</c> is 0.</param>
/// <param name="TopPapers">The topic's most upvoted papers in the filter.</param>
public sealed record TopicSummary(
    int TopicId,
    string TopicLabel,
    int Size,
    int Papers,
    IReadOnlyList<TopicTerm> TopTerms,
    DateOnly? FirstPaperOn,
    DateOnly? LastPaperOn,
    int RecentPapers,
    double? RecentShare,
    int EarlierPapers,
    double? EarlierShare,
    double? Growth,
    IReadOnlyList<PaperListing> TopPapers);

/// <summary>The windows behind the growth figures and one summary per topic.</summary>
/// <param name="Recent">The last quarter of the range's stored days, or null when the range contains no stored day.</param>
/// <param name="RecentTotal">Papers of every topic in the recent window, the share's denominator.</param>
/// <param name="Earlier">The days before <paramref name="Recent"/>, or null when there are none.</param>
/// <param name="EarlierTotal">Papers of every topic in the earlier window.</param>
/// <param name="Topics">One summary per topic, by topic id.</param>
public sealed record TopicSummaryReport(
    DayRange? Recent,
    int RecentTotal,
    DayRange? Earlier,
    int EarlierTotal,
    IReadOnlyList<TopicSummary> Topics);
