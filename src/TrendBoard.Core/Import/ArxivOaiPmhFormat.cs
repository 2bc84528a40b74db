using System.Xml;
using System.Xml.Linq;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Text;

namespace TrendBoard.Core.Import;

/// <summary>
/// OAI-PMH 2.0 responses of arXiv's harvesting interface (<c>export.arxiv.org/oai2</c>) to
/// <c>ListRecords</c> or <c>GetRecord</c>, with metadata in the <c>arXiv</c> or <c>oai_dc</c> format.
/// </summary>
/// <remarks>
/// <para>
/// <c>arXiv</c> metadata gives the id, title, abstract, authors (forenames, keyname, suffix),
/// categories (space-separated, primary first) and <c>created</c>, the day of the first version,
/// which becomes the publication day. <c>oai_dc</c> metadata gives the id from the
/// <c>dc:identifier</c> abs URL (else the header's <c>oai:arXiv.org:</c> identifier), the title,
/// the first <c>dc:description</c> that is not a <c>Comment:</c> as abstract, the creators
/// (<c>Keyname, Forenames</c>, turned into <c>Forenames Keyname</c>) and the earliest
/// <c>dc:date</c>. Its subjects are English names, not category codes, so those records have no
/// <see cref="PaperRecord.Categories"/>.
/// </para>
/// <para>
/// Records whose header has <c>status="deleted"</c> carry no metadata and are skipped and counted
/// in the notice. A <c>resumptionToken</c> with a value (the response is one page of a longer
/// list) is reported in <see cref="ParsedFile.Notice"/>, as is the error <c>noRecordsMatch</c>;
/// any other OAI-PMH error becomes a reject.
/// </para>
/// </remarks>
public sealed class ArxivOaiPmhFormat : IPaperFileFormat
{
    /// <summary>The format name and <see cref="PaperRecord.Source"/> of its records.</summary>
    public const string FormatName = "arxiv-oai-pmh";

    private const string OaiNamespace = "http://www.openarchives.org/OAI/2.0/";
    private static readonly XNamespace _oai = OaiNamespace;
    private static readonly XNamespace _arxiv = "http://arxiv.org/OAI/arXiv/";
    private static readonly XNamespace _oaiDc = "http://www.openarchives.org/OAI/2.0/oai_dc/";
    private static readonly XNamespace _dc = "http://purl.org/dc/elements/1.1/";

    /// <summary>The shared instance; the format has no state.</summary>
    public static ArxivOaiPmhFormat Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => FormatName;

    /// <inheritdoc/>
    public string Description => "arXiv OAI-PMH ListRecords or GetRecord response with metadataPrefix arXiv or oai_dc";

    /// <inheritdoc/>
    public FormatMatch Detect(ReadOnlySpan<byte> head, string fileName) =>
        SafeXml.ReadRoot(head) is ("OAI-PMH", OaiNamespace) ? FormatMatch.Content : FormatMatch.None;

    /// <inheritdoc/>
    public void Parse(Stream content, PaperParseContext context, IPaperRecordSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sink);

        var output = new ParseOutput(context, sink);
        var response = new ResponseState();
        using var reader = XmlReader.Create(content, SafeXml.ReaderSettings());
        try
        {
            if (!SafeXml.MoveToRoot(reader, "OAI-PMH", OaiNamespace, "an OAI-PMH response", output))
            {
                return;
            }

            ReadResponse(reader, response, output, cancellationToken);
        }
        catch (XmlException exception)
        {
            SafeXml.RejectInvalidXml(exception, reader, output);
            return;
        }

