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

    /// <summary>Returns <see cref="DatabasePath"/> as a full path.</summary>
    public string ResolveDatabasePath(string contentRoot)
    {
        if (Path.IsPathFullyQualified(DatabasePath))
        {
            return Path.GetFullPath(DatabasePath);
        }

        return Path.GetFullPath(Path.Combine(FindRepositoryRoot(contentRoot) ?? contentRoot, DatabasePath));
    }

    /// <summary>Returns the nearest folder at or above <paramref name="start"/> that contains TrendBoard.sln, or null.</summary>
    internal static string? FindRepositoryRoot(string start)
    {
        for (var folder = new DirectoryInfo(Path.GetFullPath(start)); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TrendBoard.sln")))
            {
                return folder.FullName;
            }
        }

        return null;
    }
}
