using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using DuckDB.NET.Data;
using TrendBoard.Core.Topics;

namespace TrendBoard.Cli.Tests;

/// <summary>
/// The topic commands on a database built through the CLI from the bundled June 2025 files:
/// model exports, topic names, and assigning papers that a later import adds.
/// </summary>
public sealed class TopicCommandsTests : IClassFixture<CliWorkflowTests.JuneDatabase>
{
    private const int TopicCount = 8;

    private readonly CliWorkflowTests.JuneDatabase _database;

    public TopicCommandsTests(CliWorkflowTests.JuneDatabase database)
    {
        _database = database;
    }

    [Fact]
    public void ModelPrintsLineageOfFirstRun()
    {
        Assert.Equal(0, _database.Model.ExitCode);
        Assert.Contains($"lineage: continued 0, new {TopicCount}, split 0, merged 0, ended 0", _database.Model.Output, StringComparison.Ordinal);
        Assert.Contains("npmi_window = ", _database.Model.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelProgressNamesStagesInWords()
    {
        var progress = _database.Model.Error;

        Assert.Contains("Fitting the topic model: ", progress, StringComparison.Ordinal);
        Assert.Contains("% Clustering papers", progress, StringComparison.Ordinal);
        Assert.Contains("% Computing quality metrics", progress, StringComparison.Ordinal);
        Assert.DoesNotContain("[model]", progress, StringComparison.Ordinal);
        Assert.DoesNotContain("% cluster", progress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportTopicsWritesTermsInModelOrder()
    {
        var result = await CliRunner.RunAsync("export", "topics", "--db", _database.Path);

        Assert.Equal(0, result.ExitCode);
        var lines = Lines(result.Output);
        Assert.Equal("topic_id,rank,term", lines[0]);
        var rows = lines.Skip(1).Select(line => line.Split(',')).Select(cells => (Topic: int.Parse(cells[0], CultureInfo.InvariantCulture), Rank: int.Parse(cells[1], CultureInfo.InvariantCulture), Term: cells[2])).ToList();
        var stored = Query("SELECT topic_id, term FROM topic_terms WHERE run_id = (SELECT id FROM model_runs WHERE is_current) ORDER BY topic_id, rank", r => (Topic: r.GetInt32(0), Term: r.GetString(1)));

        Assert.Equal(stored, rows.Select(r => (r.Topic, r.Term)));
        Assert.Equal(Enumerable.Range(0, TopicCount), rows.Select(r => r.Topic).Distinct().Order());
        foreach (var topic in rows.GroupBy(r => r.Topic))
        {
            Assert.Equal(Enumerable.Range(1, topic.Count()), topic.Select(r => r.Rank));
            Assert.Equal(new TopicModelOptions().TermsPerTopic, topic.Count());
        }
    }

    [Fact]
    public async Task ExportAssignmentsCoversEveryPaper()
    {
        var result = await CliRunner.RunAsync("export", "assignments", "--db", _database.Path);

        Assert.Equal(0, result.ExitCode);
        var lines = Lines(result.Output);
        Assert.Equal("paper_id,topic_id", lines[0]);
        var rows = lines.Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Equal(_database.RawPapers.Keys.Order(StringComparer.Ordinal), rows.Select(cells => cells[0]).Order(StringComparer.Ordinal));
        Assert.All(rows, cells => Assert.InRange(int.Parse(cells[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), -1, TopicCount - 1));

        var storedOutliers = Query("SELECT paper_id FROM paper_topics WHERE topic_id = -1 AND run_id = (SELECT id FROM model_runs WHERE is_current) ORDER BY paper_id", r => r.GetString(0));
        Assert.Equal(storedOutliers, rows.Where(cells => cells[1] == "-1").Select(cells => cells[0]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ExportAssignmentsKeepsChosenTopics()
    {
        var result = await CliRunner.RunAsync("export", "assignments", "--topics", "0,2", "--db", _database.Path);

        Assert.Equal(0, result.ExitCode);
        var rows = Lines(result.Output).Skip(1).Select(line => line.Split(',')).ToList();
        var stored = Query("SELECT paper_id FROM paper_topics WHERE topic_id IN (0, 2) AND run_id = (SELECT id FROM model_runs WHERE is_current) ORDER BY paper_id", r => r.GetString(0));
        Assert.Equal(stored, rows.Select(cells => cells[0]).Order(StringComparer.Ordinal));
        Assert.All(rows, cells => Assert.Contains(cells[1], new[] { "0", "2" }));
    }

    [Fact]
    public async Task ExportTopicsRejectsUnknownTopic()
    {
        var result = await CliRunner.RunAsync("export", "topics", "--topics", "999", "--db", _database.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains("999", result.Error, StringComparison.Ordinal);
        Assert.Contains("--topics", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportToFileMatchesStandardOutput()
    {
        var outPath = Path.Combine(_database.Folder, "assignments.csv");

        var toFile = await CliRunner.RunAsync("export", "assignments", "--out", outPath, "--db", _database.Path);
        var toStdout = await CliRunner.RunAsync("export", "assignments", "--db", _database.Path);

        Assert.Equal(0, toFile.ExitCode);
        Assert.Equal(string.Empty, toFile.Output);
        Assert.Equal(toStdout.Output, await File.ReadAllTextAsync(outPath));
    }

    [Theory]
    [InlineData("bell\u0007name", "control character U+0007")]
    [InlineData("two\nlines", "control character U+000A")]
    [InlineData("   ", "empty")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789012345678901", "maximum of 80")]
    public async Task RenameRejectsInvalidNames(string name, string expected)
    {
        var result = await CliRunner.RunAsync("topics", "rename", "1", name, "--db", _database.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Empty(Query("SELECT name FROM topic_names WHERE topic_id = 1", r => r.GetString(0)));
    }

    [Fact]
    public async Task RenameUnknownTopicFails()
    {
        var result = await CliRunner.RunAsync("topics", "rename", "999", "Anything", "--db", _database.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no topic 999", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenameTakesNameStartingWithAt()
    {
        var result = await CliRunner.RunAsync("topics", "rename", "1", "@SUM(A1)", "--db", _database.Path);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(["@SUM(A1)"], Query("SELECT name FROM topic_names WHERE topic_id = 1", r => r.GetString(0)));
    }

    [Fact]
    public async Task RenamedTopicShowsInListAndExports()
    {
        var rename = await CliRunner.RunAsync("topics", "rename", "2", "  Robot learning  ", "--db", _database.Path);
        var list = await CliRunner.RunAsync("topics", "list", "--db", _database.Path);
        var volume = await CliRunner.RunAsync("export", "volume", "--from", "2025-01-01", "--to", "2025-12-31", "--db", _database.Path);

        Assert.Equal(0, rename.ExitCode);
        Assert.Equal(0, list.ExitCode);
        var row = Assert.Single(Lines(list.Output), line => line.StartsWith("2\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal("Robot learning", row[2]);
        Assert.Equal(TopicCount + 1, Lines(list.Output).Count);
        var volumeRows = Lines(volume.Output).Skip(1).Select(line => line.Split(',')).Where(cells => cells[1] == "2").ToList();
        Assert.NotEmpty(volumeRows);
        Assert.All(volumeRows, cells => Assert.Equal("Robot learning", cells[2]));
    }

    [Fact]
    public async Task AutomaticCountAtRangeEdgeIsNoted()
    {
        // With two candidates, whichever wins is at an edge of the range.
        var copy = Path.Combine(_database.Folder, "auto.duckdb");
        File.Copy(_database.Path, copy, overwrite: true);

        var result = await CliRunner.RunAsync("model", "--topics", "auto", "--min-topics", "5", "--max-topics", "6", "--db", copy);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("topic_count_score_5 = ", result.Output, StringComparison.Ordinal);
        Assert.Contains("topic_count_score_6 = ", result.Output, StringComparison.Ordinal);
        Assert.Contains("note: the automatic choice is the", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAfterModelAssignsNewPapers()
    {
        var copy = Path.Combine(_database.Folder, "june-july.duckdb");
        File.Copy(_database.Path, copy, overwrite: true);
        var julyFiles = Directory.GetFiles(Path.Combine(CliRunner.RepositoryRoot(), "data", "hf-daily-papers"), "2025-07-*.json.gz");
        var input = Directory.CreateDirectory(Path.Combine(_database.Folder, "july")).FullName;
        foreach (var file in julyFiles)
        {
            File.Copy(file, Path.Combine(input, Path.GetFileName(file)), overwrite: true);
        }

        var result = await CliRunner.RunAsync("import", input, "--db", copy);

        var newPapers = RawPaperIds(julyFiles).Except(_database.RawPapers.Keys).Count();
        Assert.True(newPapers > 0);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"assigned {newPapers} new papers to the current topics", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--topics", "many", "--topics 'many' is not valid")]
    [InlineData("--topics", "1", "--topics '1' is not valid")]
    [InlineData("--algorithm", "svm", "--algorithm 'svm' is not valid. Use one of: nmf, kmeans")]
    [InlineData("--min-topics", "1", "--min-topics 1 is not valid. Use a whole number from 2 to 500")]
    public async Task ModelRejectsInvalidOptions(string option, string value, string expected)
    {
        var result = await CliRunner.RunAsync("model", option, value, "--db", Path.Combine(_database.Folder, "never-created.duckdb"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_database.Folder, "never-created.duckdb")));
    }

    [Fact]
    public async Task ModelRejectsInvertedTopicRange()
    {
        var result = await CliRunner.RunAsync("model", "--topics", "auto", "--min-topics", "30", "--max-topics", "10", "--db", Path.Combine(_database.Folder, "never-created.duckdb"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--min-topics 30 is above --max-topics 10", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("volume", "--topics", "3,999,998", "--topics names topics 998, 999, which are not in the current model run")]
    [InlineData("upvotes", "--topic", "999", "--topics names topic 999, which is not in the current model run")]
    [InlineData("papers", "--point-topic", "42", "--point-topic names topic 42, which is not in the current model run")]
    public async Task ExportRejectsUnknownTopicIds(string chart, string option, string value, string expected)
    {
        var result = await CliRunner.RunAsync("export", chart, option, value, "--db", _database.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Contains("'trendboard topics list'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportAcceptsOutlierTopic()
    {
        var result = await CliRunner.RunAsync("export", "volume", "--topics", "-1", "--db", _database.Path);

        // The June run may have no outliers, so the rows can be empty; -1 must still be accepted.
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("not in the current model run", result.Error, StringComparison.Ordinal);
        Assert.All(Lines(result.Output).Skip(1), line => Assert.Equal("-1", line.Split(',')[1]));
    }

    [Fact]
    public async Task UncertainDatesLeaveDefaultWindowsAlone()
    {
        // A CSV file without a date column: its rows are dated by the file's modification day.
        var copy = Path.Combine(_database.Folder, "june-dateless.duckdb");
        File.Copy(_database.Path, copy, overwrite: true);
        var csvDay = new DateOnly(2026, 11, 30);
        var csvPath = Path.Combine(_database.Folder, "july-titles-without-dates.csv");
        var csvRows = WriteDatelessCsv(Directory.GetFiles(Path.Combine(CliRunner.RepositoryRoot(), "data", "hf-daily-papers"), "2025-07-01.json.gz").Single(), csvPath);
        File.SetLastWriteTimeUtc(csvPath, csvDay.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc));
        var import = await CliRunner.RunAsync("import", csvPath, "--db", copy);
        Assert.Equal(0, import.ExitCode);

        var byDefault = await CliRunner.RunAsync("export", "topic_shifts", "--recent-weeks", "2", "--db", copy);
        var picked = await CliRunner.RunAsync("export", "topic_shifts", "--recent-weeks", "2", "--to", Iso(csvDay), "--db", copy);

        // The default range ends on the last day of the dated June papers.
        Assert.Equal(0, byDefault.ExitCode);
        var defaultRow = Rows(byDefault.Output).First();
        Assert.Equal(Iso(_database.RawPapers.Values.Max()), defaultRow["recent_to"]);

        // A range the user picks up to the file's day counts the CSV rows there.
        Assert.Equal(0, picked.ExitCode);
        var pickedRow = Rows(picked.Output).First();
        Assert.Equal(Iso(csvDay), pickedRow["recent_to"]);
        Assert.Equal(csvRows.ToString(CultureInfo.InvariantCulture), pickedRow["recent_total"]);
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Returns the rows of a CSV export whose cells contain no commas or quotes, by column name.</summary>
    private static List<Dictionary<string, string>> Rows(string csv)
    {
        var lines = Lines(csv);
        var header = lines[0].Split(',');
        return lines.Skip(1)
            .Select(line => line.Split(','))
            .Select(cells => header.Zip(cells).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal))
            .ToList();
    }

    /// <summary>Writes the titles and abstracts of a bundled Daily Papers file as CSV without id or date columns; returns the row count.</summary>
    private static int WriteDatelessCsv(string dailyFile, string csvPath)
    {
        using var gzip = new GZipStream(File.OpenRead(dailyFile), CompressionMode.Decompress);
        using var document = JsonDocument.Parse(gzip);
        var lines = new List<string> { "title,abstract" };
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var paper = item.GetProperty("paper");
            lines.Add(Quote(paper.GetProperty("title").GetString()!) + "," + Quote(paper.GetProperty("summary").GetString()!));
        }

        File.WriteAllText(csvPath, string.Join('\n', lines) + "\n");
        return lines.Count - 1;

        static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static List<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToList();

    private static HashSet<string> RawPaperIds(IEnumerable<string> files)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var document = JsonDocument.Parse(gzip);
            foreach (var item in document.RootElement.EnumerateArray())
            {
                ids.Add(item.GetProperty("paper").GetProperty("id").GetString()!);
            }
        }

        return ids;
    }

    private List<T> Query<T>(string sql, Func<DuckDBDataReader, T> read)
    {
        using var connection = new DuckDBConnection($"Data Source={_database.Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
