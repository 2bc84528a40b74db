using System.Globalization;
using System.Text;
using TrendBoard.Core.Import;

namespace TrendBoard.Web.Imports;

/// <summary>
/// Turns the file names that browsers send with uploads into display names and into the
/// server-chosen names the files are stored under.
/// </summary>
/// <remarks>
/// The name a browser sends is untrusted text: a client can send any string, including
/// <c>../</c>, path separators, markup and control characters. It is only ever shown (Blazor
/// escapes it) and stored as the import's source file label. Stored paths are built from the
/// import id, the file's position in the upload, the day read from the name (re-formatted from a
/// <see cref="DateOnly"/>) and an extension from <see cref="AllowedExtensions"/>, so no character
/// of the sent name reaches the file system.
/// </remarks>
internal static class UploadFileNames
{
    /// <summary>The longest display name kept, in characters; longer names are cut and end in an ellipsis.</summary>
    public const int MaxDisplayNameLength = 200;

    /// <summary>Extensions that a stored file keeps, each optionally followed by <c>.gz</c>; other extensions are dropped.</summary>
    public static IReadOnlyList<string> AllowedExtensions { get; } = [".json", ".jsonl", ".xml", ".atom", ".html", ".htm", ".csv", ".txt"];

    private const string GzipExtension = ".gz";

    /// <summary>
    /// Returns the name to show and store for an uploaded file: the part after the last
    /// <c>/</c> or <c>\</c>, with control characters (NUL included) replaced by <c>?</c>, trimmed
    /// and cut to <see cref="MaxDisplayNameLength"/>. An empty result becomes <c>upload N</c>.
    /// </summary>
    /// <param name="sentName">The name the browser sent, or null.</param>
    /// <param name="position">The file's 1-based position in the upload, for the fallback name.</param>
    public static string ToDisplayName(string? sentName, int position)
    {
        var name = sentName ?? string.Empty;
        var lastSeparator = name.LastIndexOfAny(['/', '\\']);
        if (lastSeparator >= 0)
        {
            name = name[(lastSeparator + 1)..];
        }

        var text = new StringBuilder(Math.Min(name.Length, MaxDisplayNameLength + 1));
        for (var i = 0; i < name.Length; i++)
        {
            var character = name[i];
            if (char.IsHighSurrogate(character) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                text.Append(character).Append(name[i + 1]);
                i++;
                continue;
            }

            // A lone surrogate cannot be encoded as UTF-8 for logs or DuckDB text, so it goes too.
            text.Append(char.IsControl(character) || char.IsSurrogate(character) ? '?' : character);
        }

        var display = text.ToString().Trim();
        if (display.Length > MaxDisplayNameLength)
        {
            display = display[..(MaxDisplayNameLength - 1)] + "…";
        }

        return display.Length == 0 || display is "." or ".."
            ? string.Create(CultureInfo.InvariantCulture, $"upload {position}")
            : display;
    }

    /// <summary>
    /// Returns the path, relative to the import's folder, to store an uploaded file under:
    /// <c>NNN/yyyy-MM-dd.ext</c> when the sent name is a day (so formats that read the listing
    /// day from the name still can), else <c>NNN/upload.ext</c>.
    /// </summary>
    /// <param name="sentName">The name the browser sent, or null.</param>
    /// <param name="position">The file's 1-based position in the upload.</param>
    public static string ToStoredRelativePath(string? sentName, int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(position);

        var name = ToDisplayName(sentName, position);
        var extension = ToAllowedExtension(name);
        var day = CorpusFiles.TryParseDay(name);
        var stem = day is DateOnly value ? value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "upload";
        var folder = position.ToString("D3", CultureInfo.InvariantCulture);
        return Path.Combine(folder, stem + extension);
    }

    /// <summary>
    /// Returns the lower-case extension of <paramref name="name"/> when it is in
    /// <see cref="AllowedExtensions"/>, with <c>.gz</c> appended when the name ends in it; a
    /// <c>.gz</c> name with another inner extension gives <c>.gz</c>, and any other name gives an
    /// empty string.
    /// </summary>
    public static string ToAllowedExtension(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        var isGzip = name.EndsWith(GzipExtension, StringComparison.OrdinalIgnoreCase);
        var inner = isGzip ? name[..^GzipExtension.Length] : name;
        var innerExtension = AllowedExtensions.FirstOrDefault(allowed => inner.EndsWith(allowed, StringComparison.OrdinalIgnoreCase)) ?? string.Empty;
        return isGzip ? innerExtension + GzipExtension : innerExtension;
    }
}
