namespace TrendBoard.Cli;

/// <summary>Checks of the <c>--db</c> path, made before the store opens.</summary>
internal static class DatabaseFile
{
    /// <summary>The next step for commands that read a database with a current model run.</summary>
    public const string ImportAndModelFirst = "Run 'trendboard import' and 'trendboard model' first, or pass --db.";

    /// <summary>
    /// Writes an error and returns false when <paramref name="path"/> is a directory or no file
    /// exists there. Commands that read stored papers call it first, because DuckDB creates a
    /// missing database file on open and would leave an empty one behind.
    /// </summary>
    public static async Task<bool> CheckExistsAsync(string path, string nextStep, TextWriter error)
    {
        if (!await CheckNotDirectoryAsync(path, error))
        {
            return false;
        }

        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"error: database '{path}' was not found. {nextStep}");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Writes an error and returns false when <paramref name="path"/> names a directory; commands
    /// that create the database (import, fetch) call it in place of <see cref="CheckExistsAsync"/>.
    /// </summary>
    public static async Task<bool> CheckNotDirectoryAsync(string path, TextWriter error)
    {
        if (Directory.Exists(path))
        {
            await error.WriteLineAsync($"error: --db '{path}' is a directory, not a database file. Pass the path of a database file, for example '{Path.Combine(path, "trendboard.duckdb")}'.");
            return false;
        }

        return true;
    }
}
