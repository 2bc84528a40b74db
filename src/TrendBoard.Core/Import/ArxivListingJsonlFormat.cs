using System.Text.Json;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Text;

namespace TrendBoard.Core.Import;

/// <summary>
/// arXiv daily listings saved as JSON Lines: one object per line with <c>id</c>, <c>title</c>,
/// <c>summary</c>, <c>authors</c> and <c>categories</c>, in a file named by its listing day
/// (<c>2025-05-05.jsonl</c>).
/// </summary>
/// <remarks>
/// <para>
/// The rows have no date field, so the listing day in the file name becomes every paper's
/// publication day. A file whose name has no day, or a day in the future, gives one reject and
/// no papers. <c>categories</c> keeps arXiv categories only, primary first; ACM and MSC class
/// strings such as <c>"I.2.6; I.2.7"</c> are dropped.
/// </para>
/// <para>
/// A paper cross-listed under two crawled categories appears on two lines of the same file; both
/// lines are returned, each with its line number, and the store merges them into one paper. The
/// file is read line by line, so memory does not grow with its size.
/// </para>
/// </remarks>
public sealed class ArxivListingJsonlFormat : IPaperFileFormat
{
    /// <summary>The format name and <see cref="PaperRecord.Source"/> of its records.</summary>
    public const string FormatName = "arxiv-listing-jsonl";

    /// <summary>The shared instance; the format has no state.</summary>
    public static ArxivListingJsonlFormat Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => FormatName;

    /// <inheritdoc/>
    public string Description => "arXiv daily listing as JSON Lines (id, title, summary, authors, categories), named by its day: 2025-05-05.jsonl";

    /// <inheritdoc/>
    public FormatMatch Detect(ReadOnlySpan<byte> head, string fileName)
    {
        var json = JsonHead.Read(head);
        if (json.FirstToken == JsonTokenType.StartObject && json.HasAll("id", "title", "summary") && !json.HasAny("versions", "authors_parsed", "paper"))
        {
            return FormatMatch.Content;
        }

        return ContentChecks.HasExtension(fileName, ".jsonl") ? FormatMatch.FileName : FormatMatch.None;
    }

    /// <inheritdoc/>
    public void Parse(Stream content, PaperParseContext context, IPaperRecordSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sink);

        var output = new ParseOutput(context, sink);
        if (context.FileDay is not { } listingDay)
        {
            output.Reject("file name", "arXiv listing rows have no date, so the listing day must be the file name, but this name has none; rename the file to its listing day, such as 2025-05-05.jsonl, and import it again.");
            return;
        }

        if (listingDay > context.LatestValidDay)
        {
            output.Reject("file name", $"the listing day {Days.Iso(listingDay)} in the file name is in the future; rename the file to the day the listing was published and import it again.");
            return;
        }

        JsonLinesParser.Parse(content, output, row => Map(row, listingDay), cancellationToken);
    }

    private static MappedItem Map(JsonElement row, DateOnly listingDay)
    {
        if (!JsonFields.TryReadString(row, "id", required: true, out var rawId, out var error)
            || !JsonFields.TryReadString(row, "title", required: true, out var rawTitle, out error)
            || !JsonFields.TryReadString(row, "summary", required: true, out var summary, out error)
            || !JsonFields.TryReadStringArray(row, "authors", out var rawAuthors, out error)
            || !JsonFields.TryReadStringArray(row, "categories", out var rawCategories, out error))
        {
            return MappedItem.Reject(error!);
        }

        if (!ArxivId.TryParseReference(rawId, out var id))
        {
            return MappedItem.Reject($"'id' '{JsonFields.Truncate(rawId)}' is not an arXiv identifier such as 2505.00734 or cs/0610004");
        }

        var title = TextCleaner.CleanPlainTitle(rawTitle);
        if (title.Length == 0)
        {
            return MappedItem.Reject($"paper {id} has an empty 'title'");
        }

        var authors = rawAuthors.Select(TextCleaner.CleanLabel).Where(name => name.Length > 0).ToList();
        var paper = new PaperRecord(id, title, TextCleaner.CleanAbstract(summary), listingDay, null, authors, [], null, FormatName)
        {
            Categories = ArxivCategory.Clean(rawCategories),
        };
        return MappedItem.Accept(paper);
    }
}
