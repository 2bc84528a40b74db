using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace TrendBoard.Cli.Tests;

/// <summary>
/// Runs import, model and export on real Daily Papers files of June 2025 from the bundled
/// corpus and checks the exported numbers against counts read straight from the raw files.
/// </summary>
public sealed class CliWorkflowTests : IClassFixture<CliWorkflowTests.JuneDatabase>
{
    private readonly JuneDatabase _database;

    public CliWorkflowTests(JuneDatabase database)
    {
        _database = database;
    }

    [Fact]
    public void ImportReportsEveryPaperAsNew()
    {
        Assert.Equal(0, _database.FirstImport.ExitCode);
        var total = TotalRow(_database.FirstImport.Output);
        Assert.Equal(_database.RawPapers.Count, total.New);
        Assert.Equal(0, total.Rejected);
    }

    [Fact]
    public void ImportTwiceAddsNothing()
    {
        Assert.Equal(0, _database.SecondImport.ExitCode);
        var total = TotalRow(_database.SecondImport.Output);
        Assert.Equal(0, total.New);
        Assert.Equal(0, total.Updated);
    }

    [Fact]
    public async Task WeeklyVolumeMatchesRawFileCounts()
    {
        var result = await CliRunner.RunAsync(
            "export", "volume", "--from", "2025-01-01", "--to", "2025-12-31", "--bin", "week", "--db", _database.Path);
        Assert.Equal(0, result.ExitCode);

        var expected = _database.RawPapers.Values
            .Where(day => day.Year == 2025)
            .GroupBy(WeekStart)
            .ToDictionary(group => group.Key, group => group.Count());
        var rows = ParseCsv(result.Output);
        Assert.Equal("bin_start,topic_id,topic_label,papers,share,bin_total,partial", rows[0]);

        var actual = rows.Skip(1)
            .Select(line => line.Split(','))
            .GroupBy(cells => DateOnly.ParseExact(cells[0], "yyyy-MM-dd", CultureInfo.InvariantCulture))
            .ToDictionary(group => group.Key, group => (Papers: group.Sum(cells => int.Parse(cells[^4], CultureInfo.InvariantCulture)), Total: int.Parse(group.First()[^2], CultureInfo.InvariantCulture)));

        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (week, count) in expected)
        {
            Assert.Equal(count, actual[week].Papers);
            Assert.Equal(count, actual[week].Total);
        }
    }

    [Fact]
    public async Task TopicShiftWindowsComeFromOptions()
    {
        var result = await CliRunner.RunAsync(
            "export", "topic_shifts", "--recent-weeks", "2", "--baseline-weeks", "3", "--test", "TwoProportionZ", "--db", _database.Path);
        Assert.Equal(0, result.ExitCode);

        // The recent window ends on the last publication day; the baseline ends the day before the recent one starts.
        var last = _database.RawPapers.Values.Max();
        var recentCount = _database.RawPapers.Values.Count(day => day > last.AddDays(-14));
        var rows = ParseCsv(result.Output);
        var header = rows[0].Split(',').ToList();
        Assert.Equal(8, rows.Count - 1);
        foreach (var cells in rows.Skip(1).Select(line => line.Split(',')))
        {
            Assert.Equal(last.AddDays(-13).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cells[header.IndexOf("recent_from")]);
            Assert.Equal(last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cells[header.IndexOf("recent_to")]);
            Assert.Equal(last.AddDays(-34).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cells[header.IndexOf("baseline_from")]);
            Assert.Equal(recentCount.ToString(CultureInfo.InvariantCulture), cells[header.IndexOf("recent_total")]);
            Assert.Equal("two_proportion_z", cells[header.IndexOf("test")]);
        }
    }

    [Fact]
    public async Task MalformedPeriodFailsWithClearError()
    {
        var result = await CliRunner.RunAsync("export", "keyword_changes", "--period-a", "2025-06-01", "--period-b", "2025-06-16..2025-06-30", "--db", _database.Path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--period-a '2025-06-01' is not a period", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportToFileWritesJson()
    {
        var outPath = System.IO.Path.Combine(_database.Folder, "upvotes.json");
        var result = await CliRunner.RunAsync(
            "export", "upvotes", "--from", "2025-05-01", "--to", "2025-06-30", "--bin", "month", "--format", "json", "--out", outPath, "--db", _database.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        using var document = JsonDocument.Parse(File.ReadAllText(outPath));
        var upvoteSum = document.RootElement.EnumerateArray().Sum(row => row.GetProperty("upvote_sum").GetInt64());
        Assert.Equal(_database.RawUpvotesPublishedMayJune, upvoteSum);
    }

    [Fact]
    public async Task InvertedRangeFailsWithClearError()
    {
        var result = await CliRunner.RunAsync("export", "volume", "--from", "2025-06-30", "--to", "2025-06-01", "--db", _database.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--from 2025-06-30 is after --to 2025-06-01", result.Error);
    }

    [Theory]
    [InlineData("1,x", "'x', which is not a topic id")]
    [InlineData("0,,3", "an empty id, which is not a topic id")]
    [InlineData("0,", "an empty id, which is not a topic id")]
    public async Task InvalidTopicListFailsWithClearError(string topics, string expected)
    {
        var result = await CliRunner.RunAsync("export", "volume", "--topics", topics, "--db", _database.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PapersOffsetPastEndNamesTotal()
    {
        var firstPage = await CliRunner.RunAsync("export", "papers", "--limit", "1", "--format", "json", "--db", _database.Path);
        using var json = System.Text.Json.JsonDocument.Parse(firstPage.Output);
        var paperCount = json.RootElement[0].GetProperty("total").GetInt32();

        var result = await CliRunner.RunAsync("export", "papers", "--offset", "999999", "--db", _database.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"past the last of the {paperCount} matching papers", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task UnknownKeywordExportsWithNotice()
    {
        var result = await CliRunner.RunAsync("export", "volume", "--keyword", "qqqzzz", "--db", _database.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("notice: No paper of the current model run has the keyword 'qqqzzz'", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task LimitAboveMaximumGivesOneLineError()
    {
        var result = await CliRunner.RunAsync("export", "keywords", "--limit", "5000", "--db", _database.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("5000", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutputInMissingFolderGivesOneLineError()
    {
        var outPath = System.IO.Path.Combine(_database.Folder, "no-such-folder", "volume.csv");
        var result = await CliRunner.RunAsync("export", "volume", "--out", outPath, "--db", _database.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("no-such-folder", result.Error, StringComparison.Ordinal);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(".partial", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownChartIsRejected()
    {
        var result = await CliRunner.RunAsync("export", "citations", "--db", _database.Path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Unknown chart 'citations'", result.Error);
    }

    [Fact]
    public async Task MissingInputIsRejected()
    {
        var missing = System.IO.Path.Combine(_database.Folder, "no-such-folder");
        var result = await CliRunner.RunAsync("import", missing, "--db", _database.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"input '{missing}' was not found", result.Error);
    }

    [Fact]
    public void ModelReportsItsRun()
    {
        Assert.Equal(0, _database.Model.ExitCode);
        Assert.Contains("run 1: ", _database.Model.Output);
        Assert.Contains($"over {_database.RawPapers.Count} papers", _database.Model.Output);
    }

    private static DateOnly WeekStart(DateOnly day)
    {
        var offset = ((int)day.DayOfWeek + 6) % 7;
        return day.AddDays(-offset);
    }

    private static List<string> ParseCsv(string csv)
    {
        // Topic labels are built from tokens without commas or quotes, so a plain split reads
        // these rows. The columns used here are counted from both ends, clear of the label.
        return csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToList();
    }

    private static (int New, int Updated, int Rejected) TotalRow(string output)
    {
        var total = output.Split('\n').Single(line => line.StartsWith("total", StringComparison.Ordinal));
        var cells = total.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (int.Parse(cells[2], CultureInfo.InvariantCulture), int.Parse(cells[3], CultureInfo.InvariantCulture), int.Parse(cells[4], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// A database built once through the CLI from the bundled June 2025 files, plus the raw
    /// facts of those files read independently with System.Text.Json.
    /// </summary>
    public sealed class JuneDatabase : IAsyncLifetime
    {
        public string Folder { get; } = Directory.CreateTempSubdirectory("trendboard-cli-").FullName;

        public string Path => System.IO.Path.Combine(Folder, "june.duckdb");

        /// <summary>Publication day of every paper id in the files.</summary>
        public Dictionary<string, DateOnly> RawPapers { get; } = [];

        /// <summary>Upvotes of papers published in May or June 2025, each paper's latest observation.</summary>
        public long RawUpvotesPublishedMayJune { get; private set; }

        public CliResult FirstImport { get; private set; } = null!;

        public CliResult SecondImport { get; private set; } = null!;

        public CliResult Model { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var input = Directory.CreateDirectory(System.IO.Path.Combine(Folder, "input")).FullName;
            var files = Directory.GetFiles(System.IO.Path.Combine(CliRunner.RepositoryRoot(), "data", "hf-daily-papers"), "2025-06-*.json.gz");
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                File.Copy(file, System.IO.Path.Combine(input, System.IO.Path.GetFileName(file)));
            }

            ReadRawFacts(files.Order(StringComparer.Ordinal));

            FirstImport = await CliRunner.RunAsync("import", input, "--db", Path);
            SecondImport = await CliRunner.RunAsync("import", input, "--db", Path);
            Model = await CliRunner.RunAsync("model", "--topics", "8", "--db", Path);
        }

        public Task DisposeAsync()
        {
            Directory.Delete(Folder, recursive: true);
            return Task.CompletedTask;
        }

        private void ReadRawFacts(IEnumerable<string> files)
        {
            var latestUpvotes = new Dictionary<string, int>();
            foreach (var file in files)
            {
                using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
                using var document = JsonDocument.Parse(gzip);
                foreach (var item in document.RootElement.EnumerateArray())
                {
                    var paper = item.GetProperty("paper");
                    var id = paper.GetProperty("id").GetString()!;
                    var published = DateOnly.FromDateTime(paper.GetProperty("publishedAt").GetDateTime().ToUniversalTime());
                    RawPapers[id] = published;
                    latestUpvotes[id] = paper.GetProperty("upvotes").GetInt32();
                }
            }

            RawUpvotesPublishedMayJune = latestUpvotes
                .Where(pair => RawPapers[pair.Key] is { Year: 2025, Month: 5 or 6 })
                .Sum(pair => (long)pair.Value);
        }
    }
}
