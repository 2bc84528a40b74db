using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace TrendBoard.Core.Export;

/// <summary>
/// Writes an <see cref="ExportTable"/> as a JSON array with one object per row, keyed by the
/// table's column names.
/// </summary>
/// <remarks>
/// Numbers and booleans are JSON numbers and booleans; dates are ISO 8601 strings
/// (<c>"2024-06-03"</c>); null, NaN and infinite values are <c>null</c>. The characters
/// <c>&lt; &gt; &amp; ' "</c> inside strings are written as <c>\u</c> escapes, so the output is
/// also safe to embed in HTML. Output is UTF-8 without a byte order mark.
/// </remarks>
public static class JsonExportWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keeps letters of every script readable while still escaping HTML-sensitive characters.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Indented = false,
    };

    /// <summary>Writes every row of <paramref name="table"/> to <paramref name="stream"/>, then flushes it.</summary>
    /// <remarks>The stream is left open.</remarks>
    /// <exception cref="ArgumentException">A cell contains a type that <see cref="ExportTable"/> does not allow.</exception>
    public static async Task WriteAsync(ExportTable table, Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(stream);

        await using var writer = new Utf8JsonWriter(stream, WriterOptions);
        var names = table.Columns.Select(column => JsonEncodedText.Encode(column, WriterOptions.Encoder)).ToArray();

        writer.WriteStartArray();
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            writer.WriteStartObject();
            for (var column = 0; column < names.Length; column++)
            {
                writer.WritePropertyName(names[column]);
                WriteValue(writer, row[column], table.Columns[column], i);
            }

            writer.WriteEndObject();

            // Flush once 64 KiB are pending, so a large export streams instead of piling up in memory.
            if (writer.BytesPending > 64 * 1024)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, string column, int rowIndex)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case double:
                writer.WriteNullValue();
                break;
            case DateOnly day:
                writer.WriteStringValue(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset moment:
                writer.WriteStringValue(moment.ToUniversalTime());
                break;
            default:
                throw new ArgumentException(
                    $"Cell '{column}' of row {rowIndex} contains a {value.GetType().Name}, which JSON export does not support; convert it to text, a number or a date first.",
                    nameof(value));
        }
    }
}
