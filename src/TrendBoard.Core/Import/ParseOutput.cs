using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Import;

/// <summary>
/// The sink of one parse with the file's context, so formats write papers and rejects in one call.
/// </summary>
internal sealed class ParseOutput(PaperParseContext context, IPaperRecordSink sink)
{
    public PaperParseContext Context => context;

    /// <summary>The number of papers handed on so far.</summary>
    public int PaperCount { get; private set; }

    public void Paper(PaperRecord paper, string position)
    {
        sink.AddPaper(paper, position);
        PaperCount++;
    }

    public void Reject(string position, string reason) => sink.AddReject(context.Reject(position, reason));

    public void Notice(string notice) => sink.AddNotice(notice);

    /// <summary>Says how many papers came before a problem that stops the file, for reject reasons.</summary>
    public string ReadSoFar() => PaperCount switch
    {
        0 => "no paper before this point was read",
        1 => "the 1 paper before this point was read",
        var count => $"the {count} papers before this point were read",
    };
}
