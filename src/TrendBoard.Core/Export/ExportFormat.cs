namespace TrendBoard.Core.Export;

/// <summary>A file format that an export can be written in.</summary>
public enum ExportFormat
{
    /// <summary>RFC 4180 CSV with a header row, written by <see cref="CsvExportWriter"/>.</summary>
    Csv,

    /// <summary>A JSON array of objects, written by <see cref="JsonExportWriter"/>.</summary>
    Json,
}

/// <summary>Media types, file extensions and writers for each <see cref="ExportFormat"/>.</summary>
public static class ExportFormats
{
    /// <summary>Returns the media type with its charset, for a Content-Type header.</summary>
    public static string GetContentType(ExportFormat format) => format switch
    {
        ExportFormat.Csv => "text/csv; charset=utf-8",
        ExportFormat.Json => "application/json; charset=utf-8",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown export format."),
    };

    /// <summary>Returns the file extension without a dot, for example <c>csv</c>.</summary>
    public static string GetFileExtension(ExportFormat format) => format switch
    {
        ExportFormat.Csv => "csv",
        ExportFormat.Json => "json",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown export format."),
    };

    /// <summary>Writes <paramref name="table"/> to <paramref name="stream"/> as UTF-8 in the given format.</summary>
    /// <remarks>The stream is left open.</remarks>
    public static Task WriteAsync(ExportTable table, ExportFormat format, Stream stream, CancellationToken cancellationToken) => format switch
    {
        ExportFormat.Csv => CsvExportWriter.WriteAsync(table, stream, cancellationToken),
        ExportFormat.Json => JsonExportWriter.WriteAsync(table, stream, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown export format."),
    };
}
