namespace TrendBoard.Core.Import;

/// <summary>
/// The CSV columns that contain each paper field, and the field delimiter.
/// </summary>
/// <remarks>
/// A column left null is found by its header name, ignoring case, spaces, <c>_</c> and <c>-</c>:
/// <list type="bullet">
/// <item>id: <c>id</c>, <c>arxiv_id</c>, <c>paper_id</c>, <c>arxiv</c>, <c>entry_id</c>;</item>
/// <item>title: <c>title</c>, <c>paper_title</c>;</item>
/// <item>abstract: <c>abstract</c>, <c>summary</c>, <c>description</c>;</item>
/// <item>date: <c>date</c>, <c>published</c>, <c>published_at</c>, <c>published_on</c>, <c>publication_date</c>, <c>published_date</c>, <c>submitted</c>, <c>created</c>;</item>
/// <item>upvotes: <c>upvotes</c>, <c>upvote</c>, <c>votes</c>, <c>likes</c>, <c>upvote_count</c>;</item>
/// <item>authors: <c>authors</c>, <c>author</c>;</item>
/// <item>categories: <c>categories</c>, <c>category</c>, <c>primary_category</c>.</item>
/// </list>
/// A column named here must exist in the header (compared ignoring case), or the file is rejected.
/// Only the title column is required.
/// </remarks>
public sealed record CsvFormatOptions
{
    /// <summary>Comma-separated, every column found by its header name.</summary>
    public static CsvFormatOptions Default { get; } = new();

    /// <summary>
    /// Reads a delimiter as users type it: one character such as <c>;</c>, or <c>tab</c> (also
    /// <c>\t</c>) for a tab. Returns null for any other text, including an empty one, and for the
    /// quote and line-break characters, which CSV reserves.
    /// </summary>
    public static char? ParseDelimiter(string? text) => text switch
    {
        null => null,
        "tab" or "\\t" => '\t',
        "\"" or "\r" or "\n" => null,
        { Length: 1 } => text[0],
        _ => null,
    };

    /// <summary>The field delimiter; a comma by default, as RFC 4180 has it.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>The column with arXiv ids or abs URLs; rows without one get an id derived from the title.</summary>
    public string? IdColumn { get; init; }

    /// <summary>The column with titles.</summary>
    public string? TitleColumn { get; init; }

    /// <summary>The column with abstracts; without one, abstracts are empty.</summary>
    public string? AbstractColumn { get; init; }

    /// <summary>The column with publication days (<c>2025-10-16</c>, ISO 8601 timestamps or RFC 1123 dates).</summary>
    public string? DateColumn { get; init; }

    /// <summary>The column with upvote counts, observed on the capture day.</summary>
    public string? UpvotesColumn { get; init; }

    /// <summary>The column with author names, separated by <c>;</c>, or by <c>,</c> when the cell has no <c>;</c>.</summary>
    public string? AuthorsColumn { get; init; }

    /// <summary>The column with arXiv categories, separated by spaces, commas or semicolons.</summary>
    public string? CategoriesColumn { get; init; }

    /// <summary>
    /// Returns how the user maps a field (<c>id</c>, <c>title</c>, <c>abstract</c>, <c>date</c>,
    /// <c>upvotes</c>, <c>authors</c> or <c>categories</c>) to a header, as a phrase that follows
    /// "map it", for the notices and errors about columns. The default names the CLI option:
    /// <c>with --csv-column FIELD=HEADER (trendboard import)</c>.
    /// </summary>
    public Func<string, string> DescribeColumnMapping { get; init; } = field => $"with --csv-column {field}=HEADER (trendboard import)";
}
