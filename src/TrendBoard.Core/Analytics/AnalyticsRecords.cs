namespace TrendBoard.Core.Analytics;

/// <summary>Width of a time bin. Weeks start on Monday and a bin is named by its first day.</summary>
public enum TimeBin
{
    Day,
    Week,
    Month,
}

/// <summary>Which date of a paper places it on the time axis.</summary>
public enum DateBasis
{
    /// <summary>The arXiv publication day (UTC).</summary>
    Published,

    /// <summary>The day Hugging Face Daily Papers listed the paper; papers without one are left out.</summary>
    Featured,
}

/// <summary>
/// The filter every analytics query takes: an inclusive range of UTC days and optional topics.
/// </summary>
public sealed record TrendFilter(DateOnly From, DateOnly To)
{
    public TimeBin Bin { get; init; } = TimeBin.Week;

    public DateBasis DateBasis { get; init; } = DateBasis.Published;

    /// <summary>Topic ids to keep; empty keeps every topic.</summary>
    public IReadOnlyList<int> TopicIds { get; init; } = [];
}

/// <summary>Papers of one topic in one bin, with the bin's total so a share can be read.</summary>
public sealed record TopicVolumePoint(
    DateOnly BinStart,
    int TopicId,
    string TopicLabel,
    int Papers,
    double Share,
    int BinTotal,
    bool Partial);

/// <summary>A keyword pair seen in the same papers, with its count and association scores.</summary>
public sealed record KeywordPair(string KeywordA, string KeywordB, int Papers, double Dice, double Npmi);

/// <summary>Upvotes of one topic in one bin.</summary>
public sealed record TopicUpvotePoint(
    DateOnly BinStart,
    int TopicId,
    string TopicLabel,
    int Papers,
    long UpvoteSum,
    double UpvoteMedian,
    int UpvoteMax,
    bool Partial);

/// <summary>The range of days the stored papers cover and how many there are.</summary>
public sealed record CorpusSummary(int Papers, DateOnly? FirstPublished, DateOnly? LastPublished, long? CurrentRunId);
