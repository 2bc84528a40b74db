using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using TrendBoard.Core.Import;
using TrendBoard.Core.Pipeline;
using TrendBoard.Web.Imports;

namespace TrendBoard.Web.Components.Pages.Import;

/// <summary>
/// Uploads paper files and imports them through <see cref="ImportJobService"/>; shows the progress of the
/// running import, whichever page started it, and the report of the last import.
/// </summary>
public sealed partial class ImportPage : ComponentBase, IDisposable
{
    /// <summary>The maximum number of files in one import.</summary>
    public const int MaxFilesPerImport = 100;

    private readonly CancellationTokenSource _disposed = new();
    private IReadOnlyList<IBrowserFile> _files = [];
    private string _formatName = string.Empty;
    private string _captureDateText = string.Empty;
    private readonly Dictionary<string, string> _csvColumns = CsvFields.ToDictionary(field => field.Name, _ => string.Empty, StringComparer.Ordinal);
    private string _csvDelimiterText = string.Empty;
    private string? _csvError;
    private bool _csvSectionOpen;
    private string? _error;
    private bool _uploading;
    private ImportJob? _job;
    private ImportJobState? _state;

    [Inject]
    private ImportJobService Imports { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private bool CanStart => _files.Count > 0 && !_uploading && _error is null && _csvError is null;

    public void Dispose()
    {
        Imports.JobStarted -= OnJobStarted;
        Watch(null);

        // Not disposed: an upload loop may still hold its token, and a source without timers owns nothing to free.
        _disposed.Cancel();
    }

    protected override void OnInitialized()
    {
        Imports.JobStarted += OnJobStarted;
        Watch(Imports.CurrentJob);
    }

    private void OnFilesSelected(InputFileChangeEventArgs args)
    {
        _error = null;
        if (args.FileCount > MaxFilesPerImport)
        {
            _files = [];
            _error = string.Create(CultureInfo.InvariantCulture, $"{args.FileCount} files were selected, but one import takes at most {MaxFilesPerImport}; select fewer files and import the rest afterwards.");
            return;
        }

        _files = args.GetMultipleFiles(MaxFilesPerImport);
        for (var i = 0; i < _files.Count; i++)
        {
            if (_files[i].Size > Imports.MaxUploadBytes)
            {
                _error = new UploadTooLargeException(UploadFileNames.ToDisplayName(_files[i].Name, i + 1), Imports.MaxUploadBytes).Message;
                return;
            }
        }
    }

    private async Task StartAsync()
    {
        _error = null;
        CheckCsvInputs();
        if (_csvError is not null || !TryReadCaptureDate(out var captureDate))
        {
            return;
        }

        // The select's value comes from the client, so a tampered value must give an error, not a crash.
        var formatName = _formatName.Length == 0 ? null : _formatName;
        if (formatName is not null && !PaperFileReader.FormatNames.Contains(formatName, StringComparer.Ordinal))
        {
            _error = $"'{formatName}' is not a paper file format; choose one from the list, or let the format be detected.";
            return;
        }

        var request = new ImportRequest(formatName, captureDate) { Csv = BuildCsvOptions() };
        if (!Imports.TryBegin(request, _files.Sum(file => file.Size), out var job, out var busyMessage))
        {
            _error = busyMessage;
            return;
        }

        _uploading = true;
        var files = _files;
        _files = [];
        var pageClosed = _disposed.Token;
        try
        {
            foreach (var file in files)
            {
                await using var content = file.OpenReadStream(Imports.MaxUploadBytes, pageClosed);
                await Imports.AddUploadAsync(job, file.Name, file.Size, file.LastModified, content, pageClosed);
            }

            Imports.StartImport(job);
        }
        catch (UploadTooLargeException error)
        {
            Imports.AbandonUpload(job, ImportJobStatus.Failed, error.Message);
            _error = error.Message;
        }
        catch (OperationCanceledException)
        {
            Imports.AbandonUpload(job, ImportJobStatus.Cancelled, "The upload was cancelled, so nothing was imported.");
        }
        catch (Exception error)
        {
            // Any other error (a read failure, a lost circuit) must end the job too, because a job
            // left uploading would refuse every later import.
            var message = $"The upload failed: {error.Message} Nothing was imported; try again.";
            Imports.AbandonUpload(job, ImportJobStatus.Failed, message);
            _error = message;
        }
        finally
        {
            _uploading = false;
        }
    }

    private void Cancel() => _job?.Cancel();

    private void OnFormatChanged(ChangeEventArgs args) => _formatName = args.Value as string ?? string.Empty;

    private void OnCaptureDateChanged(ChangeEventArgs args) => _captureDateText = args.Value as string ?? string.Empty;

    private bool TryReadCaptureDate(out DateOnly? captureDate)
    {
        captureDate = null;
        if (string.IsNullOrWhiteSpace(_captureDateText))
        {
            return true;
        }

        if (!DateOnly.TryParseExact(_captureDateText.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            _error = $"The capture date '{_captureDateText}' is not a date; enter it as yyyy-MM-dd, or leave it empty.";
            return false;
        }

        // Today in UTC+14 is the latest day that is not in the future anywhere.
        var latest = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime.AddHours(14));
        if (day > latest)
        {
            _error = string.Create(CultureInfo.InvariantCulture, $"The capture date {day:yyyy-MM-dd} is in the future; enter the day the files were saved.");
            return false;
        }

        captureDate = day;
        return true;
    }

    private void OnJobStarted(ImportJob job)
    {
        _ = InvokeAsync(() =>
        {
            Watch(job);
            StateHasChanged();
        });
    }

    private void Watch(ImportJob? job)
    {
        if (ReferenceEquals(job, _job))
        {
            return;
        }

        if (_job is not null)
        {
            _job.Changed -= OnJobChanged;
        }

        _job = job;
        _state = job?.State;
        if (job is not null)
        {
            job.Changed += OnJobChanged;
        }
    }

    private void OnJobChanged(ImportJobState state)
    {
        _ = InvokeAsync(() =>
        {
            _state = _job?.State;
            StateHasChanged();
        });
    }

    private static int Percent(PipelineProgress progress) =>
        (int)Math.Round(Math.Clamp(progress.Fraction, 0, 1) * 100);

    private static string StageText(string stage) => stage switch
    {
        "upload" => "Uploading",
        "wait" => "Waiting for the database",
        "import" => "Importing",
        _ => stage,
    };
}
