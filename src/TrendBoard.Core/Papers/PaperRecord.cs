namespace TrendBoard.Core.Papers;

/// <summary>
/// One paper as an importer read it from a source file, already normalised.
/// </summary>
/// <param name="Id">The arXiv id without version suffix, for example <c>2604.08377</c> or <c>cs/0610004</c>.</param>
/// <param name="Title">The title with hard wraps joined and whitespace collapsed.</param>
/// <param name="Abstract">The abstract with hard wraps joined and whitespace collapsed.</param>
/// <param name="PublishedOn">The arXiv publication day (UTC).</param>
/// <param name="FeaturedOn">The Hugging Face Daily Papers day that listed the paper, when the source has one.</param>
/// <param name="Authors">Author display names in source order.</param>
/// <param name="SourceKeywords">Keywords the source attached (Hugging Face <c>ai_keywords</c>); empty when absent.</param>
/// <param name="Upvote">The upvote count the source showed and when, or null when the source has no upvotes.</param>
/// <param name="Source">The source format, for example <c>hf-daily-api</c>.</param>
public sealed record PaperRecord(
    string Id,
    string Title,
    string Abstract,
    DateOnly PublishedOn,
    DateOnly? FeaturedOn,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> SourceKeywords,
    UpvoteObservation? Upvote,
    string Source)
{
    /// <summary>
    /// The arXiv categories the source gave, primary category first, such as <c>cs.CL</c> and
    /// <c>cs.AI</c>; empty when the source has none.
    /// </summary>
    /// <remarks>
    /// Only arXiv category names are kept: ACM classes (<c>I.2.7</c>) and MSC classes (<c>68T45</c>)
    /// that some sources mix in are dropped (see <see cref="Text.ArxivCategory"/>).
    /// </remarks>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>
    /// True when the source did not state the publication day exactly, so <see cref="PublishedOn"/>
    /// is an estimate: a date without a year whose year was guessed, or no date at all, in which
    /// case <see cref="PublishedOn"/> is a placeholder such as the day the source was captured.
    /// False by default.
    /// </summary>
    public bool DateUncertain { get; init; }
}

/// <summary>
/// An upvote count as one source showed it on one day.
/// </summary>
/// <param name="ObservedOn">The UTC day the count was observed (for Daily Papers files, the file's day).</param>
/// <param name="Upvotes">The count, never negative.</param>
public sealed record UpvoteObservation(DateOnly ObservedOn, int Upvotes);

/// <summary>
/// A record that an importer could not read, with where it sits and why.
/// </summary>
/// <param name="SourceFile">The file name as given to the importer.</param>
/// <param name="Position">Where the record sits, for example <c>record 12</c> or <c>line 40, column 3</c>.</param>
/// <param name="Reason">What is wrong and what to do about it.</param>
public sealed record ImportReject(string SourceFile, string Position, string Reason);

/// <summary>
/// The result of parsing one source file: the papers read and the records rejected.
/// </summary>
public sealed record ParsedFile(string SourceFile, IReadOnlyList<PaperRecord> Papers, IReadOnlyList<ImportReject> Rejects)
{
    /// <summary>
    /// A remark about the file as a whole that is not an error, or null. Examples: why the file
    /// contains no papers although nothing in it is wrong (a Daily Papers day without a listing),
    /// that it is one page of a longer list (an OAI-PMH resumption token), or where estimated dates
    /// came from.
    /// </summary>
    public string? Notice { get; init; }

    /// <summary>
    /// The name of the format that parsed the file (see <see cref="Import.PaperFileReader.FormatNames"/>),
    /// or null when the file was rejected before any format read it.
    /// </summary>
    public string? Format { get; init; }
}
