using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Import;

/// <summary>
/// One source file format that <see cref="PaperFileReader"/> can detect and parse.
/// </summary>
/// <remarks>
/// Implementations have no state, so one instance serves every file and thread.
/// </remarks>
public interface IPaperFileFormat
{
    /// <summary>The name of the format, for example <c>hf-daily-api</c>; also the <see cref="PaperRecord.Source"/> of its records.</summary>
    string Name { get; }

    /// <summary>What files of the format are, in one line for help text and error messages.</summary>
    string Description { get; }

    /// <summary>
    /// Returns how well the start of a file matches this format.
    /// </summary>
    /// <param name="head">The first bytes of the decompressed content (up to <see cref="PaperFileReader.HeadBytes"/>),
    /// after any UTF-8 byte order mark; may end in the middle of a character or token.</param>
    /// <param name="fileName">The file's name or path, without the <c>.gz</c> that compressed files add.</param>
    FormatMatch Detect(ReadOnlySpan<byte> head, string fileName);

    /// <summary>
    /// Parses the decompressed content and hands each paper, reject and notice to <paramref name="sink"/>
    /// as it is read.
    /// </summary>
    /// <remarks>
    /// Content problems become rejects, never exceptions: a bad record gives a reject that names its
    /// position, and a file that cannot be read on gives a reject where it stops, after the records
    /// before that point.
    /// </remarks>
    /// <param name="content">The content after any UTF-8 byte order mark; read once, from the start.</param>
    /// <param name="context">The file name, days and options of this read.</param>
    /// <param name="sink">Receives the results.</param>
    /// <param name="cancellationToken">Checked between records.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="IOException">Reading the content failed.</exception>
    void Parse(Stream content, PaperParseContext context, IPaperRecordSink sink, CancellationToken cancellationToken);
}

/// <summary>How well the start of a file matches a format; a higher value wins.</summary>
public enum FormatMatch
{
    /// <summary>The file is not in this format.</summary>
    None = 0,

    /// <summary>Only the file name fits the format (such as <c>.json</c> or <c>.txt</c>); the content shows no sign either way.</summary>
    FileName = 1,

    /// <summary>The content has the format's own structure, such as an Atom <c>feed</c> root or a JSON object with arXiv fields.</summary>
    Content = 2,
}
