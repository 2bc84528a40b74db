using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Storage;

/// <summary>
/// One stored paper with the latest known fields, as the <c>papers</c> table stores it.
/// </summary>
/// <param name="Id">The arXiv id without version suffix.</param>
/// <param name="Title">The title from the latest import that changed the paper.</param>
/// <param name="Abstract">The abstract from the latest import that changed the paper.</param>
/// <param name="PublishedOn">The arXiv publication day (UTC).</param>
/// <param name="FeaturedOn">The earliest Hugging Face Daily Papers day seen for the paper, or null.</param>
/// <param name="Authors">Author display names in source order.</param>
/// <param name="SourceKeywords">Keywords the source attached; empty when no source had any.</param>
/// <param name="Upvotes">The count of the latest upvote observation, or null when no source showed upvotes.</param>
/// <param name="UpvotesObservedOn">The day of that observation, or null with <paramref name="Upvotes"/>.</param>
/// <param name="Source">The source format of the latest import that changed the paper.</param>
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
    string Source);

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
