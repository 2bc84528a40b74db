using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Import;

/// <summary>
/// Receives what a format parses, record by record, so a caller can store a large file in
/// batches without holding it all in memory.
/// </summary>
public interface IPaperRecordSink
{
    /// <summary>Adds a paper read at <paramref name="position"/> (such as <c>line 12</c>).</summary>
    void AddPaper(PaperRecord paper, string position);

    /// <summary>Adds a record or file problem.</summary>
    void AddReject(ImportReject reject);

    /// <summary>Adds a remark about the whole file that is not an error (see <see cref="ParsedFile.Notice"/>).</summary>
    void AddNotice(string notice);
}

/// <summary>
/// An <see cref="IPaperRecordSink"/> that keeps everything in memory and builds a <see cref="ParsedFile"/>.
/// </summary>
/// <param name="sourceFile">The file name for <see cref="ParsedFile.SourceFile"/>.</param>
public sealed class ParsedFileBuilder(string sourceFile) : IPaperRecordSink
{
    private readonly List<PaperRecord> _papers = [];
    private readonly List<ImportReject> _rejects = [];
    private readonly List<string> _notices = [];

    /// <inheritdoc/>
    public void AddPaper(PaperRecord paper, string position)
    {
        ArgumentNullException.ThrowIfNull(paper);

        _papers.Add(paper);
    }

    /// <inheritdoc/>
    public void AddReject(ImportReject reject)
    {
        ArgumentNullException.ThrowIfNull(reject);

        _rejects.Add(reject);
    }

    /// <inheritdoc/>
    public void AddNotice(string notice)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(notice);

        _notices.Add(notice);
    }

    /// <summary>
    /// Builds the result; several notices are joined with <c>"; "</c> into one text.
    /// </summary>
    /// <param name="formatName">The format that parsed the file, or null.</param>
    public ParsedFile Build(string? formatName)
    {
        var notice = _notices.Count == 0
            ? null
            : string.Join("; ", _notices.Select(n => n.TrimEnd('.', ' '))) + ".";
        return new ParsedFile(sourceFile, _papers.ToList(), _rejects.ToList()) { Notice = notice, Format = formatName };
    }
}
