using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Import;

/// <summary>
/// One source file format that <see cref="PaperFileReader"/> can parse.
/// </summary>
public interface IPaperFileFormat
{
    /// <summary>The name of the format, for example <c>hf-daily-api</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Returns whether this format should parse the file at <paramref name="path"/>, judged from
    /// its name and its decompressed <paramref name="content"/>.
    /// </summary>
    bool CanParse(string path, ReadOnlySpan<byte> content);

    /// <summary>
    /// Parses a whole file's decompressed content; content problems become rejects, not exceptions.
    /// </summary>
    /// <param name="content">The file's bytes after decompression.</param>
    /// <param name="sourceFile">The file name to put in rejects.</param>
    /// <param name="fileDay">The day in the file name, or null when the name has none.</param>
    ParsedFile Parse(ReadOnlyMemory<byte> content, string sourceFile, DateOnly? fileDay);
}

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
    /// <remarks>Accepts every file named <c>*.json</c> or <c>*.json.gz</c>.</remarks>
    public bool CanParse(string path, ReadOnlySpan<byte> content) => CorpusFiles.IsPaperFileName(path);

    /// <inheritdoc/>
    public ParsedFile Parse(ReadOnlyMemory<byte> content, string sourceFile, DateOnly? fileDay) =>
        HfDailyApiParser.Parse(content, sourceFile, fileDay);
}
