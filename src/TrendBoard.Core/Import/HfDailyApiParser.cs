using System.Globalization;
using System.Text;
using System.Text.Json;
using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Import;

/// <summary>
/// Parses one saved response of the Hugging Face <c>api/daily_papers</c> endpoint.
/// </summary>
/// <remarks>
/// <para>Accepted shapes:</para>
/// <list type="bullet">
/// <item>a JSON array of item objects, each with a <c>paper</c> object (the API's own shape);</item>
/// <item>a JSON array of strings, each the Python <c>repr()</c> of such an item;</item>
/// <item>an object <c>{"status", "date", "count", "data": [...]}</c> whose <c>data</c> contains either of the above;</item>
/// <item>a day without papers: a file whose whole content is <c>1</c>, an object with
/// <c>"status": "no_data"</c>, or an empty array. These give no papers, no rejects and a
/// <see cref="ParsedFile.Notice"/>. A file with any reject never has a notice.</item>
/// </list>
/// <para>
/// Content problems never throw. A bad record becomes an <see cref="ImportReject"/> at
/// <c>record N, line L</c>, where N counts the items of the array from 1. Invalid JSON ends the
/// file with a reject at its line and byte, and the records before it are still returned. A file
/// that is empty, binary or of another shape gives one reject.
/// </para>
/// </remarks>
public static class HfDailyApiParser
{
    /// <summary>The <see cref="PaperRecord.Source"/> of every record this parser returns.</summary>
    public const string SourceName = "hf-daily-api";

    private const string InvalidUtf8Reason = "a string in the file is not valid UTF-8 text";

    private const string ExpectedShape =
        "expected a Hugging Face api/daily_papers response: a JSON array of items, or an object with a 'data' array";

