using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Storage;

/// <summary>
/// One stored paper with the latest known fields, as the <c>papers</c> table stores it.
/// </summary>
/// <param name="Id">The arXiv id without version suffix.</param>
/// <param name="Title">The title of the record observed last (see <see cref="TrendStore.ImportAsync(Papers.ParsedFile, CancellationToken)"/>).</param>
/// <param name="Abstract">The abstract of the record observed last.</param>
/// <param name="PublishedOn">The arXiv publication day (UTC).</param>
/// <param name="FeaturedOn">The earliest Hugging Face Daily Papers day seen for the paper, or null.</param>
/// <param name="Authors">Author display names in source order.</param>
/// <param name="SourceKeywords">Keywords the source attached; empty when no source had any.</param>
/// <param name="Upvotes">The count of the latest upvote observation, or null when no source showed upvotes.</param>
/// <param name="UpvotesObservedOn">The day of that observation, or null with <paramref name="Upvotes"/>.</param>
/// <param name="Source">The source format of the record observed last.</param>
public sealed record StoredPaper(
    string Id,
    string Title,
    string Abstract,
    DateOnly PublishedOn,
    DateOnly? FeaturedOn,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> SourceKeywords,
    int? Upvotes,
    DateOnly? UpvotesObservedOn,
    string Source)
{
    /// <summary>The arXiv categories of the record observed last that had any, primary first; empty when no source had any.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Whether <see cref="PublishedOn"/> is an estimate (see <see cref="Papers.PaperRecord.DateUncertain"/>).</summary>
    public bool DateUncertain { get; init; }
}

/// <summary>How far the import of one file has come, reported after each stored batch.</summary>
/// <param name="SourceFile">The file being imported.</param>
/// <param name="RecordsRead">Paper records read and stored so far, counting repeated ids and invalid records.</param>
/// <param name="Rejected">Records rejected so far.</param>
public sealed record ImportProgress(string SourceFile, int RecordsRead, int Rejected);

/// <summary>An upvote count one source showed for a paper on one day.</summary>
public sealed record UpvoteSnapshot(string PaperId, DateOnly ObservedOn, int Upvotes, string Source);

/// <summary>A rejected record as stored, with the import that reported it.</summary>
public sealed record StoredReject(long ImportId, string SourceFile, string Position, string Reason);

/// <summary>Row counts of the main tables, for status pages and tests.</summary>
public sealed record StoreCounts(long Papers, long UpvoteSnapshots, long Imports, long Rejects, long ModelRuns);

/// <summary>
/// A stored topic model run: what produced it and how well it scored.
/// </summary>
/// <param name="Id">The run id; later runs have larger ids.</param>
/// <param name="CreatedAt">When the run was saved (UTC).</param>
/// <param name="Algorithm">The algorithm name the topic model reported.</param>
/// <param name="Options">The options the run was made with.</param>
/// <param name="LibraryVersions">Versions of the libraries that made and stored the run, by library name.</param>
/// <param name="DataFingerprint">The caller's fingerprint of the paper texts the run read.</param>
/// <param name="Metrics">Quality metrics of the run, by name.</param>
/// <param name="IsCurrent">Whether analytics queries read this run.</param>
public sealed record ModelRunInfo(
    long Id,
    DateTime CreatedAt,
    string Algorithm,
    TopicModelOptions Options,
    IReadOnlyDictionary<string, string> LibraryVersions,
    string DataFingerprint,
    IReadOnlyDictionary<string, double> Metrics,
    bool IsCurrent);
