using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Import;

/// <summary>
/// Opens one paper file, picks its format and parses it.
/// </summary>
/// <remarks>
/// The only format so far is <see cref="HfDailyApiFormat"/>. A new format implements
/// <see cref="IPaperFileFormat"/> and joins <see cref="Formats"/> ahead of any format whose
/// <see cref="IPaperFileFormat.CanParse"/> would also accept its files.
/// </remarks>
public static class PaperFileReader
{
    /// <summary>
    /// The largest decompressed file read, 256 MiB. Larger content, such as a gzip bomb, gives a
    /// reject instead of filling memory. The largest bundled Daily Papers file is under 1 MiB.
    /// </summary>
    public const int MaxContentBytes = 256 * 1024 * 1024;

    /// <summary>The formats tried in order; the first whose <see cref="IPaperFileFormat.CanParse"/> accepts the file parses it.</summary>
    public static IReadOnlyList<IPaperFileFormat> Formats { get; } = [HfDailyApiFormat.Instance];

    /// <summary>
    /// Reads and parses the file at <paramref name="path"/>, decompressing it when its name ends in <c>.gz</c>.
    /// </summary>
    /// <remarks>
    /// Corrupt gzip data or content over <see cref="MaxContentBytes"/> adds a reject, and the papers
    /// in the content read before that point are still returned.
    /// </remarks>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="NotSupportedException">No format accepts the file.</exception>
    /// <exception cref="IOException">Reading the file failed.</exception>
    public static async Task<ParsedFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);

        var (content, readProblem) = await ReadContentAsync(path, cancellationToken).ConfigureAwait(false);
        var format = Formats.FirstOrDefault(candidate => candidate.CanParse(path, content.Span))
            ?? throw new NotSupportedException(
                $"'{path}' is in no supported format; TrendBoard reads Hugging Face api/daily_papers responses named *.json or *.json.gz.");

        var parsed = format.Parse(content, path, CorpusFiles.TryParseDay(path));
        if (readProblem is null)
        {
            return parsed;
        }

        return parsed with { Rejects = [readProblem, .. parsed.Rejects] };
    }

    private static async Task<(ReadOnlyMemory<byte> Content, ImportReject? Problem)> ReadContentAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = CorpusFiles.OpenRead(path);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxContentBytes)
                {
                    return (Written(buffer), new ImportReject(
                        path,
                        $"byte {MaxContentBytes}",
                        $"the content is larger than {MaxContentBytes / (1024 * 1024)} MiB, so only its start was read; split the file or check that it is a Daily Papers response."));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (InvalidDataException exception) when (CorpusFiles.IsGzip(path))
        {
            return (Written(buffer), new ImportReject(
                path,
                $"decompressed byte {buffer.Length}",
                $"the gzip data is corrupt ({exception.Message}); only the content before this point was read. Compress the original file again or download it again."));
        }

        return (Written(buffer), null);
    }

    // The bytes written so far, without the copy that ToArray would make.
    private static ReadOnlyMemory<byte> Written(MemoryStream buffer) => buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
}
