using System.IO.Compression;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;

namespace TrendBoard.Cli.Tests;

/// <summary>Import inputs beyond plain paths: glob patterns and CSV column mappings.</summary>
public sealed class ImportPathsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("trendboard-paths-").FullName;

    private string DatabasePath => Path.Combine(_folder, "papers.duckdb");

    private static string DailyFolder => Path.Combine(CliRunner.RepositoryRoot(), "data", "hf-daily-papers");

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task GlobImportsMatchingFilesOnly()
    {
        var expected = Directory.GetFiles(DailyFolder, "2025-06-0*.json.gz");
        var expectedIds = expected.SelectMany(ReadIds).ToHashSet(StringComparer.Ordinal);

        var result = await CliRunner.RunAsync("import", Path.Combine(DailyFolder, "2025-06-0*.json.gz"), "--db", DatabasePath);

        Assert.Equal(0, result.ExitCode);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Length, CountRows("SELECT count(*) FROM imports"));
        Assert.Equal(expectedIds.Count, CountRows("SELECT count(*) FROM papers"));
    }

    [Fact]
    public async Task GlobWithoutMatchFails()
    {
        var result = await CliRunner.RunAsync("import", Path.Combine(DailyFolder, "1999-*.json.gz"), "--db", DatabasePath);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("matches no file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsvColumnsMapCustomHeaders()
    {
        // A CSV with headers that no default name matches, written from a real Daily Papers day.
        var day = Path.Combine(DailyFolder, "2025-06-02.json.gz");
        var papers = ReadPapers(day);
        var csv = new StringBuilder("Paper Name;Summary Text;Day Listed;Score;Identifier\n");
        foreach (var (id, title, summary, published, upvotes) in papers)
        {
            csv.Append(Quote(title)).Append(';').Append(Quote(summary)).Append(';').Append(published).Append(';').Append(upvotes).Append(';').Append(id).Append('\n');
        }

        var csvPath = Path.Combine(_folder, "papers.csv");
        await File.WriteAllTextAsync(csvPath, csv.ToString());

        var unmapped = await CliRunner.RunAsync("import", csvPath, "--db", DatabasePath, "--csv-delimiter", ";");
        Assert.Equal(0, CountRows("SELECT count(*) FROM papers"));
        Assert.NotEqual(0, unmapped.ExitCode);

        var result = await CliRunner.RunAsync(
            "import", csvPath, "--db", DatabasePath, "--csv-delimiter", ";",
            "--csv-column", "title=Paper Name", "--csv-column", "abstract=Summary Text",
            "--csv-column", "date=Day Listed", "--csv-column", "upvotes=Score", "--csv-column", "id=Identifier");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(papers.Select(p => p.Id).Distinct().Count(), CountRows("SELECT count(*) FROM papers"));
        var first = papers[0];
        // The importer joins the hard line breaks of API titles into single spaces.
        var expectedTitle = string.Join(' ', first.Title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(expectedTitle, ReadString($"SELECT title FROM papers WHERE id = '{first.Id}'"));
    }

    [Theory]
    [InlineData("title", "write FIELD=HEADER")]
    [InlineData("venue=Venue", "Unknown CSV field 'venue'")]
    public async Task InvalidCsvColumnIsRejected(string mapping, string message)
    {
        var result = await CliRunner.RunAsync("import", DailyFolder, "--db", DatabasePath, "--csv-column", mapping);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(DatabasePath));
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static IEnumerable<string> ReadIds(string path) => ReadPapers(path).Select(p => p.Id);

    /// <summary>Reads a Daily Papers day with System.Text.Json, apart from TrendBoard's importers.</summary>
    private static List<(string Id, string Title, string Summary, string Published, int Upvotes)> ReadPapers(string path)
    {
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var document = JsonDocument.Parse(stream);
        var papers = new List<(string, string, string, string, int)>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var paper = item.GetProperty("paper");
            papers.Add((
                paper.GetProperty("id").GetString()!,
                paper.GetProperty("title").GetString()!,
                paper.GetProperty("summary").GetString()!,
                paper.GetProperty("publishedAt").GetString()![..10],
                paper.GetProperty("upvotes").GetInt32()));
        }

        return papers;
    }

    private long CountRows(string sql) => Convert.ToInt64(Query(sql), System.Globalization.CultureInfo.InvariantCulture);

    private string ReadString(string sql) => (string)Query(sql)!;

    private object? Query(string sql)
    {
        if (!File.Exists(DatabasePath))
        {
            return 0L;
        }

        using var connection = new DuckDBConnection($"Data Source={DatabasePath};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
