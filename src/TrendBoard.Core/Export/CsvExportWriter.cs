using System.Globalization;
using System.Text;

namespace TrendBoard.Core.Export;

/// <summary>
/// Writes an <see cref="ExportTable"/> as RFC 4180 CSV: a header row, CRLF line ends, and fields
/// quoted when they contain a comma, a double quote, CR or LF.
/// </summary>
/// <remarks>
/// <para>Numbers use the invariant culture (<c>1234.5</c>, never <c>1 234,5</c>), dates are ISO 8601
/// (<c>2024-06-03</c>), booleans are <c>true</c>/<c>false</c>, and null, NaN and infinite values
/// are empty fields.</para>
/// <para>Text that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or CR gets a leading
/// apostrophe, so a spreadsheet shows it as text instead of running it as a formula. Numbers that
/// this writer formats itself, such as topic id <c>-1</c>, are written unchanged.</para>
/// <para>Output is UTF-8 without a byte order mark.</para>
/// </remarks>
public static class CsvExportWriter
{
    private const string LineEnd = "\r\n";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the header row and every row of <paramref name="table"/> to <paramref name="stream"/> as UTF-8.</summary>
    /// <remarks>The stream is left open.</remarks>
    /// <exception cref="ArgumentException">A cell contains a type that <see cref="ExportTable"/> does not allow.</exception>
    public static async Task WriteAsync(ExportTable table, Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);

        await using var writer = new StreamWriter(stream, Utf8NoBom, bufferSize: 16 * 1024, leaveOpen: true);
        await WriteAsync(table, writer, cancellationToken);
    }

    /// <summary>Writes the header row and every row of <paramref name="table"/> to <paramref name="writer"/>, then flushes it.</summary>
    /// <exception cref="ArgumentException">A cell contains a type that <see cref="ExportTable"/> does not allow.</exception>
    public static async Task WriteAsync(ExportTable table, TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(writer);

        var line = new StringBuilder();
        AppendLine(line, table.Columns.Select(FormatText));
        await writer.WriteAsync(line, cancellationToken);

        for (var i = 0; i < table.Rows.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = table.Rows[i];
            line.Clear();
            AppendLine(line, row.Select((cell, column) => FormatCell(cell, table.Columns[column], i)));
            await writer.WriteAsync(line, cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>Formats one cell as a CSV field, quoted and formula-escaped as needed.</summary>
    internal static string FormatCell(object? value, string column, int rowIndex) => value switch
    {
        null => string.Empty,
        string text => FormatText(text),
        bool flag => flag ? "true" : "false",
        int number => number.ToString(CultureInfo.InvariantCulture),
        long number => number.ToString(CultureInfo.InvariantCulture),
        double number => double.IsFinite(number) ? number.ToString("R", CultureInfo.InvariantCulture) : string.Empty,
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset moment => moment.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException(
            $"Cell '{column}' of row {rowIndex} contains a {value.GetType().Name}, which CSV export does not support; convert it to text, a number or a date first.",
            nameof(value)),
    };

    /// <summary>Formula-escapes and then quotes one text field.</summary>
    internal static string FormatText(string text)
    {
        if (text.Length > 0 && IsFormulaTrigger(text[0]))
        {
            text = "'" + text;
        }

        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return text;
        }

        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static bool IsFormulaTrigger(char first) => first is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static void AppendLine(StringBuilder line, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                line.Append(',');
            }

            line.Append(field);
            first = false;
        }

        line.Append(LineEnd);
    }
}
