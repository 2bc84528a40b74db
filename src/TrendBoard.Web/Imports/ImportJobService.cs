using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Options;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;
using TrendBoard.Web.Hosting;

namespace TrendBoard.Web.Imports;

/// <summary>
/// Runs the imports of the Import page, one at a time for the app's database, as background
/// jobs that outlive the page that started them. Registered as a singleton.
/// </summary>
/// <remarks>
/// A job has two parts. The page streams the browser's files into the job's folder with
/// <see cref="AddUploadAsync"/>, because browser files can only be read on the page's circuit.
/// <see cref="StartImport"/> then runs the import on the thread pool: it waits for the first-start
/// build, reads and stores each file in its own transaction, publishes a
/// <see cref="CorpusChange"/> when any file was stored, and deletes the folder unless
/// <see cref="TrendBoardOptions.KeepUploads"/> is set.
/// </remarks>
public sealed partial class ImportJobService : IAsyncDisposable
{
    /// <summary>The formats whose records can take the capture day: copied search pages, HTML paper cards, and CSV without a date column.</summary>
    private static readonly HashSet<string> CaptureDayFormats = new(StringComparer.Ordinal)
    {
        HfSearchTextFormat.FormatName,
        HfPapersHtmlFormat.Instance.Name,
        CsvPaperFormat.Instance.Name,
    };

    /// <summary>How many records a file reads between two progress reports.</summary>
    private const int RecordsPerProgressReport = 500;

    private readonly TrendStoreProvider _storeProvider;
    private readonly CorpusBuildState _buildState;
    private readonly CorpusChangeNotifier _notifier;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ImportJobService> _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly string _uploadRoot;
    private readonly bool _keepUploads;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private ImportJob? _currentJob;
    private Task _runningImport = Task.CompletedTask;

    public ImportJobService(
        IOptions<TrendBoardOptions> options,
        IHostEnvironment environment,
        TrendStoreProvider storeProvider,
        CorpusBuildState buildState,
        CorpusChangeNotifier notifier,
        TimeProvider timeProvider,
        ILogger<ImportJobService> logger,
        ILoggerFactory loggerFactory)
    {
        var settings = options.Value;
        MaxUploadBytes = settings.MaxUploadBytes;
        _uploadRoot = settings.ResolveUploadPath(environment.ContentRootPath);
        _keepUploads = settings.KeepUploads;
        _storeProvider = storeProvider;
        _buildState = buildState;
        _notifier = notifier;
        _timeProvider = timeProvider;
        _logger = logger;
        _loggerFactory = loggerFactory;
    }

    /// <summary>Raised when a new job begins, on the thread that began it.</summary>
    public event Action<ImportJob>? JobStarted;

    /// <summary>The largest file accepted, in bytes (<see cref="TrendBoardOptions.MaxUploadBytes"/>).</summary>
    public long MaxUploadBytes { get; }

    /// <summary>The running job, or else the last one that ended, or null before the first.</summary>
    public ImportJob? CurrentJob => Volatile.Read(ref _currentJob);

