using System.Globalization;

namespace TrendBoard.Web.Imports;

/// <summary>An uploaded file is larger than <c>TrendBoard:MaxUploadBytes</c>.</summary>
public sealed class UploadTooLargeException : IOException
{
    /// <summary>Creates the exception with a message that names the file and the limit.</summary>
    /// <param name="fileName">The display name of the file.</param>
    /// <param name="maxBytes">The configured limit in bytes.</param>
    public UploadTooLargeException(string fileName, long maxBytes)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"The file '{fileName}' is larger than the upload limit of {ImportJob.FormatBytes(maxBytes)} ({maxBytes:N0} bytes), so nothing was imported. "
            + $"Compress it as .gz, split it into smaller files, or raise TrendBoard:MaxUploadBytes."))
    {
        FileName = fileName;
        MaxBytes = maxBytes;
    }

    /// <summary>The display name of the file.</summary>
    public string FileName { get; }

    /// <summary>The configured limit in bytes.</summary>
    public long MaxBytes { get; }
}
