using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;

namespace TrendBoard.Web.Imports;

/// <summary>
/// Passes the records of one uploaded file on to the store's sink with the upload's display name
/// in place of its server path, and keeps the notice and the first rejects for the report.
/// </summary>
/// <param name="inner">The store's sink for the file.</param>
/// <param name="storedPath">The server path of the upload, which never reaches the browser or the rejects table.</param>
/// <param name="displayName">The file name the user uploaded.</param>
/// <param name="maxReportedRejects">How many rejects the report lists; the store keeps all of them.</param>
internal sealed class UploadRecordSink(IPaperRecordSink inner, string storedPath, string displayName, int maxReportedRejects) : IPaperRecordSink
{
    private readonly List<ImportReject> _reportedRejects = [];
    private readonly List<string> _notices = [];

    /// <summary>The first rejects of the file, at most the number given.</summary>
    public IReadOnlyList<ImportReject> ReportedRejects => _reportedRejects;

    /// <summary>The reader's remarks about the whole file joined with <c>"; "</c>, as in <see cref="ParsedFileBuilder"/>, or null.</summary>
    public string? Notice => _notices.Count == 0
        ? null
        : string.Join("; ", _notices.Select(n => n.TrimEnd('.', ' '))) + ".";

    /// <summary>The number of papers whose publication day is an estimate (<see cref="PaperRecord.DateUncertain"/>).</summary>
    public int UncertainDatePapers { get; private set; }

    public void AddPaper(PaperRecord paper, string position)
    {
        if (paper.DateUncertain)
        {
            UncertainDatePapers++;
        }

        inner.AddPaper(paper, position);
    }

    public void AddReject(ImportReject reject)
    {
        var renamed = new ImportReject(displayName, reject.Position, HidePath(reject.Reason));
        if (_reportedRejects.Count < maxReportedRejects)
        {
            _reportedRejects.Add(renamed);
        }

        inner.AddReject(renamed);
    }

    public void AddNotice(string notice)
    {
        var renamed = HidePath(notice);
        _notices.Add(renamed);
        inner.AddNotice(renamed);
    }

    /// <summary>Replaces the server path of the upload with its display name.</summary>
    public string HidePath(string message) => message.Replace(storedPath, displayName, StringComparison.Ordinal);
}

/// <summary>Calls <paramref name="report"/> on the reporting thread, unlike <see cref="Progress{T}"/>, which posts to a captured context.</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
