using System.Text.Json;
using System.Text.RegularExpressions;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Text;

namespace TrendBoard.Core.Import;

/// <summary>
/// arXiv's bulk metadata snapshot (distributed as <c>arxiv-metadata-oai-snapshot.json</c>): JSON
/// Lines with <c>id</c>, <c>title</c>, <c>abstract</c>, <c>authors_parsed</c>, <c>categories</c>
/// and <c>versions</c>.
/// </summary>
/// <remarks>
/// <para>
/// The publication day is the day of <c>versions[0].created</c>, an RFC 1123 date such as
/// <c>Mon, 2 Apr 2007 19:18:42 GMT</c>. Authors come from <c>authors_parsed</c>
/// (<c>[keyname, forenames, suffix]</c>, written <c>forenames keyname suffix</c>), else from the
/// <c>authors</c> string split at commas and <c>and</c>. <c>categories</c> is one space-separated
/// string, primary first.
/// </para>
/// <para>
/// The snapshot contains millions of lines (several GB). It is read line by line, so memory does
/// not grow with its size, and each reject names its line.
/// </para>
/// </remarks>
public sealed partial class ArxivSnapshotJsonlFormat : IPaperFileFormat
{
    /// <summary>The format name and <see cref="PaperRecord.Source"/> of its records.</summary>
    public const string FormatName = "arxiv-snapshot-jsonl";

    /// <summary>The shared instance; the format has no state.</summary>
    public static ArxivSnapshotJsonlFormat Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => FormatName;

    /// <inheritdoc/>
    public string Description => "arXiv bulk metadata snapshot as JSON Lines (id, submitter, authors_parsed, categories, versions, ...)";

    /// <inheritdoc/>
    public FormatMatch Detect(ReadOnlySpan<byte> head, string fileName)
    {
        var json = JsonHead.Read(head);
        var isSnapshotRow = json.FirstToken == JsonTokenType.StartObject
            && (json.HasAny("versions", "authors_parsed") || json.HasAll("submitter", "update_date"));
        return isSnapshotRow ? FormatMatch.Content : FormatMatch.None;
    }

    /// <inheritdoc/>
    public void Parse(Stream content, PaperParseContext context, IPaperRecordSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sink);

        JsonLinesParser.Parse(content, new ParseOutput(context, sink), Map, cancellationToken);
    }

    private static MappedItem Map(JsonElement row)
    {
        if (!JsonFields.TryReadString(row, "id", required: true, out var rawId, out var error)
            || !JsonFields.TryReadString(row, "title", required: true, out var rawTitle, out error)
            || !JsonFields.TryReadString(row, "abstract", required: true, out var rawAbstract, out error)
            || !JsonFields.TryReadString(row, "categories", required: false, out var categories, out error))
        {
            return MappedItem.Reject(error!);
        }

        if (!ArxivId.TryParseReference(rawId, out var id))
        {
            return MappedItem.Reject($"'id' '{JsonFields.Truncate(rawId)}' is not an arXiv identifier such as 0704.0001 or cs/0610004");
        }

        var title = TextCleaner.CleanPlainTitle(rawTitle);
        if (title.Length == 0)
        {
            return MappedItem.Reject($"paper {id} has an empty 'title'");
        }

        if (!TryReadFirstVersionDay(row, out var publishedOn, out error) || !TryReadAuthors(row, out var authors, out error))
        {
            return MappedItem.Reject($"paper {id}: {error}");
        }

        var paper = new PaperRecord(id, title, TextCleaner.CleanAbstract(rawAbstract), publishedOn, null, authors, [], null, FormatName)
        {
            Categories = ArxivCategory.Clean([categories]),
        };
        return MappedItem.Accept(paper);
    }

    private static bool TryReadFirstVersionDay(JsonElement row, out DateOnly day, out string? error)
    {
        day = default;
        error = null;
        if (!row.TryGetProperty("versions", out var versions) || versions.ValueKind != JsonValueKind.Array || versions.GetArrayLength() == 0)
        {
            error = "'versions' must be a non-empty array, because the first version's 'created' date is the publication day";
            return false;
        }

        var first = versions[0];
        if (first.ValueKind != JsonValueKind.Object || !JsonFields.TryReadString(first, "created", required: true, out var created, out error))
        {
            error = $"'versions[0].created' is missing or not a string{(error is null ? string.Empty : $" ({error})")}";
            return false;
        }

        if (!Days.TryParseRfc1123(created, out day))
        {
            error = $"'versions[0].created' '{JsonFields.Truncate(created)}' is not an RFC 1123 date such as Mon, 2 Apr 2007 19:18:42 GMT";
            return false;
        }

        return true;
    }

    private static bool TryReadAuthors(JsonElement row, out IReadOnlyList<string> authors, out string? error)
    {
        error = null;
        authors = [];
        var hasParsed = row.TryGetProperty("authors_parsed", out var parsed) && parsed.ValueKind != JsonValueKind.Null;
        if (hasParsed && parsed.ValueKind != JsonValueKind.Array)
        {
            error = $"'authors_parsed' must be an array, found {JsonFields.Describe(parsed.ValueKind)}";
            return false;
        }

        if (hasParsed)
        {
            var names = new List<string>(parsed.GetArrayLength());
            foreach (var author in parsed.EnumerateArray())
            {
                if (author.ValueKind != JsonValueKind.Array)
                {
                    error = $"'authors_parsed' must contain arrays such as [\"Streinu\", \"Ileana\", \"\"], found {JsonFields.Describe(author.ValueKind)}";
                    return false;
                }

                var parts = author.EnumerateArray().Select(part => part.ValueKind == JsonValueKind.String ? part.GetString()! : string.Empty).ToList();
                var ordered = parts.Count >= 2 ? [parts[1], parts[0], .. parts.Skip(2)] : parts;
                var name = TextCleaner.CleanLabel(string.Join(' ', ordered.Where(part => part.Trim().Length > 0)));
                if (name.Length > 0)
                {
                    names.Add(name);
                }
            }

            authors = names;
            return true;
        }

        if (!JsonFields.TryReadString(row, "authors", required: false, out var joined, out error))
        {
            return false;
        }

        authors = AuthorSeparator().Split(joined).Select(TextCleaner.CleanLabel).Where(name => name.Length > 0).ToList();
        return true;
    }

    [GeneratedRegex(@",\s*(?:and\s+)?|\s+and\s+", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorSeparator();
}
