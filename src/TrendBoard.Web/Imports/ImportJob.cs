using System.Globalization;
using TrendBoard.Core.Pipeline;

namespace TrendBoard.Web.Imports;

/// <summary>A file of an import job, written to the job's folder under a server-chosen name.</summary>
/// <param name="DisplayName">The sanitised name the browser sent, for the report.</param>
/// <param name="StoredPath">The full path of the written file.</param>
/// <param name="LastModifiedFromBrowser">Whether the file's last-write time was set from the browser's last-modified time.</param>
internal sealed record UploadedFile(string DisplayName, string StoredPath, bool LastModifiedFromBrowser);

/// <summary>
/// One import: its uploaded files, its progress and its report. <see cref="ImportJobService"/>
/// creates it and runs it; pages read <see cref="State"/> and listen to <see cref="Changed"/>.
/// </summary>
/// <remarks>Thread-safe: the upload, the background import and any number of pages use it at once.</remarks>
public sealed class ImportJob : IDisposable
{
    /// <summary>The maximum number of rejects the report lists; the rest are only counted.</summary>
    public const int MaxRejectsShown = 100;

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _cancellation;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<UploadedFile> _uploads = [];
    private ImportJobState _state;
    private long _uploadedBytes;
    private int _uploadPercent = -1;

    internal ImportJob(string id, ImportRequest request, string folder, long declaredUploadBytes, DateTimeOffset startedAt, CancellationToken stopping)
    {
        Id = id;
        Request = request;
        Folder = folder;
        DeclaredUploadBytes = declaredUploadBytes;
        StartedAt = startedAt;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _state = new ImportJobState(ImportJobStatus.Uploading, new PipelineProgress("upload", 0, null), [], [], 0, null);
    }

    /// <summary>Raised after every change of <see cref="State"/>, on the thread that made it.</summary>
    public event Action<ImportJobState>? Changed;

    /// <summary>The import id, which names the upload folder and appears in every log entry of the job.</summary>
    public string Id { get; }

    /// <summary>The format and capture date chosen for every file.</summary>
    public ImportRequest Request { get; }

    /// <summary>When the upload began.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The current state.</summary>
    public ImportJobState State => Volatile.Read(ref _state);

    /// <summary>Completes when the job has ended and its uploaded files are cleaned up.</summary>
    public Task Completion => _ended.Task;

    /// <summary>The sum of the sizes the browser declared for the files, for the upload progress.</summary>
    internal long DeclaredUploadBytes { get; }

    /// <summary>The job's own folder under the upload folder.</summary>
    internal string Folder { get; }

    internal CancellationToken CancellationToken => _cancellation.Token;

    internal IReadOnlyList<UploadedFile> Uploads
    {
        get
        {
            lock (_gate)
            {
                return _uploads.ToList();
            }
        }
    }

    /// <summary>
    /// Requests cancellation: an upload stops, and an import keeps the files already stored and
    /// rolls back the file in progress. Does nothing once the job has ended.
    /// </summary>
    public void Cancel()
    {
        if (!State.IsEnded)
        {
            _cancellation.Cancel();
        }
    }

    public void Dispose() => _cancellation.Dispose();

    internal void AddUpload(UploadedFile file)
    {
        lock (_gate)
        {
            _uploads.Add(file);
        }
    }

    /// <summary>Counts received bytes and reports the upload progress whenever its whole percent changes.</summary>
    internal void ReportUploaded(int bytes, string fileName)
    {
        var total = Interlocked.Add(ref _uploadedBytes, bytes);
        var fraction = DeclaredUploadBytes <= 0 ? 1 : Math.Min(1, (double)total / DeclaredUploadBytes);
        var percent = (int)(fraction * 100);
        if (Interlocked.Exchange(ref _uploadPercent, percent) == percent)
        {
            return;
        }

        var detail = string.Create(
            CultureInfo.InvariantCulture,
            $"{fileName}: {FormatBytes(total)} of {FormatBytes(DeclaredUploadBytes)} received");
        Update(state => state with { Progress = new PipelineProgress("upload", fraction, detail) });
    }

    internal void SetStatus(ImportJobStatus status, PipelineProgress progress)
    {
        Update(state => state with { Status = status, Progress = progress });
    }

    internal void SetAssignedPapers(int count)
    {
        Update(state => state with { AssignedPapers = count });
    }

    internal void ReportProgress(PipelineProgress progress)
    {
        Update(state => state with { Progress = progress });
    }

    /// <summary>Adds a file's result and as many of its rejects as the report still has room for.</summary>
    internal void AddFileResult(ImportFileResult result, IReadOnlyList<ImportRejectLine> rejects)
    {
        Update(state =>
        {
            var room = Math.Max(0, MaxRejectsShown - state.Rejects.Count);
            var shown = rejects.Take(room).ToList();

            // The store's own rejects are counted in the summary but not listed, so they land in the rest.
            var total = Math.Max(result.Summary?.Rejected ?? 0, rejects.Count);
            return state with
            {
                Files = [.. state.Files, result],
                Rejects = [.. state.Rejects, .. shown],
                RejectsNotShown = state.RejectsNotShown + total - shown.Count,
            };
        });
    }

    /// <summary>Ends the job with <paramref name="status"/>; later calls do nothing.</summary>
    internal void End(ImportJobStatus status, string? error)
    {
        Update(state => state.IsEnded ? state : state with { Status = status, Error = error, Progress = state.Progress with { Fraction = 1 } });
    }

    internal void MarkCompleted() => _ended.TrySetResult();

    /// <summary>Formats a byte count in binary units (KiB, MiB, GiB) with one decimal.</summary>
    internal static string FormatBytes(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }

    private void Update(Func<ImportJobState, ImportJobState> change)
    {
        ImportJobState updated;
        lock (_gate)
        {
            updated = change(_state);
            if (ReferenceEquals(updated, _state))
            {
                return;
            }

            Volatile.Write(ref _state, updated);
        }

        Changed?.Invoke(updated);
    }
}
