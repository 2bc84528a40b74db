namespace TrendBoard.Core.Fetch;

/// <summary>What happened to one day of a fetch.</summary>
public enum HfDayStatus
{
    /// <summary>The response was saved and contains papers, or its paper count is unknown (HTML pages).</summary>
    Saved,

    /// <summary>
    /// The server had no papers for the day: a 404, an empty body, or a saved API response that
    /// is an empty list or a <c>no_data</c> status. Only the last two leave a file.
    /// </summary>
    NoPapers,

    /// <summary>The day's file already existed, so no request was sent.</summary>
    Skipped,

    /// <summary>The day could not be fetched; <see cref="HfDayResult.Error"/> gives the reason.</summary>
    Failed,
}

/// <summary>The outcome of one day.</summary>
/// <param name="Day">The Daily Papers day.</param>
/// <param name="Status">What happened.</param>
/// <param name="FilePath">The saved (or already existing) file, or null when none exists.</param>
/// <param name="Url">The URL requested for the day.</param>
/// <param name="Attempts">The number of requests sent for the day, 0 when skipped.</param>
/// <param name="HttpStatus">The status code of the last response, or null when none arrived.</param>
/// <param name="PaperCount">The number of items in a saved API response, or null when not counted.</param>
/// <param name="Error">Why the day failed, or null.</param>
public sealed record HfDayResult(
    DateOnly Day,
    HfDayStatus Status,
    string? FilePath,
    Uri Url,
    int Attempts,
    int? HttpStatus,
    int? PaperCount,
    string? Error);

/// <summary>The outcome of a fetch run, one entry per day in date order.</summary>
public sealed record HfFetchResult(IReadOnlyList<HfDayResult> Days)
{
    /// <summary>Days that received a response in this run (saved or without papers).</summary>
    public int Fetched => Days.Count(d => d.Status is HfDayStatus.Saved or HfDayStatus.NoPapers);

    /// <summary>Days whose file already existed.</summary>
    public int Skipped => Days.Count(d => d.Status == HfDayStatus.Skipped);

    /// <summary>Days that failed.</summary>
    public int Failed => Days.Count(d => d.Status == HfDayStatus.Failed);

    /// <summary>Days without papers.</summary>
    public int NoPapers => Days.Count(d => d.Status == HfDayStatus.NoPapers);

    /// <summary>The day files present after the run (saved now or before), in date order, ready to import.</summary>
    public IReadOnlyList<string> Files => Days.Where(d => d.FilePath is not null).Select(d => d.FilePath!).ToList();
}