    /// <summary>
    /// Begins a job that receives uploads, unless another job has not ended yet.
    /// </summary>
    /// <param name="request">The format and capture date for every file.</param>
    /// <param name="declaredUploadBytes">The sum of the file sizes the browser declared, for the upload progress.</param>
    /// <param name="job">The new job, or null.</param>
    /// <param name="busyMessage">Why no job began, or null.</param>
    /// <exception cref="ArgumentException"><see cref="ImportRequest.FormatName"/> names no format.</exception>
    public bool TryBegin(
        ImportRequest request,
        long declaredUploadBytes,
        [NotNullWhen(true)] out ImportJob? job,
        [NotNullWhen(false)] out string? busyMessage)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.FormatName is not null)
        {
            PaperFileReader.GetFormat(request.FormatName);
        }

        var startedAt = _timeProvider.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"{startedAt:yyyyMMdd-HHmmss}-{Random.Shared.Next(0x100000, 0xFFFFFF):x6}");
        lock (_gate)
        {
            if (_currentJob is { State.IsEnded: false } running)
            {
                job = null;
                busyMessage = string.Create(
                    CultureInfo.InvariantCulture,
                    $"An import is running (import {running.Id}, started {running.StartedAt:yyyy-MM-dd HH:mm:ss} UTC). Wait for it to finish or cancel it, then start yours.");
                return false;
            }

            _currentJob?.Dispose();
            job = new ImportJob(id, request, Path.Combine(_uploadRoot, id), declaredUploadBytes, startedAt, _stopping.Token);
            Volatile.Write(ref _currentJob, job);
        }

        LogUploadStarted(_logger, job.Id, declaredUploadBytes, request.FormatName ?? "detect", request.CaptureDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none");
        busyMessage = null;
        JobStarted?.Invoke(job);
        return true;
    }

    /// <summary>
    /// Writes one uploaded file into the job's folder under a server-chosen name, counting its
    /// bytes as they arrive and stopping at <see cref="MaxUploadBytes"/>.
    /// </summary>
    /// <param name="job">A job from <see cref="TryBegin"/> that is still uploading.</param>
    /// <param name="sentName">The file name the browser sent; shown in the report, never used in a path.</param>
    /// <param name="declaredBytes">The size the browser declared, checked before any byte is read; the streamed count is checked as well.</param>
    /// <param name="lastModified">The file's last-modified time from the browser, which becomes the stored file's last-write time, or null.</param>
    /// <param name="content">The file's bytes.</param>
    /// <param name="cancellationToken">Stops the upload; <see cref="ImportJob.Cancel"/> stops it too.</param>
    /// <returns>The display name of the file.</returns>
    /// <exception cref="UploadTooLargeException">The file is larger than <see cref="MaxUploadBytes"/>; its partial copy was deleted.</exception>
    /// <exception cref="OperationCanceledException">The upload was cancelled; its partial copy was deleted.</exception>
    public async Task<string> AddUploadAsync(
        ImportJob job,
        string? sentName,
        long declaredBytes,
        DateTimeOffset? lastModified,
        Stream content,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(content);
        if (job.State.Status != ImportJobStatus.Uploading)
        {
            throw new InvalidOperationException($"Import {job.Id} is {job.State.Status}, so it takes no more files; begin a new import.");
        }

        var position = job.Uploads.Count + 1;
        var displayName = UploadFileNames.ToDisplayName(sentName, position);
        if (declaredBytes > MaxUploadBytes)
        {
            throw new UploadTooLargeException(displayName, MaxUploadBytes);
        }

        var path = ResolveStoredPath(job, UploadFileNames.ToStoredRelativePath(sentName, position));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, job.CancellationToken);
        try
        {
            await CopyLimitedAsync(content, path, displayName, job, linked.Token);
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        var fromBrowser = TrySetLastWriteTime(path, lastModified);
        job.AddUpload(new UploadedFile(displayName, path, fromBrowser));
        LogFileUploaded(_logger, job.Id, position, new FileInfo(path).Length);
        return displayName;
    }

    /// <summary>
    /// Ends a job whose upload failed or was cancelled, and deletes its files.
    /// </summary>
    /// <param name="job">A job that is still uploading.</param>
    /// <param name="status"><see cref="ImportJobStatus.Failed"/> or <see cref="ImportJobStatus.Cancelled"/>.</param>
    /// <param name="error">What went wrong, naming the file.</param>
    public void AbandonUpload(ImportJob job, ImportJobStatus status, string error)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(error);

        if (status == ImportJobStatus.Cancelled)
        {
            LogCancelled(_logger, job.Id, 0);
        }
        else
        {
            LogUploadFailed(_logger, job.Id, error);
        }

        job.End(status, error);
        DeleteUploads(job);
        job.MarkCompleted();
    }

    /// <summary>
    /// Starts importing the job's uploaded files in the background and returns at once; the job's
    /// state reports progress, and <see cref="ImportJob.Completion"/> completes when it ends.
    /// </summary>
    /// <exception cref="InvalidOperationException">The job is not uploading or has no files.</exception>
    public void StartImport(ImportJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.State.Status != ImportJobStatus.Uploading)
        {
            throw new InvalidOperationException($"Import {job.Id} is {job.State.Status}, so it cannot start again; begin a new import.");
        }

        if (job.Uploads.Count == 0)
        {
            throw new InvalidOperationException($"Import {job.Id} has no uploaded files; add at least one with AddUploadAsync.");
        }

        job.SetStatus(ImportJobStatus.WaitingForDatabase, new PipelineProgress("wait", 0, WaitDetail()));
        lock (_gate)
        {
            _runningImport = Task.Run(() => RunAsync(job));
        }
    }

    /// <summary>Cancels a running job and waits until it has ended and cleaned up.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Task running;
        lock (_gate)
        {
            running = _runningImport;
        }

        await running;
        _currentJob?.Dispose();
        _stopping.Dispose();
    }

    private async Task RunAsync(ImportJob job)
    {
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["ImportId"] = job.Id });
        var uploads = job.Uploads;
        var token = job.CancellationToken;
        var stored = new List<ImportSummary>();
        try
        {
            var store = await _storeProvider.GetStoreAsync(token);
            LogImportStarted(_logger, job.Id, uploads.Count, store.DatabasePath);

            for (var index = 0; index < uploads.Count; index++)
            {
                token.ThrowIfCancellationRequested();
                var upload = uploads[index];
                job.SetStatus(ImportJobStatus.Importing, FileProgress(index, uploads.Count, upload.DisplayName, "reading"));

                var (result, rejects) = await ImportFileAsync(store, job, upload, index, uploads.Count, token);
                job.AddFileResult(result, rejects);
                if (result.Summary is { } summary)
                {
                    stored.Add(summary);
                    LogFileImported(_logger, job.Id, index + 1, result.Format, summary.Read, summary.New, summary.Updated, summary.Unchanged, summary.Rejected);
                }
                else
                {
                    LogFileNotImported(_logger, job.Id, index + 1, result.Error);
                }
            }

            if (stored.Any(summary => summary.New > 0))
            {
                job.SetStatus(ImportJobStatus.Importing, new PipelineProgress("assign", 0, "assigning new papers to the current topics"));
                var assigned = await new CorpusBuilder(_loggerFactory).AssignNewPapersAsync(store, progress: null, token);
                job.SetAssignedPapers(assigned);
            }

            job.End(ImportJobStatus.Finished, null);
            LogImportFinished(_logger, job.Id, uploads.Count, stored.Sum(s => s.Read), stored.Sum(s => s.New), stored.Sum(s => s.Updated), stored.Sum(s => s.Rejected));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            var reason = _stopping.IsCancellationRequested
                ? "The app is stopping, so the import was stopped."
                : "The import was cancelled.";
            job.End(ImportJobStatus.Cancelled, $"{reason} {DescribeKept(stored.Count, uploads.Count)}");
            LogCancelled(_logger, job.Id, stored.Count);
        }
        catch (Exception error)
        {
            // The job runs unobserved on the thread pool, so every error ends up here, logged and shown.
            job.End(ImportJobStatus.Failed, $"The import failed: {error.Message} {DescribeKept(stored.Count, uploads.Count)}");
            LogImportFailed(_logger, error, job.Id, stored.Count);
        }
        finally
        {
            if (stored.Count > 0)
            {
                _notifier.Publish(new CorpusChange(
                    "import",
                    string.Create(CultureInfo.InvariantCulture, $"import {job.Id}: {stored.Count} {(stored.Count == 1 ? "file" : "files")}, {stored.Sum(s => s.New)} new, {stored.Sum(s => s.Updated)} updated papers")));
            }

            DeleteUploads(job);
            job.MarkCompleted();
        }
    }

    /// <summary>
    /// Reads one file and stores it in one transaction. A file that no format can read becomes a
    /// result with an error; store failures and cancellation are thrown.
    /// </summary>
    private async Task<(ImportFileResult Result, IReadOnlyList<ImportRejectLine> Rejects)> ImportFileAsync(
        TrendStore store,
        ImportJob job,
        UploadedFile upload,
        int index,
        int count,
        CancellationToken cancellationToken)
    {
        var options = PaperReadOptions.Default with
        {
            FormatName = job.Request.FormatName,
            CaptureDate = job.Request.CaptureDate,
            Csv = job.Request.Csv,
            TimeProvider = _timeProvider,
        };
        // The file streams from the reader into the store in batches, so memory does not grow with the upload.
        string? format = null;
        UploadRecordSink? uploadSink = null;
        ImportSummary summary;
        try
        {
            summary = await store.ImportAsync(
                upload.DisplayName,
                async (storeSink, token) =>
                {
                    uploadSink = new UploadRecordSink(storeSink, upload.StoredPath, upload.DisplayName, CorpusBuilder.MaxReportedRejects);
                    var sink = new ProgressRecordSink(
                        uploadSink,
                        records => job.ReportProgress(FileProgress(index, count, upload.DisplayName, string.Create(CultureInfo.InvariantCulture, $"{records:N0} records read"))),
                        RecordsPerProgressReport);
                    format = await PaperFileReader.ReadAsync(upload.StoredPath, options, sink, token);
                    return format;
                },
                new SyncProgress<ImportProgress>(stored => job.ReportProgress(FileProgress(index, count, upload.DisplayName, string.Create(CultureInfo.InvariantCulture, $"storing, {stored.RecordsRead:N0} records written")))),
                cancellationToken);
        }
        catch (Exception error) when (error is NotSupportedException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // The store rolled the file back, so nothing of it was kept.
            var message = HidePath(error.Message, upload);
            return (new ImportFileResult(upload.DisplayName, null, null, null, null, message), []);
        }

        job.ReportProgress(FileProgress(index, count, upload.DisplayName, "stored", fileDone: true));

        var rejects = uploadSink?.ReportedRejects ?? [];
        var notice = uploadSink?.Notice;
        if (summary.Rejected > rejects.Count)
        {
            var more = string.Create(CultureInfo.InvariantCulture, $"{summary.Rejected:N0} records were rejected; the first {rejects.Count:N0} are listed and the database's rejects table contains all of them.");
            notice = notice is null ? more : notice + " " + more;
        }

        var captureSource = format is not null && CaptureDayFormats.Contains(format) ? DescribeCaptureDay(job.Request, upload, uploadSink?.UncertainDatePapers ?? 0) : null;
        var result = new ImportFileResult(upload.DisplayName, format, summary, captureSource, notice, null);
        return (result, rejects.Select(reject => new ImportRejectLine(reject.SourceFile, reject.Position, reject.Reason)).ToList());
    }

    /// <summary>Returns the import progress at a step of the file at <paramref name="index"/>, counting the file as done when <paramref name="fileDone"/> is set.</summary>
    private static PipelineProgress FileProgress(int index, int count, string fileName, string step, bool fileDone = false) =>
        new("import", (double)(index + (fileDone ? 1 : 0)) / count, string.Create(CultureInfo.InvariantCulture, $"file {index + 1} of {count}, {fileName}: {step}"));

    private string WaitDetail() => _buildState.Status == CorpusBuildStatus.Ready
        ? "opening the database"
        : "waiting for the first-start database build to finish";

    /// <summary>
    /// Describes the capture day a file used. A guessed day is called an estimate only when some
    /// papers were dated by it. A file whose dates all came from its own fields, such as a CSV
    /// file with a date column, used the day for its upvote counts alone.
    /// </summary>
    private static string DescribeCaptureDay(ImportRequest request, UploadedFile upload, int uncertainDatePapers)
    {
        if (request.CaptureDate is DateOnly given)
        {
            return $"{Day(given)}, the capture date given";
        }

        var lastWrite = DateOnly.FromDateTime(File.GetLastWriteTimeUtc(upload.StoredPath));
        var source = upload.LastModifiedFromBrowser
            ? $"{Day(lastWrite)}, the file's last-modified day from the browser"
            : $"{Day(lastWrite)}, the upload day";
        return uncertainDatePapers > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{source} (an estimate for the {uncertainDatePapers:N0} papers dated by it; give the capture date to be exact)")
            : $"{source} (every paper's date came from the file, so none is an estimate)";
    }

    private static string DescribeKept(int stored, int total) => stored switch
    {
        0 => "No file was stored.",
        _ when stored == total => string.Create(CultureInfo.InvariantCulture, $"All {total} files were stored."),
        _ => string.Create(CultureInfo.InvariantCulture, $"{stored} of {total} files were stored and stay; the file in progress was rolled back."),
    };

    /// <summary>Replaces the server path of an upload with its display name in a message from the reader.</summary>
    private static string HidePath(string message, UploadedFile upload) =>
        message.Replace(upload.StoredPath, upload.DisplayName, StringComparison.Ordinal);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Returns the full path for a stored file and checks that it lies inside the job's folder. The
    /// relative path is built from safe parts only, so the check is a second line of defence.
    /// </summary>
    private static string ResolveStoredPath(ImportJob job, string relativePath)
    {
        var folder = Path.GetFullPath(job.Folder) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(folder, relativePath));
        if (!path.StartsWith(folder, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The stored path of an upload of import {job.Id} left its folder; this is a bug in UploadFileNames.");
        }

        return path;
    }

    private async Task CopyLimitedAsync(Stream content, string path, string displayName, ImportJob job, CancellationToken cancellationToken)
    {
        const int BufferBytes = 80 * 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes, useAsync: true);
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferBytes), cancellationToken)) > 0)
            {
                total += read;
                if (total > MaxUploadBytes)
                {
                    throw new UploadTooLargeException(displayName, MaxUploadBytes);
                }

                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                job.ReportUploaded(read, displayName);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Gives the stored file the browser's last-modified time, so formats that fall back to the
    /// file's last-write day see the same day as for the original file. A time in the future or
    /// out of the file system's range is not applied.
    /// </summary>
    private bool TrySetLastWriteTime(string path, DateTimeOffset? lastModified)
    {
        if (lastModified is not DateTimeOffset value || value > _timeProvider.GetUtcNow() || value.UtcDateTime.Year < 1980)
        {
            return false;
        }

        try
        {
            File.SetLastWriteTimeUtc(path, value.UtcDateTime);
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    // NOTE: only the ended job's folder is deleted. Folders left by a process that was killed
    // mid-import stay under the upload folder until removed by hand.
    private void DeleteUploads(ImportJob job)
    {
        if (_keepUploads || !Directory.Exists(job.Folder))
        {
            return;
        }

        try
        {
            Directory.Delete(job.Folder, recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            LogCleanupFailed(_logger, error, job.Id, job.Folder);
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Import {ImportId}: upload started, {DeclaredBytes} bytes declared, format {Format}, capture date {CaptureDate}")]
    private static partial void LogUploadStarted(ILogger logger, string importId, long declaredBytes, string format, string captureDate);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Import {ImportId}: file {FilePosition} uploaded, {Bytes} bytes")]
    private static partial void LogFileUploaded(ILogger logger, string importId, int filePosition, long bytes);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Import {ImportId}: upload failed: {Reason}")]
    private static partial void LogUploadFailed(ILogger logger, string importId, string reason);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Information, Message = "Import {ImportId} started: {FileCount} files into {DatabasePath}")]
    private static partial void LogImportStarted(ILogger logger, string importId, int fileCount, string databasePath);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Information, Message = "Import {ImportId}: file {FilePosition} finished as {Format}: {Read} read, {New} new, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected")]
    private static partial void LogFileImported(ILogger logger, string importId, int filePosition, string? format, int read, int @new, int updated, int unchanged, int rejected);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Warning, Message = "Import {ImportId}: file {FilePosition} was not imported: {Reason}")]
    private static partial void LogFileNotImported(ILogger logger, string importId, int filePosition, string? reason);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Information, Message = "Import {ImportId} finished: {FileCount} files, {Read} papers read, {New} new, {Updated} updated, {Rejected} rejected")]
    private static partial void LogImportFinished(ILogger logger, string importId, int fileCount, int read, int @new, int updated, int rejected);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Warning, Message = "Import {ImportId} cancelled after {StoredFiles} stored files")]
    private static partial void LogCancelled(ILogger logger, string importId, int storedFiles);

    [LoggerMessage(EventId = 3209, Level = LogLevel.Error, Message = "Import {ImportId} failed after {StoredFiles} stored files")]
    private static partial void LogImportFailed(ILogger logger, Exception error, string importId, int storedFiles);

    [LoggerMessage(EventId = 3210, Level = LogLevel.Warning, Message = "Import {ImportId}: deleting the upload folder {Folder} failed")]
    private static partial void LogCleanupFailed(ILogger logger, Exception error, string importId, string folder);
}
