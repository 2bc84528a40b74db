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

    /// <summary>
    /// Keywords a paper must carry to be kept, compared as stored (ordinal, case-sensitive) with
    /// the current model run's paper keywords; empty keeps every paper.
    /// </summary>
    /// <remarks>At most <see cref="MaxKeywords"/> keywords; repeated keywords count once.</remarks>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Whether a paper must carry all of <see cref="Keywords"/> or any one of them. Default <see cref="KeywordMatch.All"/>.</summary>
    public KeywordMatch KeywordMatch { get; init; } = KeywordMatch.All;

    /// <summary>The largest number of keywords <see cref="Keywords"/> accepts: 20.</summary>
    public const int MaxKeywords = 20;
}

/// <summary>How <see cref="TrendFilter.Keywords"/> selects papers.</summary>
public enum KeywordMatch
{
    /// <summary>Keep papers that carry every listed keyword.</summary>
    All,

    /// <summary>Keep papers that carry at least one listed keyword.</summary>
    Any,
}

/// <summary>An inclusive range of UTC days.</summary>
public sealed record DayRange
{
    /// <summary>Creates the range from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    /// <exception cref="ArgumentException"><paramref name="from"/> is after <paramref name="to"/>.</exception>
    public DayRange(DateOnly from, DateOnly to)
    {
        if (from > to)
        {
            throw new ArgumentException(
                $"The day range is inverted: {from:yyyy-MM-dd} is after {to:yyyy-MM-dd}. Pass the earlier day first.",
                nameof(from));
        }

        From = from;
        To = to;
    }

    /// <summary>The first day of the range.</summary>
    public DateOnly From { get; }

    /// <summary>The last day of the range.</summary>
    public DateOnly To { get; }

    /// <summary>The number of days in the range, at least 1.</summary>
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>Whether <paramref name="day"/> lies in the range.</summary>
    public bool Contains(DateOnly day) => day >= From && day <= To;
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
/// <remarks>
/// <see cref="TrendAnalytics.GetSummaryAsync"/> takes <c>FirstPublished</c> and <c>LastPublished</c>
/// from the papers whose publication day is known, and from all papers only when every day is an
/// estimate, because the dashboard and the CLI use them as the default range.
/// </remarks>
public sealed record CorpusSummary(int Papers, DateOnly? FirstPublished, DateOnly? LastPublished, long? CurrentRunId)
{
    /// <summary>Papers whose publication day is an estimate (<see cref="Papers.PaperRecord.DateUncertain"/>); they count in any range that contains their day.</summary>
    public int UncertainDatePapers { get; init; }
}

/// <summary>
/// A keyword of a filter checked against the current model run's keywords.
/// </summary>
/// <param name="Keyword">The keyword in lower case, as filters compare it.</param>
/// <param name="Papers">Papers of the current run that have the keyword; 0 when the run does not know it.</param>
/// <param name="Similar">Keywords of the run spelled like it (Jaro-Winkler similarity 0.85 or more), most similar first, for a hint such as "agent" for "agents".</param>
public sealed record KeywordCheck(string Keyword, int Papers, IReadOnlyList<string> Similar)
{
    /// <summary>Similar keywords that the dashboard and the CLI export name in a hint.</summary>
    public const int DefaultSuggestions = 3;

    /// <summary>Returns the hint for a keyword that no paper has, naming similar keywords when there are any, or null when papers have it.</summary>
    public string? DescribeMissing()
    {
        if (Papers > 0)
        {
            return null;
        }

        var start = $"No paper of the current model run has the keyword '{Keyword}', so the keyword filter matches nothing.";
        return Similar.Count == 0
            ? start + " Keywords are the terms the topic model picked for each paper."
            : start + " Similar keywords: " + string.Join(", ", Similar) + ".";
    }
}
