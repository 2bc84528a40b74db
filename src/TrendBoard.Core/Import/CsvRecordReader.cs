using System.Text;

namespace TrendBoard.Core.Import;

/// <summary>One CSV record: its fields, the lines it spans, and what is wrong with it, if anything.</summary>
internal sealed record CsvRecord(IReadOnlyList<string> Fields, long StartLine, string? Problem, string? ProblemPosition);

/// <summary>
/// Reads RFC 4180 CSV records one at a time: fields separated by a delimiter, optionally quoted
/// with <c>"</c>, a doubled quote inside quotes for a literal one, and line breaks inside quoted
/// fields. Blank lines between records are skipped.
/// </summary>
/// <remarks>
/// Problems do not stop the reading: a record with invalid UTF-8, a stray quote or an unclosed
/// quote comes back with <see cref="CsvRecord.Problem"/> set. A quoted field still open after
/// <see cref="MaxRecordChars"/> characters ends its record there, so one missing quote cannot
/// pull the rest of a large file into memory.
/// </remarks>
internal sealed class CsvRecordReader(Stream stream, char delimiter)
{
    /// <summary>The longest record kept, 1,048,576 characters; an abstract is a few thousand.</summary>
    public const int MaxRecordChars = 1024 * 1024;

    private readonly Utf8LineReader _lines = new(stream);

    public bool TryRead(out CsvRecord record)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var state = new ParseState();
        long startLine = 0;
        while (_lines.TryReadLine(out var bytes, out var isTooLong))
        {
            var lineNumber = _lines.LineNumber;
            if (!state.InQuotes && startLine == 0 && !isTooLong && bytes.Span.IndexOfAnyExcept(" \t"u8) < 0)
            {
                continue;
            }

            startLine = startLine == 0 ? lineNumber : startLine;
            if (isTooLong)
            {
                state.Fail($"line {lineNumber}", $"line {lineNumber} is longer than {Utf8LineReader.MaxLineBytes / (1024 * 1024)} MiB");
                record = new CsvRecord(fields, startLine, state.Problem, state.ProblemPosition);
                return true;
            }

            var invalid = ContentChecks.FindInvalidUtf8(bytes.Span);
            if (invalid >= 0)
            {
                state.Fail($"line {lineNumber}, byte {invalid + 1}", ContentChecks.InvalidUtf8Reason(bytes.Span, invalid));
            }

            ParseLine(Encoding.UTF8.GetString(bytes.Span), lineNumber, fields, field, ref state);
            if (!state.InQuotes)
            {
                fields.Add(field.ToString());
                record = new CsvRecord(fields, startLine, state.Problem, state.ProblemPosition);
                return true;
            }

            field.Append('\n');
            if (field.Length > MaxRecordChars)
            {
                state.Fail($"line {startLine}", $"a quoted field that starts on line {startLine} is still open after {MaxRecordChars} characters; a closing quote is probably missing");
                fields.Add(field.ToString());
                record = new CsvRecord(fields, startLine, state.Problem, state.ProblemPosition);
                return true;
            }
        }

        if (state.InQuotes)
        {
            state.Fail($"line {startLine}", $"the file ends inside a quoted field that starts on line {startLine}; a closing quote is missing or the file is truncated");
            fields.Add(field.ToString());
            record = new CsvRecord(fields, startLine, state.Problem, state.ProblemPosition);
            return true;
        }

        record = new CsvRecord([], 0, null, null);
        return false;
    }

    private void ParseLine(string line, long lineNumber, List<string> fields, StringBuilder field, ref ParseState state)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (state.InQuotes)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    state.InQuotes = false;
                    state.AfterClosingQuote = true;
                }
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                state.AfterClosingQuote = false;
                state.FieldStarted = false;
            }
            else if (c == '"' && !state.FieldStarted)
            {
                state.InQuotes = true;
                state.FieldStarted = true;
            }
            else
            {
                if (c == '"' || state.AfterClosingQuote)
                {
                    state.Fail($"line {lineNumber}, column {i + 1}", "a quote appears inside a field that is not wholly quoted; quote the whole field and double each quote inside it");
                }

                field.Append(c);
                state.FieldStarted = true;
            }
        }

        state.FieldStarted = state.InQuotes;
    }

    private struct ParseState
    {
        public bool InQuotes;
        public bool AfterClosingQuote;
        public bool FieldStarted;
        public string? Problem;
        public string? ProblemPosition;

        // Keeps the first problem, which usually causes the rest.
        public void Fail(string position, string problem)
        {
            if (Problem is null)
            {
                Problem = problem;
                ProblemPosition = position;
            }
        }
    }
}
