namespace TrendBoard.Core.Pipeline;

/// <summary>
/// Locates the repository's bundled corpus and the default database file, so the web app and
/// the CLI open the same database without configuration.
/// </summary>
public static class TrendBoardPaths
{
    /// <summary>The environment variable that overrides the default database path.</summary>
    public const string DatabaseEnvironmentVariable = "TRENDBOARD_DB";

    private const string SolutionFileName = "TrendBoard.sln";

    /// <summary>
    /// Finds the folder that contains <c>TrendBoard.sln</c>, searching upward from the current
    /// directory and then from the application's base directory.
    /// </summary>
    /// <returns>The folder, or null when neither start lies inside a TrendBoard checkout.</returns>
    public static string? FindRepositoryRoot()
    {
        return FindRepositoryRoot(Directory.GetCurrentDirectory()) ?? FindRepositoryRoot(AppContext.BaseDirectory);
    }

    /// <summary>
    /// Returns the database path used when none is given: <c>TRENDBOARD_DB</c> when set, else
    /// <c>data/trendboard.duckdb</c> in the repository, else <c>trendboard.duckdb</c> in the
    /// current directory.
    /// </summary>
    public static string DefaultDatabasePath()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(DatabaseEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var root = FindRepositoryRoot();
        return root is null
            ? Path.GetFullPath("trendboard.duckdb")
            : Path.Combine(root, "data", "trendboard.duckdb");
    }

    /// <summary>
    /// Returns the folder of the bundled Hugging Face Daily Papers archive, or null outside a checkout.
    /// </summary>
    public static string? DefaultCorpusPath()
    {
        var root = FindRepositoryRoot();
        return root is null ? null : Path.Combine(root, "data", "hf-daily-papers");
    }

    /// <summary>
    /// Returns the folder for raw downloads named <paramref name="name"/>: <c>data/raw/NAME</c> in
    /// the repository, else under the current directory.
    /// </summary>
    public static string DefaultRawFolder(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var root = FindRepositoryRoot() ?? Directory.GetCurrentDirectory();
        return Path.Combine(root, "data", "raw", name);
    }

    /// <summary>Returns the nearest folder at or above <paramref name="start"/> that contains <c>TrendBoard.sln</c>, or null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(start);

        for (var directory = new DirectoryInfo(Path.GetFullPath(start)); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
