using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Import;

/// <summary>
/// Options for reading paper files with <see cref="PaperFileReader"/>.
/// </summary>
public sealed record PaperReadOptions
{
    /// <summary>Options with every default: format detected from content, system clock.</summary>
    public static PaperReadOptions Default { get; } = new();

    /// <summary>
    /// The format to parse with, one of <see cref="PaperFileReader.FormatNames"/>; null (the
    /// default) detects the format from the file's content and name.
    /// </summary>
    public string? FormatName { get; init; }

    /// <summary>
    /// The UTC day the file was saved from its source, for sources that show dates without a year
    /// or upvote counts without a day (copied Hugging Face pages, CSV). Null (the default) falls
    /// back to the file's last-write day, which copying can change, so dates guessed from it are
    /// marked <see cref="PaperRecord.DateUncertain"/>.
    /// </summary>
    public DateOnly? CaptureDate { get; init; }

    /// <summary>Column names and delimiter for CSV files; null (the default) uses <see cref="CsvFormatOptions.Default"/>.</summary>
    public CsvFormatOptions? Csv { get; init; }

    /// <summary>
    /// The clock that decides which dates lie in the future; <see cref="TimeProvider.System"/> by default.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The maximum number of bytes read of a file whose format parses the whole text at once (Daily Papers JSON,
    /// HTML pages, copied search pages); <see cref="PaperFileReader.MaxContentBytes"/> by default.
    /// Line- and element-based formats stream and have no limit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxWholeContentBytes
    {
        get => _maxWholeContentBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxWholeContentBytes = value;
        }
    }

    private readonly int _maxWholeContentBytes = PaperFileReader.MaxContentBytes;
}

/// <summary>
/// What a format knows about the file it parses besides the content.
/// </summary>
/// <param name="SourceFile">The file name or path to put in rejects.</param>
/// <param name="FileDay">The day in the file name (see <see cref="CorpusFiles.TryParseDay"/>), or null.</param>
/// <param name="LastWriteDay">The UTC day the file was last written, or null when unknown.</param>
/// <param name="Now">The current time from <see cref="PaperReadOptions.TimeProvider"/>.</param>
/// <param name="Options">The options of this read.</param>
public sealed record PaperParseContext(
    string SourceFile,
    DateOnly? FileDay,
    DateOnly? LastWriteDay,
    DateTimeOffset Now,
    PaperReadOptions Options)
{
    /// <summary>
    /// The latest day a record may carry: today in the earliest time zone (UTC+14), so a paper
    /// dated today anywhere on Earth is not in the future.
    /// </summary>
    public DateOnly LatestValidDay => DateOnly.FromDateTime(Now.UtcDateTime.AddHours(14));

    /// <summary>
    /// The capture day: <see cref="PaperReadOptions.CaptureDate"/>, else the file's last-write day,
    /// else today (UTC).
    /// </summary>
    public DateOnly CaptureDay => Options.CaptureDate ?? LastWriteDay ?? DateOnly.FromDateTime(Now.UtcDateTime);

    /// <summary>Whether <see cref="CaptureDay"/> was given in the options rather than guessed.</summary>
    public bool CaptureDayIsExact => Options.CaptureDate is not null;

    /// <summary>Creates a reject of this file.</summary>
    public ImportReject Reject(string position, string reason) => new(SourceFile, position, reason);
}
