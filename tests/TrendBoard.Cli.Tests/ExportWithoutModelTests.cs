using TrendBoard.Core.Export;

namespace TrendBoard.Cli.Tests;

/// <summary>
/// Exports from a database that contains imported papers but no topic model run. Each one fails
/// with a message that reports the missing run and names the command that fits the model.
/// </summary>
public sealed class ExportWithoutModelTests : IClassFixture<ExportWithoutModelTests.UnmodelledDatabase>
{
    private readonly UnmodelledDatabase _database;

    public ExportWithoutModelTests(UnmodelledDatabase database)
    {
        _database = database;
    }

    public static TheoryData<string> ExportNames()
    {
        return new TheoryData<string>(ChartExports.All.Select(export => export.Name).Concat(ModelExports.Names));
    }

    [Theory]
    [MemberData(nameof(ExportNames))]
    public async Task ExportNamesMissingModelRun(string chart)
    {
        var result = await CliRunner.RunAsync("export", chart, "--db", _database.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains("no topic model has been run", result.Error, StringComparison.Ordinal);
        Assert.Contains($"the {chart} export would be empty", result.Error, StringComparison.Ordinal);
        Assert.Contains("'trendboard model'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportToFileLeavesNoFile()
    {
        var outPath = System.IO.Path.Combine(_database.Folder, "volume.csv");

        var result = await CliRunner.RunAsync("export", "volume", "--from", "2025-06-02", "--to", "2025-06-06", "--out", outPath, "--db", _database.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.False(File.Exists(outPath));
    }

    /// <summary>Two bundled June 2025 day files imported through the CLI, with no model command after.</summary>
    public sealed class UnmodelledDatabase : IAsyncLifetime
    {
        public string Folder { get; } = Directory.CreateTempSubdirectory("trendboard-cli-nomodel-").FullName;

        public string Path => System.IO.Path.Combine(Folder, "papers-only.duckdb");

        public async Task InitializeAsync()
        {
            var input = Directory.CreateDirectory(System.IO.Path.Combine(Folder, "input")).FullName;
            foreach (var day in new[] { "2025-06-02", "2025-06-03" })
            {
                var name = $"{day}.json.gz";
                File.Copy(System.IO.Path.Combine(CliRunner.RepositoryRoot(), "data", "hf-daily-papers", name), System.IO.Path.Combine(input, name));
            }

            var import = await CliRunner.RunAsync("import", input, "--db", Path);
            Assert.Equal(0, import.ExitCode);
        }

        public Task DisposeAsync()
        {
            Directory.Delete(Folder, recursive: true);
            return Task.CompletedTask;
        }
    }
}
