using System.Text;

namespace TrendBoard.Cli.Tests;

/// <summary>Notices of imported files, which the import prints next to its rejects.</summary>
public sealed class ImportNoticeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("trendboard-notices-").FullName;

    private string DatabasePath => Path.Combine(_folder, "papers.duckdb");

    /// <summary>A real Hugging Face papers page saved from a browser, from the Core tests' data.</summary>
    private static string SavedPagePath =>
        Path.Combine(CliRunner.RepositoryRoot(), "tests", "TrendBoard.Core.Tests", "TestData", "hf-html", "huggingface_papers.html");

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task CsvWithoutDateColumnPrintsNotice()
    {
        var csvPath = Path.Combine(_folder, "titles.csv");
        await File.WriteAllTextAsync(csvPath, "title,abstract\nFirst paper,One.\nSecond paper,Two.\n");

        var result = await CliRunner.RunAsync("import", csvPath, "--db", DatabasePath, "--capture-date", "2025-06-02");

        Assert.Equal(0, result.ExitCode);
        var notices = NoticeLines(result.Error);
        var dateNotice = Assert.Single(notices, line => line.Contains("no date column", StringComparison.Ordinal));
        Assert.StartsWith($"notice: {csvPath}: ", dateNotice, StringComparison.Ordinal);
        Assert.Contains("2025-06-02", dateNotice, StringComparison.Ordinal);
        Assert.Contains("--csv-column date=HEADER", dateNotice, StringComparison.Ordinal);
        Assert.Contains(notices, line => line.Contains("no id column", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PageWithoutClosingTagPrintsNotice()
    {
        // The real page without its final </html> tag, as a save that stopped at the very end leaves it.
        var page = await File.ReadAllTextAsync(SavedPagePath);
        var closingTag = page.LastIndexOf("</html>", StringComparison.OrdinalIgnoreCase);
        Assert.True(closingTag > 0, "The saved page has no closing </html> tag to cut.");
        var cutPath = Path.Combine(_folder, "papers-cut.html");
        await File.WriteAllTextAsync(cutPath, page[..closingTag], new UTF8Encoding(false));

        var result = await CliRunner.RunAsync("import", cutPath, "--db", DatabasePath, "--capture-date", "2024-08-11");

        Assert.Equal(0, result.ExitCode);
        var notice = Assert.Single(NoticeLines(result.Error), line => line.Contains("</html>", StringComparison.Ordinal));
        Assert.StartsWith($"notice: {cutPath}: ", notice, StringComparison.Ordinal);
        Assert.Contains("cut short", notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CleanFilePrintsNoNotice()
    {
        var result = await CliRunner.RunAsync("import", SavedPagePath, "--db", DatabasePath, "--capture-date", "2024-08-11");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(NoticeLines(result.Error));
    }

    private static List<string> NoticeLines(string error)
    {
        return error.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.StartsWith("notice: ", StringComparison.Ordinal))
            .ToList();
    }
}
