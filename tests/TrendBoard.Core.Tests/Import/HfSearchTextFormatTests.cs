using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TrendBoard.Core.Import;
using TrendBoard.Core.Text;

namespace TrendBoard.Core.Tests.Import;

/// <summary>
/// Reads the real copied search page and checks it against one regular expression over the whole
/// text. The year rules are checked with a given capture date and with the file's write time.
/// </summary>
public sealed partial class HfSearchTextFormatTests : IDisposable
{
    // The page header ends in "Dec 10", and every yearless date on the page lies in 2025.
    private static readonly DateOnly s_captureDay = new(2025, 12, 10);
    private readonly string _root = Directory.CreateTempSubdirectory("trendboard-search-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string PagePath => TestFiles.TestData("hf-search-page", "language-model-pretraining.txt");

    [Fact]
    public async Task EntriesMatchRegexScan()
    {
        var expected = ScanEntries(File.ReadAllText(PagePath), s_captureDay.Year);
        var options = new PaperReadOptions { CaptureDate = s_captureDay };

        var parsed = await PaperFileReader.ReadAsync(PagePath, options, CancellationToken.None);

        Assert.Equal(HfSearchTextFormat.FormatName, parsed.Format);
        Assert.Empty(parsed.Rejects);
        Assert.Equal(expected.Count, parsed.Papers.Count);
        foreach (var (entry, paper) in expected.Zip(parsed.Papers))
        {
            Assert.Equal(entry.Title, paper.Title);
            Assert.Equal(entry.Abstract, paper.Abstract);
            Assert.Equal(entry.Date ?? s_captureDay, paper.PublishedOn);
            Assert.Equal(entry.Date is null, paper.DateUncertain);
            Assert.Equal(entry.Upvotes, paper.Upvote?.Upvotes);
            Assert.Equal(DerivedPaperId.FromTitle(entry.Title), paper.Id);
            Assert.Empty(paper.Authors);
        }
    }

    [Fact]
    public async Task FixtureHasEveryDateShape()
    {
        var entries = ScanEntries(File.ReadAllText(PagePath), s_captureDay.Year);

        var parsed = await PaperFileReader.ReadAsync(PagePath, new PaperReadOptions { CaptureDate = s_captureDay }, CancellationToken.None);

        Assert.Equal(3, entries.Count(e => e.Date is null));
        Assert.Contains(entries, e => e.HasYear && e.Upvotes is not null);
        Assert.Contains(entries, e => !e.HasYear && e.Upvotes is null && e.Date is not null);
        Assert.Contains("capture date 2025-12-10", parsed.Notice, StringComparison.Ordinal);
        Assert.Contains("3 entries show no date", parsed.Notice, StringComparison.Ordinal);
        Assert.Equal(parsed.Papers.Count, parsed.Papers.Select(p => p.Id).Distinct().Count());
    }

    [Fact]
    public async Task YearlessDatesFallBackToWriteTime()
    {
        var path = Path.Combine(_root, "copied.txt");
        File.Copy(PagePath, path);
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc));
        var entries = ScanEntries(File.ReadAllText(path), 2026);
        var options = new PaperReadOptions { TimeProvider = FixedClock.At(2026, 12, 4) };

        var parsed = await PaperFileReader.ReadAsync(path, options, CancellationToken.None);

        Assert.Empty(parsed.Rejects);
        foreach (var (entry, paper) in entries.Zip(parsed.Papers))
        {
            if (entry.Date is null)
            {
                Assert.Equal(new DateOnly(2026, 3, 1), paper.PublishedOn);
                Assert.True(paper.DateUncertain);
            }
            else if (!entry.HasYear)
            {
                // A yearless date after the capture day (2026-03-01) belongs to the year before.
                var expected = entry.Date > new DateOnly(2026, 3, 1) ? entry.Date.Value.AddYears(-1) : entry.Date.Value;
                Assert.Equal(expected, paper.PublishedOn);
                Assert.True(paper.DateUncertain);
            }
            else
            {
                Assert.Equal(entry.Date, paper.PublishedOn);
                Assert.False(paper.DateUncertain);
            }
        }

