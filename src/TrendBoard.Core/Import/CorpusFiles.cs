using System.Globalization;
using System.IO.Compression;

namespace TrendBoard.Core.Import;

/// <summary>
/// Finds paper files, opens them (decompressing <c>.gz</c>) and reads the day in their names.
/// </summary>
public static class CorpusFiles
{
    private const string GzipExtension = ".gz";

    // Extensions that folder searches list: each has a format that accepts it by name, so a listed
    // file is always parsed (and rejected with a reason) rather than refused.
    private static readonly string[] _listedExtensions = [".json", ".jsonl", ".xml", ".atom", ".html", ".htm", ".csv"];

    // Extensions removed before reading a day from a file name; .txt is read by name but not listed.
    private static readonly string[] _dayNameExtensions = [.. _listedExtensions, ".txt"];

    /// <summary>
    /// Lists the paper files at <paramref name="path"/>: the file itself, or every paper file (see
    /// <see cref="IsPaperFileName"/>) in the folder and its subfolders.
    /// </summary>
    /// <inheritdoc cref="ListFiles(IEnumerable{string})"/>
    public static IReadOnlyList<string> ListFiles(string path) => ListFiles([path]);

    /// <summary>
    /// Lists the paper files at <paramref name="paths"/>, each a file or a folder searched recursively
    /// for paper files (see <see cref="IsPaperFileName"/>).
    /// </summary>
    /// <remarks>
    /// A file named directly is listed whatever its extension, so that
    /// <see cref="PaperFileReader.ReadAsync(string, CancellationToken)"/> can detect its format or say
    /// why it cannot read it. Copied page text (<c>.txt</c>) must be named directly, because folders
    /// often hold licence and notes files with that extension. Folder searches match
    /// extensions case-insensitively and skip hidden and system files. The result lists each file
    /// once, sorted by file name and then by path (ordinal), so day-named files come in date order.
    /// </remarks>
    /// <exception cref="FileNotFoundException">A path is neither a file nor a folder.</exception>
    public static IReadOnlyList<string> ListFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path, nameof(paths));

            if (File.Exists(path))
            {
                files.TryAdd(Path.GetFullPath(path), path);
                continue;
            }

            if (!Directory.Exists(path))
            {
                throw new FileNotFoundException(
                    $"'{path}' is neither a file nor a folder; pass a paper file (such as .json, .jsonl, .xml, .html, .csv, optionally .gz), or a folder that contains such files.",
                    path);
            }

            var options = new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseInsensitive };
            foreach (var file in Directory.EnumerateFiles(path, "*", options))
            {
                if (IsPaperFileName(file))
                {
                    files.TryAdd(Path.GetFullPath(file), file);
                }
            }
        }

        return files.Values
            .OrderBy(Path.GetFileName, StringComparer.Ordinal)
            .ThenBy(file => file, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Returns whether <paramref name="path"/> ends in <c>.json</c>, <c>.jsonl</c>, <c>.xml</c>,
    /// <c>.atom</c>, <c>.html</c>, <c>.htm</c> or <c>.csv</c>, optionally followed by <c>.gz</c>,
    /// ignoring case.
    /// </summary>
    public static bool IsPaperFileName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);

        return ContentChecks.HasExtension(StripGzip(path), _listedExtensions);
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading, decompressing it when its name ends in <c>.gz</c>.
    /// </summary>
    /// <remarks>
    /// A truncated <c>.gz</c> file reads as truncated content without an error (the behaviour of
    /// <see cref="GZipStream"/> in .NET 10); corrupt compressed data throws
    /// <see cref="InvalidDataException"/> while reading.
    /// </remarks>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Stream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return IsGzip(path) ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: false) : file;
    }

    /// <summary>
    /// Checks whether the file at <paramref name="path"/> is empty or starts with the gzip magic
    /// bytes <c>1F 8B</c>.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static bool IsEmptyOrGzipData(string path)
    {
        Span<byte> magic = stackalloc byte[2];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        var read = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        return read == 0 || (read == magic.Length && magic[0] == 0x1F && magic[1] == 0x8B);
    }

    /// <summary>
    /// Reads the day from a file name of the form <c>yyyy-MM-dd</c>, optionally followed by a paper
    /// file extension (<c>.json</c>, <c>.jsonl</c>, <c>.xml</c>, <c>.atom</c>, <c>.html</c>,
    /// <c>.htm</c>, <c>.csv</c> or <c>.txt</c>) and then <c>.gz</c>, such as <c>2024-05-27.json.gz</c>
    /// or <c>2025-05-05.jsonl</c>; returns null for other names.
    /// </summary>
    /// <param name="path">A file name or path; only the file name is read.</param>
    public static DateOnly? TryParseDay(string path)
    {
        ArgumentNullException.ThrowIfNull(path);

        var name = StripGzip(Path.GetFileName(path));
        var extension = _dayNameExtensions.FirstOrDefault(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        if (extension is not null)
        {
            name = name[..^extension.Length];
        }

        return DateOnly.TryParseExact(name, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;
    }

    internal static bool IsGzip(string path) => path.EndsWith(GzipExtension, StringComparison.OrdinalIgnoreCase);

    internal static string StripGzip(string name) => IsGzip(name) ? name[..^GzipExtension.Length] : name;
}
