using System.Globalization;
using TrendBoard.Core.Topics;

namespace TrendBoard.Cli.Tests;

/// <summary>
/// Bad option and argument values: each fails before any database opens, with a message that
/// names the option, the value and what is accepted, and with the usage error exit code 2.
/// </summary>
public sealed class OptionValueTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("trendboard-options-").FullName;

    private string MissingDatabase => Path.Combine(_folder, "never-created.duckdb");

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("export volume --bin year", "--bin 'year'", "Day, Week, Month")]
    [InlineData("export volume --bin 2", "--bin '2'", "Day, Week, Month")]
    [InlineData("export volume --match some", "--match 'some'", "All, Any")]
    [InlineData("export volume --format xml", "--format 'xml'", "Csv, Json")]
    [InlineData("export volume --date-basis arxiv", "--date-basis 'arxiv'", "Published, Featured")]
    [InlineData("export topic_shifts --test t", "--test 't'", "FisherExact, TwoProportionZ")]
    [InlineData("export papers --sort title", "--sort 'title'", "Date, Upvotes")]
    [InlineData("export keywords --limit ten", "--limit 'ten'", "a whole number")]
    [InlineData("export topic_shifts --alpha 5%", "--alpha '5%'", "a number with '.' as the decimal point")]
    [InlineData("export topic_shifts --alpha NaN", "--alpha 'NaN'", "a number with '.' as the decimal point")]
    [InlineData("model --seed x", "--seed 'x'", "a whole number")]
    [InlineData("model --max-topics 4.5", "--max-topics '4.5'", "a whole number")]
    [InlineData("model --max-topics 501", "--max-topics 501", "a whole number from 2 to 500")]
    [InlineData("model --max-topics 9999999999", "--max-topics 9999999999", "a whole number from 2 to 500")]
    [InlineData("model --seed 2147483648", "--seed '2147483648'", "a whole number from -2147483648 to 2147483647")]
    [InlineData("model --seed -99999999999", "--seed '-99999999999'", "a whole number from -2147483648 to 2147483647")]
    [InlineData("export keywords --limit 5000", "--limit 5000", "a whole number from 1 to 1000")]
    [InlineData("export keywords --limit 0", "--limit 0", "a whole number from 1 to 1000")]
    [InlineData("export papers --page-size 1001", "--page-size 1001", "a whole number from 1 to 1000")]
    [InlineData("export topic_shifts --recent-weeks 521", "--recent-weeks 521", "a whole number from 1 to 520")]
    [InlineData("export topic_shifts --top-papers 101", "--top-papers 101", "a whole number from 0 to 100")]
    [InlineData("export topic_summaries --top-terms -1", "--top-terms -1", "a whole number from 0 to 100")]
    [InlineData("export keywords --min-papers 0", "--min-papers 0", "a whole number from 1 to 2147483647")]
    [InlineData("export papers --offset -5", "--offset -5", "a whole number from 0 to 2147483647")]
    [InlineData("topics rename abc NAME", "ID 'abc'", "a whole number")]
    [InlineData("import --capture-date 17.03.2025 paper.txt", "--capture-date '17.03.2025'", "a date as yyyy-MM-dd")]
    [InlineData("fetch hf --from 2025-06-02 --to 2025-06-03 --kind json", "--kind 'json'", "Api, Html")]
    [InlineData("fetch hf --from 2025-06-02 --to 2025-06-03 --retries many", "--retries 'many'", "a whole number")]
    public async Task BadValueNamesOptionValueAndAcceptedValues(string commandLine, string optionAndValue, string accepted)
    {
        var args = commandLine.Split(' ').Concat(["--db", MissingDatabase]).ToArray();

        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: {optionAndValue} is not valid. Use ", result.Error, StringComparison.Ordinal);
        Assert.Contains(accepted, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("TrendBoard.Core", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Actual value", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(MissingDatabase));
    }

    [Fact]
    public async Task ParseErrorPointsToCommandHelp()
    {
        var result = await CliRunner.RunAsync("topics", "rename", "abc", "NAME", "--db", MissingDatabase);

        Assert.Contains("Run 'trendboard topics rename --help'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenameRejectsBidirectionalOverride()
    {
        var result = await CliRunner.RunAsync("topics", "rename", "0", "Agents\u202Etxt.exe", "--db", MissingDatabase);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: The topic name contains the bidirectional formatting character U+202E at position 7.", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(MissingDatabase));
    }

    [Fact]
    public async Task EnumValueMatchesInAnyCase()
    {
        var result = await CliRunner.RunAsync("export", "volume", "--bin", "MONTH", "--match", "any", "--db", MissingDatabase);

        // Parsing succeeds, so the command runs and stops at the missing database.
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("was not found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MinTopicsAboveDefaultMaximumNamesBoth()
    {
        var defaultMaximum = new TopicModelOptions().MaxTopicCount;
        var minimum = (defaultMaximum + 5).ToString(CultureInfo.InvariantCulture);

        var result = await CliRunner.RunAsync("model", "--topics", "auto", "--min-topics", minimum, "--db", MissingDatabase);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--min-topics {minimum} is above --max-topics {defaultMaximum}", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(MissingDatabase));
    }

    [Fact]
    public async Task FutureCaptureDateIsOptionError()
    {
        var clock = new FixedClock(new DateTimeOffset(2025, 6, 10, 12, 0, 0, TimeSpan.Zero));
        var csvPath = Path.Combine(_folder, "titles.csv");
        await File.WriteAllTextAsync(csvPath, "title,abstract\nFirst paper,One.\n");

        var result = await CliRunner.RunAsync(clock, "import", csvPath, "--capture-date", "2025-06-12", "--db", MissingDatabase);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: --capture-date 2025-06-12 is in the future (today is 2025-06-10 UTC).", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("rejected:", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(csvPath, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(MissingDatabase));
    }

    [Fact]
    public async Task CaptureDateTodayInEarliestZoneImports()
    {
        // At 12:00 UTC on 2025-06-10 it is already 2025-06-11 in UTC+14, so that day is not in the future.
        var clock = new FixedClock(new DateTimeOffset(2025, 6, 10, 12, 0, 0, TimeSpan.Zero));
        var csvPath = Path.Combine(_folder, "titles.csv");
        await File.WriteAllTextAsync(csvPath, "title,abstract\nFirst paper,One.\n");
        var databasePath = Path.Combine(_folder, "papers.duckdb");

        var result = await CliRunner.RunAsync(clock, "import", csvPath, "--capture-date", "2025-06-11", "--db", databasePath);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("rejected:", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("in the future", result.Error, StringComparison.Ordinal);
    }

    /// <summary>A clock that always shows the same instant, so future-date checks are repeatable.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task UnknownCommandGivesOneError()
    {
        var result = await CliRunner.RunAsync("frobnicate");

        Assert.Equal(2, result.ExitCode);
        var errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["error: Unrecognized command or argument 'frobnicate'."], errors);
    }

    [Fact]
    public async Task UnknownImportOptionIsNamed()
    {
        var result = await CliRunner.RunAsync("import", "--bogus", "x", "--db", MissingDatabase);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'--bogus' is not an option of 'trendboard import'", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(MissingDatabase));
    }
}