        Assert.Contains("last-write day 2026-03-01", parsed.Notice, StringComparison.Ordinal);
        Assert.Contains("give the capture date", parsed.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FutureDatesAreRejected()
    {
        var entries = ScanEntries(File.ReadAllText(PagePath), s_captureDay.Year);
        var clock = FixedClock.At(2024, 6, 1);
        var options = new PaperReadOptions { CaptureDate = new DateOnly(2024, 6, 1), TimeProvider = clock };
        var latest = new DateOnly(2024, 6, 2);
        var expectedFuture = entries.Count(e => e.HasYear && e.Date > latest);

        var parsed = await PaperFileReader.ReadAsync(PagePath, options, CancellationToken.None);

        Assert.True(expectedFuture > 0);
        Assert.Equal(expectedFuture, parsed.Rejects.Count);
        Assert.All(parsed.Rejects, r => Assert.Contains("is in the future", r.Reason, StringComparison.Ordinal));
        Assert.All(parsed.Rejects, r => Assert.Matches("^entry [0-9]+, line [0-9]+$", r.Position));
        Assert.All(parsed.Papers, p => Assert.True(p.PublishedOn <= latest));
    }

    [Fact]
    public async Task BadEntriesAreRejectedAndOthersKept()
    {
        var abstractText = "We study a method at length. It works well on many tasks, and this sentence only makes the abstract long enough to look like one in the copied page text.";
        var text = string.Join('\n',
            "Daily Papers",
            "",
            "Good Paper",
            "",
            abstractText,
            "",
            "  • 3 authors",
            "·",
            "Jul 30, 2020 5",
            "",
            "Negative Votes",
            "",
            abstractText,
            "",
            "  • 2 authors",
            "·",
            "Jul 30, 2020 -4",
            "",
            "Impossible Day",
            "",
            abstractText,
            "",
            "  • 2 authors",
            "·",
            "Feb 30, 2021",
            "",
            "Cut Off Title",
            "");
        var path = Path.Combine(_root, "page.txt");
        File.WriteAllText(path, text, new UTF8Encoding(false));

        var parsed = await PaperFileReader.ReadAsync(path, new PaperReadOptions { CaptureDate = s_captureDay }, CancellationToken.None);

        var paper = Assert.Single(parsed.Papers);
        Assert.Equal("Good Paper", paper.Title);
        Assert.Equal(["entry 2, line 11", "entry 3, line 19", "entry 4, line 27"], parsed.Rejects.Select(r => r.Position));
        Assert.Contains("-4", parsed.Rejects[0].Reason, StringComparison.Ordinal);
        Assert.Contains("'Feb 30, 2021' is not a valid day", parsed.Rejects[1].Reason, StringComparison.Ordinal);
        Assert.Contains("no abstract", parsed.Rejects[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latin1LineRejectsOnlyItsEntry()
    {
        var bytes = File.ReadAllBytes(PagePath);
        var title = Encoding.UTF8.GetBytes("Mellow: a small audio");
        var at = bytes.AsSpan().IndexOf(title);
        bytes[at + 1] = 0xE9;
        var line = bytes[..at].Count(b => b == (byte)'\n') + 1;
        var path = Path.Combine(_root, "latin1.txt");
        File.WriteAllBytes(path, bytes);
        var expectedCount = ScanEntries(File.ReadAllText(PagePath), s_captureDay.Year).Count - 1;

        var parsed = await PaperFileReader.ReadAsync(path, new PaperReadOptions { CaptureDate = s_captureDay }, CancellationToken.None);

        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal($"line {line}, byte 2", reject.Position);
        Assert.Contains("Latin-1", reject.Reason, StringComparison.Ordinal);
        Assert.Equal(expectedCount, parsed.Papers.Count);
    }

    [Fact]
    public async Task TextWithoutEntriesIsRejected()
    {
        var path = Path.Combine(_root, "notes.txt");
        File.WriteAllText(path, "Shopping list\n\nmilk\n\nbread\n");

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Equal(HfSearchTextFormat.FormatName, parsed.Format);
        Assert.Empty(parsed.Papers);
        var reject = Assert.Single(parsed.Rejects);
        Assert.Contains("no paper entry", reject.Reason, StringComparison.Ordinal);
    }

    // Independent reading: one regex over the whole text. Title, blank line, an abstract line of at
    // least 150 characters, then optionally a blank line and the block "• N authors" or an
    // organisation / "·" / date with an optional upvote count.
    private static List<SearchEntry> ScanEntries(string text, int yearForYearless) =>
        EntryPattern().Matches(text)
            .Select(m =>
            {
                var dateGroup = m.Groups["date"];
                DateOnly? date = null;
                var hasYear = m.Groups["year"].Success;
                if (dateGroup.Success)
                {
                    var withYear = hasYear ? dateGroup.Value : $"{dateGroup.Value}, {yearForYearless}";
                    date = DateOnly.ParseExact(withYear, "MMM d, yyyy", CultureInfo.InvariantCulture);
                }

                int? upvotes = m.Groups["up"].Success ? int.Parse(m.Groups["up"].Value, CultureInfo.InvariantCulture) : null;
                return new SearchEntry(m.Groups["title"].Value.Trim(), m.Groups["abstract"].Value.Trim(), date, hasYear, upvotes);
            })
            .ToList();

    [GeneratedRegex(@"^(?<title>[^\n]{1,300})\n\n(?<abstract>[^\n]{150,})\n(?:\n[^\n]+\n·\n(?<date>[A-Z][a-z]{2} [0-9]{1,2}(?:, (?<year>[0-9]{4}))?)(?: (?<up>[0-9]+))?(?:\n|\z))?", RegexOptions.Multiline)]
    private static partial Regex EntryPattern();

    private sealed record SearchEntry(string Title, string Abstract, DateOnly? Date, bool HasYear, int? Upvotes);
}
