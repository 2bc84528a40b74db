using System.Globalization;
using System.IO.Compression;

namespace TrendBoard.Core.Import;

/// <summary>
/// Finds paper files, opens them (decompressing <c>.gz</c>) and reads the day in their names.
/// </summary>
public static class CorpusFiles
{
    private const string GzipExtension = ".gz";
    private const string JsonExtension = ".json";

    /// <summary>
    /// Lists the paper files at <paramref name="path"/>: the file itself, or every <c>.json</c> and
    /// <c>.json.gz</c> file in the folder and its subfolders.
    /// </summary>
    /// <inheritdoc cref="ListFiles(IEnumerable{string})"/>
    public static IReadOnlyList<string> ListFiles(string path) => ListFiles([path]);

    /// <summary>
    /// Lists the paper files at <paramref name="paths"/>, each a file or a folder searched recursively
    /// for <c>.json</c> and <c>.json.gz</c> files.
    /// </summary>
    /// <remarks>
    /// A file named directly is listed whatever its extension, so that
    /// <see cref="PaperFileReader.ReadAsync"/> can say why it cannot read it. Folder searches match
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
                    $"'{path}' is neither a file nor a folder; pass a .json or .json.gz file, or a folder that contains such files.",
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
    /// Returns whether <paramref name="path"/> ends in <c>.json</c> or <c>.json.gz</c>, ignoring case.
    /// </summary>
    public static bool IsPaperFileName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);

        var name = StripGzip(path);
        return name.EndsWith(JsonExtension, StringComparison.OrdinalIgnoreCase);
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
    /// Reads the day from a file name of the form <c>yyyy-MM-dd</c>, optionally followed by
    /// <c>.json</c> and then <c>.gz</c>, such as <c>2024-05-27.json.gz</c>; returns null for other names.
    /// </summary>
    /// <param name="path">A file name or path; only the file name is read.</param>
    public static DateOnly? TryParseDay(string path)
    {
        ArgumentNullException.ThrowIfNull(path);

        var name = StripGzip(Path.GetFileName(path));
        if (name.EndsWith(JsonExtension, StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^JsonExtension.Length];
        }

        return DateOnly.TryParseExact(name, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;
    }

    internal static bool IsGzip(string path) => path.EndsWith(GzipExtension, StringComparison.OrdinalIgnoreCase);

    private static string StripGzip(string name) => IsGzip(name) ? name[..^GzipExtension.Length] : name;
}
