using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Import;

/// <summary>
/// Opens one paper file, picks its format from its content and name (or uses the format given in
/// the options), and parses it.
/// </summary>
/// <remarks>
/// <para>
/// Every format in <see cref="Formats"/> rates the file's first <see cref="HeadBytes"/> bytes
/// (<see cref="IPaperFileFormat.Detect"/>); the best rating wins, and on a tie the earlier format
/// in the list. Before that, content that no format can read is rejected as a whole: an empty
/// file, gzip data in a file not named <c>.gz</c>, a ZIP or PDF file, UTF-16 or UTF-32 text, or
/// binary data. A UTF-8 byte order mark is removed.
/// </para>
/// <para>
/// Every paper then passes the checks that hold for all formats: it has an id and a title, none
/// of its days lies in the future by <see cref="PaperReadOptions.TimeProvider"/> (today in UTC+14
/// is the latest day allowed), and its upvote count is not negative. A paper that fails becomes a
/// reject at its position.
/// </para>
/// </remarks>
public static class PaperFileReader
{
    /// <summary>
    /// The largest decompressed content read by the formats that need a whole file in memory (the
    /// Daily Papers API response, HTML pages, copied text), 256 MiB. Larger content, such as a gzip
    /// bomb, gives a reject instead of filling memory. The line- and element-based formats (JSON
    /// Lines, Atom, OAI-PMH, CSV) have no such limit.
    /// </summary>
    public const int MaxContentBytes = 256 * 1024 * 1024;

    /// <summary>The number of bytes from the start of a file that format detection reads, 64 KiB.</summary>
    public const int HeadBytes = 64 * 1024;

    /// <summary>The formats, in the order that breaks ties between equal detection ratings.</summary>
    public static IReadOnlyList<IPaperFileFormat> Formats { get; } =
    [
        HfDailyApiFormat.Instance,
        ArxivListingJsonlFormat.Instance,
        ArxivSnapshotJsonlFormat.Instance,
        ArxivAtomFormat.Instance,
        ArxivOaiPmhFormat.Instance,
        HfPapersHtmlFormat.Instance,
        HfSearchTextFormat.Instance,
        CsvPaperFormat.Instance,
    ];

    /// <summary>The names of <see cref="Formats"/>, accepted by <see cref="PaperReadOptions.FormatName"/>.</summary>
    public static IReadOnlyList<string> FormatNames { get; } = Formats.Select(format => format.Name).ToList();

    /// <summary>Returns the format named <paramref name="name"/>, ignoring case.</summary>
    /// <exception cref="ArgumentException">No format has that name.</exception>
    public static IPaperFileFormat GetFormat(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        return Formats.FirstOrDefault(format => string.Equals(format.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"'{name}' is not a paper file format; use one of: {string.Join(", ", FormatNames)}.", nameof(name));
    }

    /// <summary>
    /// Returns the format that rates <paramref name="head"/> best, or null when none matches.
    /// </summary>
    /// <param name="head">The first bytes of the decompressed content, after any UTF-8 byte order mark.</param>
    /// <param name="fileName">The file name, without a <c>.gz</c> suffix.</param>
    public static IPaperFileFormat? DetectFormat(ReadOnlySpan<byte> head, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);

        IPaperFileFormat? best = null;
        var bestMatch = FormatMatch.None;
        foreach (var format in Formats)
        {
            var match = format.Detect(head, fileName);
            if (match > bestMatch)
            {
                best = format;
                bestMatch = match;
            }
        }

        return best;
    }

    /// <summary>
    /// Reads and parses the file at <paramref name="path"/>, detecting its format, and decompressing
    /// it when its name ends in <c>.gz</c>.
    /// </summary>
    /// <inheritdoc cref="ReadAsync(string, PaperReadOptions, CancellationToken)"/>
    public static Task<ParsedFile> ReadAsync(string path, CancellationToken cancellationToken) =>
        ReadAsync(path, PaperReadOptions.Default, cancellationToken);

    /// <summary>
    /// Reads and parses the file at <paramref name="path"/> in the format named
    /// <paramref name="formatName"/> (one of <see cref="FormatNames"/>), or in the detected format
    /// when it is null.
    /// </summary>
    /// <inheritdoc cref="ReadAsync(string, PaperReadOptions, CancellationToken)"/>
    public static Task<ParsedFile> ReadAsync(string path, string? formatName, CancellationToken cancellationToken) =>
        ReadAsync(path, PaperReadOptions.Default with { FormatName = formatName }, cancellationToken);

