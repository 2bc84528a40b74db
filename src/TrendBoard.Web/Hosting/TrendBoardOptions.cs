using TrendBoard.Core.Pipeline;

namespace TrendBoard.Web.Hosting;

/// <summary>Settings bound from the <c>TrendBoard</c> configuration section.</summary>
public sealed class TrendBoardOptions
{
    /// <summary>Name of the configuration section.</summary>
    public const string SectionName = "TrendBoard";

    /// <summary>
    /// Path of the DuckDB database file (<c>TrendBoard:DatabasePath</c>). A relative path is
    /// resolved against the repository root (the nearest folder above the content root that
    /// contains <c>TrendBoard.sln</c>), or against the content root outside a repository.
    /// Default <c>data/trendboard.duckdb</c>.
    /// </summary>
    public string DatabasePath { get; set; } = "data/trendboard.duckdb";

    /// <summary>
    /// Folder or file of paper files that first start imports when the database file does not
    /// exist (<c>TrendBoard:CorpusPath</c>), resolved like <see cref="DatabasePath"/>. Default
    /// <c>data/hf-daily-papers</c>, the bundled corpus.
    /// </summary>
    public string CorpusPath { get; set; } = "data/hf-daily-papers";

    /// <summary>
    /// Whether a missing database file is built from <see cref="CorpusPath"/> on start
    /// (<c>TrendBoard:BuildOnFirstStart</c>). Default true; when false, a missing file gives an
    /// empty dashboard.
    /// </summary>
    public bool BuildOnFirstStart { get; set; } = true;

    /// <summary>
    /// The largest file, in bytes, that the Import page accepts (<c>TrendBoard:MaxUploadBytes</c>).
    /// The count is checked while the upload streams to disk, so a larger file stops at the limit.
    /// Default 268,435,456 (256 MiB), the most content <c>PaperFileReader</c> reads into memory for
    /// the whole-file formats.
    /// </summary>
    public long MaxUploadBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Folder that uploaded files are written to before import (<c>TrendBoard:UploadPath</c>),
    /// resolved like <see cref="DatabasePath"/>. Each import gets its own subfolder named by its
    /// import id. Default <c>data/uploads</c>.
    /// </summary>
    public string UploadPath { get; set; } = "data/uploads";

    /// <summary>
    /// Whether uploaded files stay in <see cref="UploadPath"/> after their import
    /// (<c>TrendBoard:KeepUploads</c>). Default false: each import's folder is deleted when the
    /// import ends, whether it finished, failed or was cancelled.
    /// </summary>
    public bool KeepUploads { get; set; }

    /// <summary>Returns <see cref="UploadPath"/> as a full path.</summary>
    public string ResolveUploadPath(string contentRoot) => ResolvePath(UploadPath, contentRoot);

    /// <summary>Returns <see cref="CorpusPath"/> as a full path.</summary>
    public string ResolveCorpusPath(string contentRoot) => ResolvePath(CorpusPath, contentRoot);

    /// <summary>Returns <see cref="DatabasePath"/> as a full path.</summary>
    public string ResolveDatabasePath(string contentRoot) => ResolvePath(DatabasePath, contentRoot);

    private static string ResolvePath(string path, string contentRoot)
    {
        if (Path.IsPathFullyQualified(path))
        {
            return Path.GetFullPath(path);
        }

        return Path.GetFullPath(Path.Combine(FindRepositoryRoot(contentRoot) ?? contentRoot, path));
    }

    /// <summary>Returns the nearest folder at or above <paramref name="start"/> that contains TrendBoard.sln, or null.</summary>
    internal static string? FindRepositoryRoot(string start) => TrendBoardPaths.FindRepositoryRoot(start);
}
