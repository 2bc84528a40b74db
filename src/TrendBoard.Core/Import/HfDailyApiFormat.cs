using System.Text.Json;

namespace TrendBoard.Core.Import;

/// <summary>
/// The Hugging Face <c>api/daily_papers</c> response format, read by <see cref="HfDailyApiParser"/>.
/// </summary>
public sealed class HfDailyApiFormat : IPaperFileFormat
{
    /// <summary>The shared instance; the format has no state.</summary>
    public static HfDailyApiFormat Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => HfDailyApiParser.SourceName;

    /// <inheritdoc/>
    public string Description => "Hugging Face api/daily_papers response (JSON array of items, or a {status, date, data} wrapper), named by its day";

    /// <inheritdoc/>
    /// <remarks>
    /// The content matches when it is a JSON array whose first item is an object with a <c>paper</c>
    /// field or a string (a Python <c>repr()</c> of an item), an empty array, or an object with the
    /// wrapper's <c>status</c> or <c>data</c> field. Any other file named <c>*.json</c> matches by
    /// name, so that its rejects explain what is wrong with it.
    /// </remarks>
    public FormatMatch Detect(ReadOnlySpan<byte> head, string fileName)
    {
        var json = JsonHead.Read(head);
        var isItemArray = json.FirstToken == JsonTokenType.StartArray
            && (json.FirstItemToken is JsonTokenType.String or JsonTokenType.EndArray || json.PropertyNames.Contains("paper"));
        var isWrapper = json.FirstToken == JsonTokenType.StartObject && json.HasAny("status", "data") && !json.HasAny("id", "paper");
        if (isItemArray || isWrapper)
        {
            return FormatMatch.Content;
        }

        return ContentChecks.HasExtension(fileName, ".json") ? FormatMatch.FileName : FormatMatch.None;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Reads the whole content into memory, up to <see cref="PaperFileReader.MaxContentBytes"/>;
    /// longer content gives a reject and only its start is parsed. The items are then parsed one by
    /// one and each paper goes to the sink as it is read; rejects follow the papers.
    /// </remarks>
    public void Parse(Stream content, PaperParseContext context, IPaperRecordSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sink);

        var output = new ParseOutput(context, sink);
        var bytes = WholeContent.Read(content, output, cancellationToken);
        var (parsed, _) = HfDailyApiParser.ParseWithPositions(
            bytes,
            context.SourceFile,
            context.FileDay,
            (paper, position) =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                output.Paper(paper, position);
            });

        foreach (var reject in parsed.Rejects)
        {
            sink.AddReject(reject);
        }

        if (parsed.Notice is not null)
        {
            output.Notice(parsed.Notice);
        }
    }
}