    /// <summary>
    /// Reads and parses the file at <paramref name="path"/> with <paramref name="options"/>, and
    /// returns all its papers, rejects and notices at once.
    /// </summary>
    /// <remarks>
    /// The result contains every paper of the file in memory. For files of millions of records, pass
    /// an <see cref="IPaperRecordSink"/> to
    /// <see cref="ReadAsync(string, PaperReadOptions, IPaperRecordSink, CancellationToken)"/> instead.
    /// </remarks>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException"><see cref="PaperReadOptions.FormatName"/> names no format.</exception>
    /// <exception cref="NotSupportedException">No format accepts the file and none was named.</exception>
    /// <exception cref="IOException">Reading the file failed.</exception>
    public static async Task<ParsedFile> ReadAsync(string path, PaperReadOptions options, CancellationToken cancellationToken)
    {
        var builder = new ParsedFileBuilder(path);
        var formatName = await ReadAsync(path, options, builder, cancellationToken).ConfigureAwait(false);
        return builder.Build(formatName);
    }

    /// <summary>
    /// Reads and parses the file at <paramref name="path"/>, handing each paper, reject and notice
    /// to <paramref name="sink"/> as it is read, so memory does not grow with the file for the
    /// line- and element-based formats.
    /// </summary>
    /// <remarks>
    /// Parsing runs on a thread-pool thread, so <paramref name="sink"/> is called from that thread. A
    /// corrupt gzip stream adds a reject after the papers read before the damage.
    /// </remarks>
    /// <returns>The name of the format that parsed the file, or null when the file was rejected as a whole before parsing.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException"><see cref="PaperReadOptions.FormatName"/> names no format.</exception>
    /// <exception cref="NotSupportedException">No format accepts the file and none was named.</exception>
    /// <exception cref="IOException">Reading the file failed.</exception>
    public static async Task<string?> ReadAsync(string path, PaperReadOptions options, IPaperRecordSink sink, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);

        var namedFormat = options.FormatName is null ? null : GetFormat(options.FormatName);
        var isGzip = CorpusFiles.IsGzip(path);
        var context = CreateContext(path, options);
        if (isGzip && !CorpusFiles.IsEmptyOrGzipData(path))
        {
            sink.AddReject(context.Reject("start of file", "the file name ends in .gz, but the file is not gzip-compressed; remove .gz from its name if it is plain text, or download it again"));
            return null;
        }

        await using var file = CorpusFiles.OpenRead(path);
        await using var content = new ContentReadStream(file, isGzip);
        var head = await content.ReadHeadAsync(HeadBytes, cancellationToken).ConfigureAwait(false);

        if (head.IsEmpty && content.CorruptionReject is not null)
        {
            sink.AddReject(context.Reject("start of file", "the gzip data is corrupt before any text could be read; compress the original file again or download it again"));
            return null;
        }

        var problem = ContentChecks.FindProblem(head.Span, content.EndedWithinHead, isGzip);
        if (problem is not null)
        {
            sink.AddReject(context.Reject("start of file", problem));
            return null;
        }

        var bom = ContentChecks.Utf8BomLength(head.Span);
        content.SkipHead(bom);
        var format = namedFormat
            ?? DetectFormat(head.Span[bom..], CorpusFiles.StripGzip(path))
            ?? throw new NotSupportedException(
                $"'{path}' is in no supported format. Supported: {string.Join("; ", Formats.Select(f => $"{f.Name} ({f.Description})"))}. "
                + "If the file is in one of these, name the format explicitly.");

        var checkedSink = new CheckedRecordSink(sink, context);
        await Task.Run(() => format.Parse(content, context, checkedSink, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (content.CorruptionReject is { } corruption)
        {
            sink.AddReject(context.Reject(corruption.Position, corruption.Reason));
        }

        return format.Name;
    }

    private static PaperParseContext CreateContext(string path, PaperReadOptions options)
    {
        var lastWrite = File.Exists(path) ? DateOnly.FromDateTime(File.GetLastWriteTimeUtc(path)) : (DateOnly?)null;
        return new PaperParseContext(path, CorpusFiles.TryParseDay(path), lastWrite, options.TimeProvider.GetUtcNow(), options);
    }
}
