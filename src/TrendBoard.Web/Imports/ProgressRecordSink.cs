using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;

namespace TrendBoard.Web.Imports;

/// <summary>
/// Passes every paper, reject and notice on to another sink and calls back with the number of
/// records read every <paramref name="interval"/> records, for the progress bar.
/// </summary>
/// <param name="inner">The sink that keeps the records.</param>
/// <param name="recordsRead">Called with the papers plus rejects read so far, on the parsing thread.</param>
/// <param name="interval">How many records pass between two callbacks.</param>
internal sealed class ProgressRecordSink(IPaperRecordSink inner, Action<int> recordsRead, int interval = 500) : IPaperRecordSink
{
    private int _records;

    public void AddPaper(PaperRecord paper, string position)
    {
        inner.AddPaper(paper, position);
        Count();
    }

    public void AddReject(ImportReject reject)
    {
        inner.AddReject(reject);
        Count();
    }

    public void AddNotice(string notice) => inner.AddNotice(notice);

    private void Count()
    {
        _records++;
        if (_records % interval == 0)
        {
            recordsRead(_records);
        }
    }
}
