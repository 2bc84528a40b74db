using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Tests.Import;
using TrendBoard.Core.Tests.Storage;

namespace TrendBoard.Core.Tests.Analytics;

/// <summary>
/// A CSV file without a date column imported next to real Daily Papers files. Its rows are
/// dated by the file's modification day and marked uncertain, so they must not move the
/// corpus range that the dashboard and the CLI use as their default.
/// </summary>
public sealed class UncertainDateRangeTests : IDisposable
{
    private static readonly string[] DailyFiles = ["2024-05-27.json", "2024-06-04.json"];

    /// <summary>The CSV file's modification day, long after the Daily Papers files.</summary>
    private static readonly DateOnly CsvFileDay = new(2026, 11, 30);

    private readonly TempDatabase _temp = new();

    public void Dispose()
    {
        _temp.Dispose();
    }

    [Fact]
    public async Task SummaryRangeSkipsUncertainDates()
    {
        var csvPath = WriteDatelessCsv("2026-04-10.json");
        var csvRows = CountDailyItems("2026-04-10.json");
        var dailyDays = PublicationDays(DailyFiles);
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, logger: null, CancellationToken.None);

        await new CorpusBuilder(NullLoggerFactory.Instance).ImportAsync(
            store, [.. DailyFiles.Select(TestFiles.DailyPapers), csvPath], progress: null, CancellationToken.None);
        var summary = await new TrendAnalytics(store).GetSummaryAsync(CancellationToken.None);

        Assert.Equal(dailyDays.Count + csvRows, summary.Papers);
        Assert.Equal(csvRows, summary.UncertainDatePapers);
        Assert.Equal(dailyDays.Values.Min(), summary.FirstPublished);
        Assert.Equal(dailyDays.Values.Max(), summary.LastPublished);
    }

    [Fact]
    public async Task OnlyUncertainDatesStillGiveRange()
    {
        var csvPath = WriteDatelessCsv("2026-04-10.json");
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, logger: null, CancellationToken.None);

        await new CorpusBuilder(NullLoggerFactory.Instance).ImportAsync(store, [csvPath], progress: null, CancellationToken.None);
        var summary = await new TrendAnalytics(store).GetSummaryAsync(CancellationToken.None);

        Assert.Equal(summary.Papers, summary.UncertainDatePapers);
        Assert.Equal(CsvFileDay, summary.FirstPublished);
        Assert.Equal(CsvFileDay, summary.LastPublished);
    }

    /// <summary>
    /// Writes the titles and abstracts of a real Daily Papers file as a CSV file without id or
    /// date columns, modified on <see cref="CsvFileDay"/>.
    /// </summary>
    private string WriteDatelessCsv(string dailyFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestFiles.DailyPapers(dailyFile)));
        var csv = new StringBuilder("title,abstract\n");
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var paper = item.GetProperty("paper");
            csv.Append(Quote(paper.GetProperty("title").GetString()!)).Append(',').Append(Quote(paper.GetProperty("summary").GetString()!)).Append('\n');
        }

        Directory.CreateDirectory(_temp.Folder);
        var path = Path.Combine(_temp.Folder, "titles-without-dates.csv");
        File.WriteAllText(path, csv.ToString());
        File.SetLastWriteTimeUtc(path, CsvFileDay.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc));
        return path;
    }

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static int CountDailyItems(string dailyFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestFiles.DailyPapers(dailyFile)));
        return document.RootElement.GetArrayLength();
    }

    /// <summary>Returns each paper id's publication day (UTC) as the files give it.</summary>
    private static Dictionary<string, DateOnly> PublicationDays(IEnumerable<string> dailyFiles)
    {
        var days = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var file in dailyFiles)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(TestFiles.DailyPapers(file)));
            foreach (var item in document.RootElement.EnumerateArray())
            {
                var paper = item.GetProperty("paper");
                days[paper.GetProperty("id").GetString()!] = DateOnly.FromDateTime(
                    DateTime.Parse(paper.GetProperty("publishedAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
            }
        }

        return days;
    }
}