    /// <summary>
    /// Reads <paramref name="stream"/> to its end and parses it.
    /// </summary>
    /// <param name="stream">The file content, already decompressed.</param>
    /// <param name="sourceFile">The file name to put in rejects.</param>
    /// <param name="fileDay">The Daily Papers day from the file name (see <see cref="CorpusFiles.TryParseDay(string)"/>),
    /// or null to fall back to the wrapper's <c>date</c> and then to <c>paper.submittedOnDailyAt</c>.</param>
    /// <exception cref="IOException">Reading the stream failed.</exception>
    public static ParsedFile Parse(Stream stream, string sourceFile, DateOnly? fileDay)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceFile);

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), sourceFile, fileDay);
    }

    /// <summary>
    /// Parses a whole file's UTF-8 content.
    /// </summary>
    /// <inheritdoc cref="Parse(Stream, string, DateOnly?)"/>
    public static ParsedFile Parse(ReadOnlyMemory<byte> content, string sourceFile, DateOnly? fileDay) =>
        ParseWithPositions(content, sourceFile, fileDay).File;

    /// <summary>
    /// Parses a whole file and also returns where each paper sits (<c>record N, line L</c>), in the
    /// order of <see cref="ParsedFile.Papers"/>.
    /// </summary>
    internal static (ParsedFile File, IReadOnlyList<string> PaperPositions) ParseWithPositions(ReadOnlyMemory<byte> content, string sourceFile, DateOnly? fileDay) =>
        ParseWithPositions(content, sourceFile, fileDay, onPaper: null);

    /// <summary>
    /// Parses a whole file; with <paramref name="onPaper"/>, hands each paper and its position to it
    /// as it is read instead of collecting them, so the papers of a large array are not all held at once.
    /// </summary>
    internal static (ParsedFile File, IReadOnlyList<string> PaperPositions) ParseWithPositions(
        ReadOnlyMemory<byte> content,
        string sourceFile,
        DateOnly? fileDay,
        Action<PaperRecord, string>? onPaper)
    {
        ArgumentNullException.ThrowIfNull(sourceFile);

        var run = new FileParse(content, sourceFile, fileDay, onPaper);
        run.Run();
        // A notice claims the day has no papers, which only a file without rejects can show.
        var notice = run.Rejects.Count == 0 ? run.Notice : null;
        return (new ParsedFile(sourceFile, run.Papers, run.Rejects) { Notice = notice, Format = SourceName }, run.PaperPositions);
    }

    // The state of parsing one file. A class, because Utf8JsonReader is a ref struct that the
    // methods below pass along by reference.
    private sealed class FileParse(ReadOnlyMemory<byte> content, string sourceFile, DateOnly? fileDay, Action<PaperRecord, string>? onPaper)
    {
        private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

        private readonly ReadOnlyMemory<byte> _content = content;
        private readonly string _sourceFile = sourceFile;
        private readonly DateOnly? _fileDay = fileDay;
        private DateOnly? _wrapperDay;
        private int _countedUpTo;
        private int _newlinesCounted;

        public List<PaperRecord> Papers { get; } = [];

        /// <summary>Papers read so far, whether collected in <see cref="Papers"/> or handed to the callback.</summary>
        public int PaperCount { get; private set; }

        public List<string> PaperPositions { get; } = [];

        public List<ImportReject> Rejects { get; } = [];

        public string? Notice { get; private set; }

        public void Run()
        {
            var bytes = _content.Span;
            var start = bytes.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
            if (!CheckPlausibleJson(bytes[start..]))
            {
                return;
            }

            var reader = new Utf8JsonReader(bytes[start..], new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!TryRead(ref reader, "at the start", start))
            {
                return;
            }

            try
            {
                var complete = reader.TokenType switch
                {
                    JsonTokenType.StartArray => ParseItems(ref reader, start, isTopLevel: true),
                    JsonTokenType.StartObject => ParseWrapper(ref reader, start),
                    JsonTokenType.Number => ParseNumberFile(ref reader),
                    _ => RejectShape(reader.TokenType),
                };

                if (complete)
                {
                    CheckEnd(ref reader, start);
                }
            }
            catch (InvalidOperationException exception) when (IsInvalidUtf8(exception))
            {
                // Records catch their own invalid UTF-8, so this is a wrapper field or name.
                Reject(LinePosition(start + (int)reader.TokenStartIndex), $"{InvalidUtf8Reason}; {ImportedSoFar()}. Save the file as UTF-8 and import it again.");
            }
        }

        // Catches files that are not JSON text at all, so that their reject names what they are.
        private bool CheckPlausibleJson(ReadOnlySpan<byte> bytes)
        {
            var firstNonSpace = bytes.IndexOfAnyExcept(" \t\r\n"u8);
            if (firstNonSpace < 0)
            {
                Reject("start of file", $"the file is empty; {ExpectedShape}. Download the day's response again.");
                return false;
            }

            if (bytes.StartsWith([(byte)0x1F, (byte)0x8B]))
            {
                Reject("start of file", "the file is gzip-compressed, but its name does not end in .gz; rename it to end in .json.gz or decompress it.");
                return false;
            }

            if (bytes.StartsWith([(byte)0xFF, (byte)0xFE]) || bytes.StartsWith([(byte)0xFE, (byte)0xFF]))
            {
                Reject("start of file", "the file is UTF-16 text; save it as UTF-8 and import it again.");
                return false;
            }

            return true;
        }

        private bool ParseItems(ref Utf8JsonReader reader, int offset, bool isTopLevel)
        {
            var recordNumber = 0;
            while (true)
            {
                var context = recordNumber == 0 ? "before the first record" : $"after record {recordNumber}";
                if (!TryRead(ref reader, context, offset, $"record {recordNumber + 1}, "))
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    if (recordNumber == 0 && isTopLevel)
                    {
                        Notice = "the response is an empty array, so the day has no papers";
                    }

                    return true;
                }

                recordNumber++;
                var recordStart = offset + (int)reader.TokenStartIndex;
                JsonDocument document;
                try
                {
                    document = JsonDocument.ParseValue(ref reader);
                }
                catch (JsonException exception)
                {
                    RejectInvalidJson($"record {recordNumber}, {ExceptionPosition(exception)}", exception);
                    return false;
                }

                using (document)
                {
                    MapRecord(document.RootElement, recordNumber, recordStart);
                }
            }
        }

        private void MapRecord(JsonElement element, int recordNumber, int recordStart)
        {
            try
            {
                MapValidRecord(element, recordNumber, recordStart);
            }
            catch (InvalidOperationException exception) when (IsInvalidUtf8(exception))
            {
                Reject(RecordPosition(recordNumber, recordStart), $"{InvalidUtf8Reason}; the record was skipped. Save the file as UTF-8 and import it again.");
            }
        }

        private void MapValidRecord(JsonElement element, int recordNumber, int recordStart)
        {
            var item = element;
            if (element.ValueKind == JsonValueKind.String)
            {
                try
                {
                    item = PythonLiteral.ParseToElement(element.GetString()!);
                }
                catch (PythonLiteralException exception)
                {
                    Reject(
                        RecordPosition(recordNumber, recordStart),
                        $"the record is a string but not a readable Python repr of an item: {exception.Message} Fix or remove the record.");
                    return;
                }
            }

            var mapped = HfDailyItemMapper.Map(item, _fileDay, _wrapperDay);
            if (mapped.Paper is not null)
            {
                PaperCount++;
                if (onPaper is not null)
                {
                    onPaper(mapped.Paper, RecordPosition(recordNumber, recordStart));
                }
                else
                {
                    Papers.Add(mapped.Paper);
                    PaperPositions.Add(RecordPosition(recordNumber, recordStart));
                }
            }
            else
            {
                Reject(RecordPosition(recordNumber, recordStart), $"{mapped.RejectReason}; the record was skipped.");
            }
        }

        private bool ParseWrapper(ref Utf8JsonReader reader, int offset)
        {
            var header = ReadWrapperHeader(reader);
            _wrapperDay = header.Day;
            if (header.Status == "no_data")
            {
                Notice = $"no_data: {header.Message ?? "the response reports no papers for this day"}";
            }

            var sawData = false;
            var itemsBefore = PaperCount + Rejects.Count;
            while (true)
            {
                if (!TryRead(ref reader, "inside the wrapper object", offset))
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                var name = reader.GetString();
                if (!TryRead(ref reader, $"inside the wrapper's '{name}' field", offset))
                {
                    return false;
                }

                if (name != "data")
                {
                    if (!TrySkip(ref reader))
                    {
                        return false;
                    }

                    continue;
                }

                sawData = true;
                if (reader.TokenType == JsonTokenType.Null && Notice is not null)
                {
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    Reject(LinePosition(offset + (int)reader.TokenStartIndex), $"the wrapper's 'data' must be an array, found {reader.TokenType}; {ExpectedShape}.");
                    return false;
                }

                if (!ParseItems(ref reader, offset, isTopLevel: false))
                {
                    return false;
                }
            }

            if (!sawData && Notice is null)
            {
                var status = header.Status is null ? "no status" : $"status '{header.Status}'";
                var message = header.Message is null ? string.Empty : $" and message '{header.Message}'";
                Reject("start of file", $"the object has no 'data' array ({status}{message}); {ExpectedShape}.");
            }

            var itemCount = PaperCount + Rejects.Count - itemsBefore;
            if (sawData && header.Count is { } count && count != itemCount)
            {
                Reject("wrapper field 'count'", $"the wrapper gives count {count}, but its data array contains {itemCount} items; the file may be incomplete, so download it again.");
            }

            if (header.InvalidDate is { } invalidDate)
            {
                Reject("wrapper field 'date'", $"'{invalidDate}' is not a date in the form yyyy-MM-dd; the papers' featured day came from the file name or paper.submittedOnDailyAt instead.");
            }

            return true;
        }

        // Reads the wrapper's scalar fields ahead of its data, from a copy of the reader, so the
        // items can use the wrapper's date wherever the field sits in the object.
        private static WrapperHeader ReadWrapperHeader(Utf8JsonReader reader)
        {
            var header = new WrapperHeader();
            try
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString();
                    reader.Read();
                    switch (name)
                    {
                        case "status" when reader.TokenType == JsonTokenType.String:
                            header.Status = reader.GetString();
                            break;
                        case "message" when reader.TokenType == JsonTokenType.String:
                            header.Message = reader.GetString();
                            break;
                        case "count" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var count):
                            header.Count = count;
                            break;
                        case "date" when reader.TokenType == JsonTokenType.String:
                            var text = reader.GetString()!;
                            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                            {
                                header.Day = day;
                            }
                            else
                            {
                                header.InvalidDate = text;
                            }

                            break;
                        default:
                            reader.Skip();
                            break;
                    }
                }
            }
            catch (Exception exception) when (exception is JsonException || (exception is InvalidOperationException invalid && IsInvalidUtf8(invalid)))
            {
                // The main pass reports invalid JSON and UTF-8 with its position, and the header
                // keeps what it read before.
            }

            return header;
        }

        private bool ParseNumberFile(ref Utf8JsonReader reader)
        {
            // The archive stored the one byte "1" for days without Daily Papers (weekends, mostly).
            if (reader.TryGetInt32(out var value) && value == 1)
            {
                Notice = "the file contains only the number 1, which the archive uses for a day without Daily Papers";
                return true;
            }

            return RejectShape(JsonTokenType.Number);
        }

        private bool RejectShape(JsonTokenType found)
        {
            Reject("start of file", $"the file contains a single JSON {found} value; {ExpectedShape}.");
            return false;
        }

        private void CheckEnd(ref Utf8JsonReader reader, int offset)
        {
            try
            {
                if (reader.Read())
                {
                    Reject(LinePosition(offset + (int)reader.TokenStartIndex), "unexpected content after the end of the JSON value; remove it or download the file again.");
                }
            }
            catch (JsonException exception)
            {
                RejectInvalidJson(ExceptionPosition(exception), exception);
            }
        }

        // Reads the next token. At the end of the data or on invalid JSON, records a reject and
        // returns false; the reader cannot go on after either. The position prefix names the
        // record that the failed token would have started.
        private bool TryRead(ref Utf8JsonReader reader, string context, int offset, string positionPrefix = "")
        {
            try
            {
                if (reader.Read())
                {
                    return true;
                }
            }
            catch (JsonException exception)
            {
                // In an unfinished array or object the reader throws at the end of the data
                // instead of returning false, so only a non-blank rest is really invalid JSON.
                var rest = _content.Span[(offset + (int)reader.BytesConsumed)..];
                if (rest.IndexOfAnyExcept(" \t\r\n"u8) >= 0)
                {
                    RejectInvalidJson(positionPrefix + ExceptionPosition(exception), exception);
                    return false;
                }
            }

            Reject(LinePosition(_content.Length), $"the file ends {context}; {ImportedSoFar()}. Download the file again to import the rest.");
            return false;
        }

        private bool TrySkip(ref Utf8JsonReader reader)
        {
            try
            {
                reader.Skip();
                return true;
            }
            catch (JsonException exception)
            {
                RejectInvalidJson(ExceptionPosition(exception), exception);
                return false;
            }
        }

        // System.Text.Json reports invalid UTF-8 in a string only when the string is read.
        private static bool IsInvalidUtf8(InvalidOperationException exception) => exception.InnerException is DecoderFallbackException;

        private void RejectInvalidJson(string position, JsonException exception) =>
            Reject(position, $"invalid JSON: {exception.Message} The file may be truncated or corrupt; {ImportedSoFar()}. Download the file again to import the rest.");

        private string ImportedSoFar() => PaperCount switch
        {
            0 => "no paper before this point was read",
            1 => "the 1 paper before this point was read",
            var count => $"the {count} papers before this point were read",
        };

        private string RecordPosition(int recordNumber, int byteOffset) => $"record {recordNumber}, {LinePosition(byteOffset)}";

        private string LinePosition(int byteOffset)
        {
            // Positions mostly move forward, so counting on from the last one keeps a file of a
            // million items linear instead of rescanning from the start for every record.
            var end = Math.Min(byteOffset, _content.Length);
            if (end < _countedUpTo)
            {
                _countedUpTo = 0;
                _newlinesCounted = 0;
            }

            _newlinesCounted += _content.Span[_countedUpTo..end].Count((byte)'\n');
            _countedUpTo = end;
            return $"line {_newlinesCounted + 1}";
        }

        private static string ExceptionPosition(JsonException exception) =>
            exception.LineNumber is { } line
                ? $"line {line + 1}, byte {(exception.BytePositionInLine ?? 0) + 1}"
                : "unknown position";

        private void Reject(string position, string reason) => Rejects.Add(new ImportReject(_sourceFile, position, reason));
    }

    private sealed class WrapperHeader
    {
        public string? Status { get; set; }

        public string? Message { get; set; }

        public int? Count { get; set; }

        public DateOnly? Day { get; set; }

        public string? InvalidDate { get; set; }
    }
}
