using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Text;

namespace TrendBoard.Core.Import;

/// <summary>
/// Responses of the arXiv API (<c>export.arxiv.org/api/query</c>): Atom feeds with one
/// <c>entry</c> per paper.
/// </summary>
/// <remarks>
/// <para>
/// Each entry gives the id (from the <c>id</c> URL, version suffix removed), the title and
/// summary (hard wraps joined, TeX kept), the authors, the publication day (UTC day of
/// <c>published</c>) and the categories (<c>arxiv:primary_category</c> first, then each
/// <c>category</c>). The feed is read entry by entry, so its size does not matter.
/// </para>
/// <para>
/// An entry that the API uses to report an error (its id points at <c>/api/errors</c>) becomes a
/// reject with the API's message. A feed that is one page of a longer result, or that matched
/// nothing, gets a <see cref="ParsedFile.Notice"/> from its <c>opensearch</c> counts.
/// </para>
/// </remarks>
public sealed class ArxivAtomFormat : IPaperFileFormat
{
    /// <summary>The format name and <see cref="PaperRecord.Source"/> of its records.</summary>
    public const string FormatName = "arxiv-atom";

    private const string AtomNamespace = "http://www.w3.org/2005/Atom";
    private const string OpenSearchNamespace = "http://a9.com/-/spec/opensearch/1.1/";
    private static readonly XNamespace _atom = AtomNamespace;
    private static readonly XNamespace _arxiv = "http://arxiv.org/schemas/atom";

    /// <summary>The shared instance; the format has no state.</summary>
    public static ArxivAtomFormat Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => FormatName;

    /// <inheritdoc/>
    public string Description => "arXiv API response: an Atom <feed> with one <entry> per paper";

    /// <inheritdoc/>
    public FormatMatch Detect(ReadOnlySpan<byte> head, string fileName)
    {
        if (SafeXml.ReadRoot(head) is ("feed", AtomNamespace))
        {
            return FormatMatch.Content;
        }

        // Other XML files fall to this format by name, so that their reject names the root element
        // they have instead of the whole read failing.
        return ContentChecks.HasExtension(fileName, ".atom", ".xml") ? FormatMatch.FileName : FormatMatch.None;
    }

    /// <inheritdoc/>
    public void Parse(Stream content, PaperParseContext context, IPaperRecordSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sink);

        var output = new ParseOutput(context, sink);
        var counts = new FeedCounts();
        using var reader = XmlReader.Create(content, SafeXml.ReaderSettings());
        try
        {
            if (!SafeXml.MoveToRoot(reader, "feed", AtomNamespace, "an arXiv API Atom feed", output))
            {
                return;
            }

            ReadFeed(reader, counts, output, cancellationToken);
        }
        catch (XmlException exception)
        {
            SafeXml.RejectInvalidXml(exception, reader, output);
            return;
        }

        ReportPaging(counts, output);
    }

    private static void ReadFeed(XmlReader reader, FeedCounts counts, ParseOutput output, CancellationToken cancellationToken)
    {
        if (reader.IsEmptyElement)
        {
            return;
        }

        reader.ReadStartElement();
        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.LocalName == "entry" && reader.NamespaceURI == AtomNamespace)
            {
                var line = SafeXml.LineOf(reader);
                var entry = (XElement)XNode.ReadFrom(reader);
                counts.Entries++;
                MapEntry(entry, $"entry {counts.Entries}, line {line}", output);
            }
            else if (reader.NamespaceURI == OpenSearchNamespace)
            {
                var name = reader.LocalName;
                counts.Set(name, reader.ReadElementContentAsString());
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void MapEntry(XElement entry, string position, ParseOutput output)
    {
        var rawId = (string?)entry.Element(_atom + "id") ?? string.Empty;
        if (rawId.Contains("/api/errors", StringComparison.Ordinal))
        {
            var message = TextCleaner.CleanAbstract((string?)entry.Element(_atom + "summary") ?? "no message");
            output.Reject(position, $"the arXiv API returned an error instead of papers: {message}. Fix the query and download the feed again.");
            return;
        }

        var mapped = Map(entry, rawId);
        if (mapped.Paper is not null)
        {
            output.Paper(mapped.Paper, position);
        }
        else
        {
            output.Reject(position, $"{mapped.RejectReason}; the entry was skipped.");
        }
    }

    private static MappedItem Map(XElement entry, string rawId)
    {
        if (!ArxivId.TryParseReference(rawId, out var id))
        {
            return MappedItem.Reject($"the entry <id> '{JsonFields.Truncate(rawId)}' is not an arXiv abs URL such as http://arxiv.org/abs/2510.14968v1");
        }

        var title = TextCleaner.CleanPlainTitle((string?)entry.Element(_atom + "title") ?? string.Empty);
        if (title.Length == 0)
        {
            return MappedItem.Reject($"entry {id} has no <title>");
        }

        if (entry.Element(_atom + "summary") is not { } summary)
        {
            return MappedItem.Reject($"entry {id} has no <summary>");
        }

        var published = (string?)entry.Element(_atom + "published");
        if (!Days.TryParseIso(published, out var publishedOn))
        {
            return MappedItem.Reject(published is null
                ? $"entry {id} has no <published> date"
                : $"entry {id} has <published> '{JsonFields.Truncate(published)}', which is not an ISO 8601 timestamp such as 2025-10-16T17:59:37Z");
        }

        var authors = entry.Elements(_atom + "author")
            .Select(author => TextCleaner.CleanLabel((string?)author.Element(_atom + "name") ?? string.Empty))
            .Where(name => name.Length > 0)
            .ToList();
        var categoryTerms = entry.Elements(_arxiv + "primary_category")
            .Concat(entry.Elements(_atom + "category"))
            .Select(category => (string?)category.Attribute("term"));

        var paper = new PaperRecord(id, title, TextCleaner.CleanAbstract(summary.Value), publishedOn, null, authors, [], null, FormatName)
        {
            Categories = ArxivCategory.Clean(categoryTerms),
        };
        return MappedItem.Accept(paper);
    }

    private static void ReportPaging(FeedCounts counts, ParseOutput output)
    {
        if (counts.TotalResults is not { } total)
        {
            return;
        }

        var start = counts.StartIndex ?? 0;
        if (total == 0)
        {
            output.Notice("the feed has no entries because the query matched no papers (opensearch:totalResults is 0)");
        }
        else if (start + counts.Entries < total)
        {
            output.Notice(
                $"the feed is one page of a longer result: entries {start + 1} to {start + counts.Entries} of {total}; "
                + $"request start={start + counts.Entries} to get the next page");
        }
    }

    private sealed class FeedCounts
    {
        public int Entries { get; set; }

        public int? TotalResults { get; private set; }

        public int? StartIndex { get; private set; }

        public void Set(string name, string text)
        {
            if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return;
            }

            switch (name)
            {
                case "totalResults":
                    TotalResults = value;
                    break;
                case "startIndex":
                    StartIndex = value;
                    break;
            }
        }
    }
}
