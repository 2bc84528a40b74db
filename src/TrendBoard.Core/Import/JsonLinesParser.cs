using System.Text.Json;
using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Import;

/// <summary>
/// Reads JSON Lines content (one JSON object per line) line by line and maps each object to a
/// paper, for the JSONL formats.
/// </summary>
/// <remarks>
/// Memory stays bounded by the longest line, whatever the file size. Blank lines are skipped.
/// Every problem rejects only its line, at <c>line N</c>: a line that is not valid UTF-8, is not
/// JSON, is not an object, nests deeper than <see cref="MaxDepth"/> levels, is longer than
/// <see cref="Utf8LineReader.MaxLineBytes"/>, or that the mapper rejects.
/// </remarks>
internal static class JsonLinesParser
{
    /// <summary>The deepest nesting accepted; paper records need 3 levels (authors_parsed), so 16 leaves room.</summary>
    public const int MaxDepth = 16;

    private static readonly JsonDocumentOptions _documentOptions = new() { MaxDepth = MaxDepth };

    /// <param name="content">The content.</param>
    /// <param name="output">Receives papers and rejects.</param>
    /// <param name="map">Maps one line's object to a paper, or to a reject reason.</param>
    /// <param name="cancellationToken">Checked before each line.</param>
    public static void Parse(Stream content, ParseOutput output, Func<JsonElement, MappedItem> map, CancellationToken cancellationToken)
    {
        var reader = new Utf8LineReader(content);
        while (reader.TryReadLine(out var line, out var isTooLong))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var position = $"line {reader.LineNumber}";
            if (isTooLong)
            {
                output.Reject(position, $"the line is longer than {Utf8LineReader.MaxLineBytes / (1024 * 1024)} MiB, so it is not one paper record; the line was skipped. Check that the file has one JSON object per line.");
                continue;
            }

            if (line.Span.IndexOfAnyExcept(" \t"u8) < 0)
            {
                continue;
            }

            ParseLine(line, reader.LastLineEnded, position, output, map);
        }
    }

    private static void ParseLine(ReadOnlyMemory<byte> line, bool lineEnded, string position, ParseOutput output, Func<JsonElement, MappedItem> map)
    {
        var invalid = ContentChecks.FindInvalidUtf8(line.Span);
        if (invalid >= 0)
        {
            output.Reject($"{position}, byte {invalid + 1}", ContentChecks.InvalidUtf8Reason(line.Span, invalid) + "; the line was skipped.");
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, _documentOptions);
        }
        catch (JsonException exception)
        {
            var where = exception.BytePositionInLine is { } column ? $"{position}, byte {column + 1}" : position;
            var hint = lineEnded
                ? "Fix or remove the line; a JSON Lines file has one complete JSON object per line."
                : "This is the last line and it has no line break, so the file is probably truncated; download it again.";
            output.Reject(where, $"invalid JSON: {JsonFields.MessageWithoutLocation(exception)}; the line was skipped. {hint}");
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                output.Reject(position, $"expected a JSON object, found {JsonFields.Describe(root.ValueKind)}; the line was skipped.");
                return;
            }

            var mapped = map(root);
            if (mapped.Paper is not null)
            {
                output.Paper(mapped.Paper, position);
            }
            else
            {
                output.Reject(position, $"{mapped.RejectReason}; the line was skipped.");
            }
        }
    }
}