        Report(response, output);
    }

    private static void ReadResponse(XmlReader reader, ResponseState response, ParseOutput output, CancellationToken cancellationToken)
    {
        if (reader.IsEmptyElement)
        {
            return;
        }

        reader.ReadStartElement();
        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            var isVerb = reader.NamespaceURI == OaiNamespace && reader.LocalName is "ListRecords" or "GetRecord";
            if (isVerb && !reader.IsEmptyElement)
            {
                reader.ReadStartElement();
                ReadRecords(reader, response, output, cancellationToken);
                reader.ReadEndElement();
            }
            else if (reader.NamespaceURI == OaiNamespace && reader.LocalName == "error")
            {
                var line = SafeXml.LineOf(reader);
                var error = (XElement)XNode.ReadFrom(reader);
                response.Errors.Add(((string?)error.Attribute("code") ?? "unknown", TextCleaner.CleanLabel(error.Value), line));
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadRecords(XmlReader reader, ResponseState response, ParseOutput output, CancellationToken cancellationToken)
    {
        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NamespaceURI != OaiNamespace)
            {
                reader.Skip();
                continue;
            }

            var line = SafeXml.LineOf(reader);
            switch (reader.LocalName)
            {
                case "record":
                    var record = (XElement)XNode.ReadFrom(reader);
                    response.Records++;
                    MapRecord(record, $"record {response.Records}, line {line}", response, output);
                    break;
                case "resumptionToken":
                    response.ResumptionToken = (XElement)XNode.ReadFrom(reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private static void MapRecord(XElement record, string position, ResponseState response, ParseOutput output)
    {
        var header = record.Element(_oai + "header");
        if ((string?)header?.Attribute("status") == "deleted")
        {
            response.Deleted++;
            return;
        }

        var metadata = record.Element(_oai + "metadata")?.Elements().FirstOrDefault();
        var headerId = (string?)header?.Element(_oai + "identifier");
        var mapped = metadata switch
        {
            null => MappedItem.Reject("the record has no <metadata>"),
            _ when metadata.Name == _arxiv + "arXiv" => MapArxiv(metadata),
            _ when metadata.Name == _oaiDc + "dc" => MapDublinCore(metadata, headerId),
            _ => MappedItem.Reject($"the metadata format <{metadata.Name.LocalName}> in namespace '{metadata.Name.NamespaceName}' is not supported; harvest with metadataPrefix=arXiv or metadataPrefix=oai_dc"),
        };

        if (mapped.Paper is not null)
        {
            output.Paper(mapped.Paper, position);
        }
        else
        {
            var label = headerId is null ? "the record was skipped" : $"record {headerId} was skipped";
            output.Reject(position, $"{mapped.RejectReason}; {label}.");
        }
    }

    private static MappedItem MapArxiv(XElement metadata)
    {
        var rawId = (string?)metadata.Element(_arxiv + "id");
        if (!ArxivId.TryParseReference(rawId, out var id))
        {
            return MappedItem.Reject($"<id> '{JsonFields.Truncate(rawId ?? string.Empty)}' is not an arXiv identifier such as 0704.0002 or cs/0610004");
        }

        var created = (string?)metadata.Element(_arxiv + "created");
        if (!Days.TryParseIso(created, out var publishedOn))
        {
            return MappedItem.Reject(created is null ? $"paper {id} has no <created> day" : $"paper {id} has <created> '{JsonFields.Truncate(created)}', which is not a day such as 2007-03-30");
        }

        var authors = metadata.Element(_arxiv + "authors")?.Elements(_arxiv + "author")
            .Select(author => JoinName(
                (string?)author.Element(_arxiv + "forenames"),
                (string?)author.Element(_arxiv + "keyname"),
                (string?)author.Element(_arxiv + "suffix")))
            .Where(name => name.Length > 0)
            .ToList() ?? [];

        return Build(
            id,
            (string?)metadata.Element(_arxiv + "title"),
            (string?)metadata.Element(_arxiv + "abstract"),
            publishedOn,
            authors,
            ArxivCategory.Clean([(string?)metadata.Element(_arxiv + "categories")]));
    }

    private static MappedItem MapDublinCore(XElement dc, string? headerId)
    {
        var id = FindDublinCoreId(dc, headerId);
        if (id is null)
        {
            return MappedItem.Reject("no <dc:identifier> is an arxiv.org abs URL and the header <identifier> is not an oai:arXiv.org: identifier");
        }

        var days = dc.Elements(_dc + "date")
            .Select(e => Days.TryParseIso(e.Value, out var day) ? day : (DateOnly?)null)
            .Where(day => day is not null)
            .ToList();
        if (days.Count == 0)
        {
            return MappedItem.Reject($"paper {id} has no <dc:date> in the form 2007-03-30");
        }

        var description = dc.Elements(_dc + "description")
            .Select(e => e.Value)
            .FirstOrDefault(text => !text.TrimStart().StartsWith("Comment:", StringComparison.Ordinal));
        var authors = dc.Elements(_dc + "creator")
            .Select(e => CreatorName(e.Value))
            .Where(name => name.Length > 0)
            .ToList();

        return Build(id, (string?)dc.Element(_dc + "title"), description, days.Min()!.Value, authors, []);
    }

    // Other identifiers (DOIs, journal references) may come first, so only arXiv ones count.
    private static string? FindDublinCoreId(XElement dc, string? headerId)
    {
        foreach (var candidate in dc.Elements(_dc + "identifier").Select(e => e.Value).Append(headerId))
        {
            if (candidate is not null
                && candidate.Contains("arxiv.org", StringComparison.OrdinalIgnoreCase)
                && ArxivId.TryParseReference(candidate, out var id))
            {
                return id;
            }
        }

        return null;
    }

    private static MappedItem Build(string id, string? rawTitle, string? rawAbstract, DateOnly publishedOn, IReadOnlyList<string> authors, IReadOnlyList<string> categories)
    {
        var title = TextCleaner.CleanPlainTitle(rawTitle ?? string.Empty);
        if (title.Length == 0)
        {
            return MappedItem.Reject($"paper {id} has no title");
        }

        if (rawAbstract is null)
        {
            return MappedItem.Reject($"paper {id} has no abstract");
        }

        var paper = new PaperRecord(id, title, TextCleaner.CleanAbstract(rawAbstract), publishedOn, null, authors, [], null, FormatName)
        {
            Categories = categories,
        };
        return MappedItem.Accept(paper);
    }

    private static string JoinName(params string?[] parts) =>
        TextCleaner.CleanLabel(string.Join(' ', parts.Where(part => !string.IsNullOrWhiteSpace(part))));

    // arXiv writes Dublin Core creators as "Keyname, Forenames".
    private static string CreatorName(string creator)
    {
        var comma = creator.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 ? TextCleaner.CleanLabel(creator) : JoinName(creator[(comma + 1)..], creator[..comma]);
    }

    private static void Report(ResponseState response, ParseOutput output)
    {
        foreach (var (code, message, line) in response.Errors)
        {
            if (code == "noRecordsMatch")
            {
                output.Notice($"the repository reports that no records match the request (OAI-PMH error noRecordsMatch: {message})");
            }
            else
            {
                output.Reject($"line {line}", $"the response is the OAI-PMH error {code}: {message}. Fix the request and harvest again.");
            }
        }

        if (response.Deleted > 0)
        {
            output.Notice($"{response.Deleted} of {response.Records} records are marked deleted and carry no metadata, so they were skipped");
        }

        if (response.ResumptionToken is { } token && !string.IsNullOrWhiteSpace(token.Value))
        {
            var size = (string?)token.Attribute("completeListSize");
            var cursor = (string?)token.Attribute("cursor");
            var extent = size is null ? string.Empty : $" of {size} records (cursor {cursor ?? "not given"})";
            output.Notice(
                $"the response is one page{extent} of a longer list; harvest the next page with verb=ListRecords&resumptionToken={token.Value.Trim()}");
        }
    }

    private sealed class ResponseState
    {
        public int Records { get; set; }

        public int Deleted { get; set; }

        public List<(string Code, string Message, int Line)> Errors { get; } = [];

        public XElement? ResumptionToken { get; set; }
    }
}
