using System.Text;
using System.Text.Json;
using TrendBoard.Core.Import;
using TrendBoard.Core.Text;

namespace TrendBoard.Core.Tests.Import;

/// <summary>
/// Writes CSV files from the real listing rows (hard-wrapped abstracts become quoted fields with
/// line breaks) and checks that the CSV format reads back what the JSONL format reads.
/// </summary>
public sealed class CsvPaperFormatTests : IDisposable
{
    private static readonly DateOnly s_captureDay = new(2025, 5, 6);
    private readonly string _root = Directory.CreateTempSubdirectory("trendboard-csv-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task CsvFromListingRowsMatchesTheListing()
    {
        var listingPath = TestFiles.TestData("arxiv-listings", "2025-05-05.jsonl");
        var rows = ArxivListingJsonlFormatTests.ReadRows(listingPath);
        var csv = new StringBuilder("id,title,abstract,published,authors,categories,upvotes\r\n");
        foreach (var (row, index) in rows.Select((row, index) => (row, index)))
        {
            csv.AppendJoin(',',
                Quote("https://arxiv.org/abs/" + row.GetProperty("id").GetString() + "v2"),
                Quote(row.GetProperty("title").GetString()!),
                Quote(row.GetProperty("summary").GetString()!),
                "2025-05-05",
                Quote(string.Join("; ", row.GetProperty("authors").EnumerateArray().Select(a => a.GetString()))),
                Quote(string.Join(" ", row.GetProperty("categories").EnumerateArray().Select(c => c.GetString()))),
                index % 7).Append("\r\n");
        }

        var path = Write("listing.csv", csv.ToString());
        var listing = await PaperFileReader.ReadAsync(listingPath, CancellationToken.None);

        var parsed = await PaperFileReader.ReadAsync(path, new PaperReadOptions { CaptureDate = s_captureDay }, CancellationToken.None);

        Assert.Equal(CsvPaperFormat.FormatName, parsed.Format);
        Assert.Empty(parsed.Rejects);
        Assert.Null(parsed.Notice);
        Assert.Equal(listing.Papers.Count, parsed.Papers.Count);
        for (var i = 0; i < parsed.Papers.Count; i++)
        {
            var expected = listing.Papers[i];
            var paper = parsed.Papers[i];
            Assert.Equal(expected.Id, paper.Id);
            Assert.Equal(expected.Title, paper.Title);
            Assert.Equal(expected.Abstract, paper.Abstract);
            Assert.Equal(expected.Authors, paper.Authors);
            Assert.Equal(expected.Categories, paper.Categories);
            Assert.Equal(expected.PublishedOn, paper.PublishedOn);
            Assert.Equal(i % 7, paper.Upvote!.Upvotes);
            Assert.Equal(s_captureDay, paper.Upvote.ObservedOn);
            Assert.False(paper.DateUncertain);
        }
    }

    [Fact]
    public async Task NamedColumnsAndDelimiterAreUsed()
    {
        var path = Write("custom.csv", "Paper Name;Text;When;Score;Notes\n\"A; B\";\"Body \"\"quoted\"\"\";2025-01-02T23:30:00-02:00;4;x\n");
        var options = new PaperReadOptions
        {
            CaptureDate = s_captureDay,
            Csv = new CsvFormatOptions { Delimiter = ';', TitleColumn = "paper name", AbstractColumn = "Text", DateColumn = "When", UpvotesColumn = "Score" },
        };

        var parsed = await PaperFileReader.ReadAsync(path, options, CancellationToken.None);

        var paper = Assert.Single(parsed.Papers);
        Assert.Equal("A; B", paper.Title);
        Assert.Equal("Body \"quoted\"", paper.Abstract);
        Assert.Equal(new DateOnly(2025, 1, 3), paper.PublishedOn);
        Assert.Equal(4, paper.Upvote!.Upvotes);
        Assert.Equal(DerivedPaperId.FromTitle("A; B"), paper.Id);
        Assert.Contains("no id column", parsed.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingDateColumnFlagsEveryPaper()
    {
        var path = Write("titles.csv", "title,summary\nFirst,One.\nSecond,Two.\n");

        var parsed = await PaperFileReader.ReadAsync(path, new PaperReadOptions { CaptureDate = s_captureDay }, CancellationToken.None);

        Assert.Equal(2, parsed.Papers.Count);
        Assert.All(parsed.Papers, p => Assert.True(p.DateUncertain));
        Assert.All(parsed.Papers, p => Assert.Equal(s_captureDay, p.PublishedOn));
        Assert.Contains("no date column", parsed.Notice, StringComparison.Ordinal);
        Assert.Contains("map it with --csv-column date=HEADER (trendboard import)", parsed.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MappingHintComesFromOptions()
    {
        var path = Write("titles.csv", "title,summary\nFirst,One.\n");
        var csv = CsvFormatOptions.Default with { DescribeColumnMapping = field => $"in the {field} box" };

        var parsed = await PaperFileReader.ReadAsync(path, new PaperReadOptions { CaptureDate = s_captureDay, Csv = csv }, CancellationToken.None);

        Assert.Contains("map it in the date box", parsed.Notice, StringComparison.Ordinal);
        Assert.DoesNotContain("--csv-column", parsed.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadRecordsAreRejectedByRecordAndLine()
    {
        var text = string.Join('\n',
            "id,title,abstract,date,upvotes",
            "2501.00001,Good,\"Two",
            "lines\",2025-01-02,3",
            "2501.00002,Too many,x,2025-01-02,3,extra",
            "2501.00003,Bad date,x,02/01/2025,3",
            "2501.00004,Bad votes,x,2025-01-02,many",
            "2501.00005,Negative,x,2025-01-02,-1",
            "nope,Bad id,x,2025-01-02,1",
            "2501.00006,Stray \"quote,x,2025-01-02,1",
            "2501.00007,Future,x,2031-01-02,1",
            "2501.00008,,x,2025-01-02,1",
            "2501.00009,Open,\"never closed,2025-01-02,1",
            "2501.00010,Lost,x,2025-01-02,1");
        var path = Write("bad.csv", text);
        var strayQuoteColumn = text.Split('\n')[8].IndexOf('"', StringComparison.Ordinal) + 1;
        var options = new PaperReadOptions { CaptureDate = s_captureDay, TimeProvider = FixedClock.At(2026, 12, 4) };

        var parsed = await PaperFileReader.ReadAsync(path, options, CancellationToken.None);

        var paper = Assert.Single(parsed.Papers);
        Assert.Equal("Two\nlines", paper.Abstract.Replace(" ", "\n", StringComparison.Ordinal));
        Assert.Equal(
            ["record 2, line 4", "record 3, line 5", "record 4, line 6", "record 5, line 7", "record 6, line 8", $"record 7, line 9, column {strayQuoteColumn}", "record 8, line 10", "record 9, line 11", "record 10, line 12"],
            parsed.Rejects.Select(r => r.Position));
        Assert.Contains("6 fields, but the header has 5", parsed.Rejects[0].Reason, StringComparison.Ordinal);
        Assert.Contains("'02/01/2025' is not a date", parsed.Rejects[1].Reason, StringComparison.Ordinal);
        Assert.Contains("'many' is not a whole number", parsed.Rejects[2].Reason, StringComparison.Ordinal);
        Assert.Contains("cannot be negative", parsed.Rejects[3].Reason, StringComparison.Ordinal);
        Assert.Contains("'nope' is not an arXiv id", parsed.Rejects[4].Reason, StringComparison.Ordinal);
        Assert.Contains("quote appears inside a field", parsed.Rejects[5].Reason, StringComparison.Ordinal);
        Assert.Contains("in the future", parsed.Rejects[6].Reason, StringComparison.Ordinal);
        Assert.Contains("'title' cell is empty", parsed.Rejects[7].Reason, StringComparison.Ordinal);
        Assert.Contains("the file ends inside a quoted field that starts on line 12", parsed.Rejects[8].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latin1RecordIsRejected()
    {
        var path = Path.Combine(_root, "latin1.csv");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes("title,abstract\nGood,x\n"), .. Encoding.Latin1.GetBytes("Caf\u00e9,x\n"), .. Encoding.UTF8.GetBytes("Also good,y\n")]);

        var parsed = await PaperFileReader.ReadAsync(path, new PaperReadOptions { CaptureDate = s_captureDay }, CancellationToken.None);

        Assert.Equal(["Good", "Also good"], parsed.Papers.Select(p => p.Title));
        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal("record 2, line 3, byte 4", reject.Position);
        Assert.Contains("Latin-1", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeaderWithoutTitleIsRejected()
    {
        var path = Write("no-title.csv", "name,abstract\nx,y\n");

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Empty(parsed.Papers);
        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal("line 1", reject.Position);
        Assert.Contains("no title column", reject.Reason, StringComparison.Ordinal);
        Assert.Contains("'name', 'abstract'", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingNamedColumnIsRejected()
    {
        var path = Write("named.csv", "title,abstract\nx,y\n");
        var options = new PaperReadOptions { Csv = new CsvFormatOptions { DateColumn = "published" } };

        var parsed = await PaperFileReader.ReadAsync(path, options, CancellationToken.None);

        var reject = Assert.Single(parsed.Rejects);
        Assert.Contains("date column 'published'", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsvWithByteOrderMarkIsRead()
    {
        var path = Path.Combine(_root, "bom.csv");
        File.WriteAllText(path, "title,date\nWith BOM,2025-01-02\n", new UTF8Encoding(true));

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Equal(CsvPaperFormat.FormatName, parsed.Format);
        Assert.Equal("With BOM", Assert.Single(parsed.Papers).Title);
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }
}
