using TrendBoard.Core.Import;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;

namespace TrendBoard.Web.Imports;

/// <summary>What the user chose on the Import page for every file of one import.</summary>
/// <param name="FormatName">The format to parse every file with (one of <c>PaperFileReader.FormatNames</c>), or null to detect it per file.</param>
/// <param name="CaptureDate">The UTC day the files were saved from their source, for formats whose dates lack a year; null uses each file's last-modified day.</param>
public sealed record ImportRequest(string? FormatName, DateOnly? CaptureDate)
{
    /// <summary>Column names and delimiter for CSV files, as the CLI's <c>--csv-column</c> and <c>--csv-delimiter</c> set them; null finds every column by its usual header names.</summary>
    public CsvFormatOptions? Csv { get; init; }
}

/// <summary>The steps of an import job, in order; the last three end it.</summary>
public enum ImportJobStatus
{
    /// <summary>The browser is sending the files.</summary>
    Uploading,

    /// <summary>The files are on the server and the job waits for the first-start database build.</summary>
    WaitingForDatabase,

    /// <summary>The files are being read and stored, one transaction per file.</summary>
    Importing,

    /// <summary>Every file was processed; some may have failed on their own (see <see cref="ImportFileResult.Error"/>).</summary>
    Finished,

    /// <summary>The user cancelled: files stored before the cancel stay, the file in progress was rolled back.</summary>
    Cancelled,

    /// <summary>The job stopped on an error (see <see cref="ImportJobState.Error"/>); files stored before it stay.</summary>
    Failed,
}

/// <summary>The outcome of one uploaded file.</summary>
/// <param name="FileName">The display name of the file (see <see cref="UploadFileNames.ToDisplayName"/>).</param>
/// <param name="Format">The format that parsed the file, or null when no format read it.</param>
/// <param name="Summary">The counts the store returned, or null when the file was not stored.</param>
/// <param name="CaptureDateSource">Which capture day the file's undated or year-less dates used, for the formats that read one; otherwise null.</param>
/// <param name="Notice">The reader's remark about the whole file (see <c>ParsedFile.Notice</c>), or null.</param>
/// <param name="Error">Why the file could not be read or stored, or null.</param>
public sealed record ImportFileResult(
    string FileName,
    string? Format,
    ImportSummary? Summary,
    string? CaptureDateSource,
    string? Notice,
    string? Error);

/// <summary>One rejected record in the report.</summary>
/// <param name="FileName">The display name of the file.</param>
/// <param name="Position">Where the record sits in the file, for example <c>record 12</c>.</param>
/// <param name="Reason">What is wrong and what to do about it.</param>
public sealed record ImportRejectLine(string FileName, string Position, string Reason);

/// <summary>A consistent view of an import job at one moment.</summary>
/// <param name="Status">The step the job is in.</param>
/// <param name="Progress">
/// The current step and its fraction: stage <c>upload</c> (bytes received of the declared total),
/// <c>wait</c>, or <c>import</c> (files done of all files), with a detail such as the file name
/// and the records read so far.
/// </param>
/// <param name="Files">The results of the files processed so far, in upload order.</param>
/// <param name="Rejects">The first rejects, at most <see cref="ImportJob.MaxRejectsShown"/>.</param>
/// <param name="RejectsNotShown">Rejects counted in <paramref name="Files"/> but left out of <paramref name="Rejects"/>.</param>
/// <param name="Error">Why the job failed or was stopped, or null.</param>
public sealed record ImportJobState(
    ImportJobStatus Status,
    PipelineProgress Progress,
    IReadOnlyList<ImportFileResult> Files,
    IReadOnlyList<ImportRejectLine> Rejects,
    int RejectsNotShown,
    string? Error)
{
    /// <summary>
    /// Number of new papers assigned to the current run's topics after the files were stored;
    /// null when no paper was new. Zero when the database has no topic model yet.
    /// </summary>
    public int? AssignedPapers { get; init; }

    /// <summary>Whether the job has ended (finished, cancelled or failed).</summary>
    public bool IsEnded => Status is ImportJobStatus.Finished or ImportJobStatus.Cancelled or ImportJobStatus.Failed;
}
