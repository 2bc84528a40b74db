namespace TrendBoard.Cli.Tests;

/// <summary>
/// Paths given to --db and --out that name a directory or no file, and counts below one: each
/// fails before any work with a one-line error that names the path, and exit code 2.
/// </summary>
public sealed class CommandPathTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("trendboard-paths-").FullName;

    private string MissingDatabase => Path.Combine(_folder, "typo.duckdb");

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("model")]
    [InlineData("export volume")]
    [InlineData("topics list")]
    [InlineData("topics rename 0 Agents")]
    public async Task MissingDatabaseIsNotCreated(string commandLine)
    {
        var result = await CliRunner.RunAsync([.. commandLine.Split(' '), "--db", MissingDatabase]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: database '{MissingDatabase}' was not found.", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task ModelMissingDatabaseSuggestsImport()
    {
        var result = await CliRunner.RunAsync("model", "--db", MissingDatabase);

        Assert.Contains("Run 'trendboard import' first, or pass --db.", result.Error, StringComparison.Ordinal);
        Assert.Single(Lines(result.Error));
    }

    [Theory]
    [InlineData("model")]
    [InlineData("export volume")]
    [InlineData("topics list")]
    [InlineData("topics rename 0 Agents")]
    [InlineData("import PAPERS")]
    public async Task DatabaseDirectoryIsNamedAsDirectory(string commandLine)
    {
        var papers = Path.Combine(_folder, "papers.csv");
        await File.WriteAllTextAsync(papers, "title,abstract\nFirst paper,One.\n");
        var args = commandLine.Replace("PAPERS", papers, StringComparison.Ordinal).Split(' ');

        var result = await CliRunner.RunAsync([.. args, "--db", _folder]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: --db '{_folder}' is a directory, not a database file.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not found", result.Error, StringComparison.Ordinal);
        Assert.Single(Lines(result.Error));
        Assert.Equal([papers], Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task ExportOutDirectoryAsksForFilePath()
    {
        var result = await CliRunner.RunAsync("export", "volume", "--out", _folder, "--db", MissingDatabase);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: --out '{_folder}' is a directory. Give a file path, for example '{Path.Combine(_folder, "volume.csv")}'.", result.Error, StringComparison.Ordinal);
        Assert.Single(Lines(result.Error));
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public async Task BenchRepeatBelowOneIsOptionError(string repeat)
    {
        // A missing corpus makes the command stop early even if the option check were gone.
        var result = await CliRunner.RunAsync("bench", "--repeat", repeat, "--corpus", Path.Combine(_folder, "no-corpus"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: --repeat {repeat} is not valid. Use a whole number from 1 to 1000.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("corpus", result.Error, StringComparison.Ordinal);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
