using System.IO.Compression;
using System.Text;
using TrendBoard.Core.Import;

namespace TrendBoard.Core.Tests.Import;

/// <summary>
/// Format detection from content, forcing a format by name, and the whole-file checks that come
/// before any format: each fixture is also copied under a neutral name, so only its content counts.
/// </summary>
public sealed class PaperFileDetectionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("trendboard-detect-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string[], string> Fixtures => new()
    {
        { ["hf-daily-papers", "2024-05-27.json"], HfDailyApiFormat.Instance.Name },
        { ["hf-daily-papers", "2024-12-11.json"], HfDailyApiFormat.Instance.Name },
        { ["hf-daily-papers", "2025-01-10.json"], HfDailyApiFormat.Instance.Name },
        { ["arxiv-listings", "2025-05-05.jsonl"], ArxivListingJsonlFormat.FormatName },
        { ["hand-written", "arxiv-snapshot", "snapshot-sample.jsonl"], ArxivSnapshotJsonlFormat.FormatName },
        { ["arxiv-atom", "arxiv_response.xml"], ArxivAtomFormat.FormatName },
        { ["hand-written", "oai-pmh", "listrecords-arxiv.xml"], ArxivOaiPmhFormat.FormatName },
        { ["hf-html", "huggingface_papers.html"], HfPapersHtmlFormat.FormatName },
        { ["hf-search-page", "language-model-pretraining.txt"], HfSearchTextFormat.FormatName },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void FixtureIsDetectedFromContent(string[] fixture, string expected)
    {
        var head = File.ReadAllBytes(TestFiles.TestData(fixture)).AsSpan();
        head = head[..Math.Min(head.Length, PaperFileReader.HeadBytes)];

        var format = PaperFileReader.DetectFormat(head, "unnamed");

        Assert.Equal(expected, format?.Name);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task FixtureReadsUnderNeutralName(string[] fixture, string expected)
    {
        var path = Path.Combine(_root, "copied-file");
        File.Copy(TestFiles.TestData(fixture), path);

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Equal(expected, parsed.Format);
        if (expected != ArxivListingJsonlFormat.FormatName)
        {
            Assert.NotEmpty(parsed.Papers);
        }
    }

    [Fact]
    public void FormatNamesListEveryFormat()
    {
        Assert.Equal(PaperFileReader.Formats.Select(f => f.Name), PaperFileReader.FormatNames);
        Assert.Equal(8, PaperFileReader.FormatNames.Distinct().Count());
        Assert.All(PaperFileReader.FormatNames, name => Assert.Same(PaperFileReader.Formats.Single(f => f.Name == name), PaperFileReader.GetFormat(name.ToUpperInvariant())));
    }

    [Fact]
    public void UnknownFormatNameThrows()
    {
        var exception = Assert.Throws<ArgumentException>(() => PaperFileReader.GetFormat("rss"));

        Assert.Contains("'rss'", exception.Message, StringComparison.Ordinal);
        Assert.Contains(ArxivAtomFormat.FormatName, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NamedFormatOverridesDetection()
    {
        var path = TestFiles.TestData("arxiv-atom", "arxiv_response.xml");

        var parsed = await PaperFileReader.ReadAsync(path, CsvPaperFormat.FormatName, CancellationToken.None);

        Assert.Equal(CsvPaperFormat.FormatName, parsed.Format);
        Assert.Empty(parsed.Papers);
        Assert.Contains("the header row cannot be read", Assert.Single(parsed.Rejects).Reason, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], string> WholeFileProblems => new()
    {
        { "empty.json", [], "empty" },
        { "blank.jsonl", " \r\n\t\n"u8.ToArray(), "empty" },
        { "utf16.csv", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("title,date\n")], "UTF-16" },
        { "utf16be.csv", [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes("title,date\n")], "UTF-16" },
        { "utf16-no-bom.txt", Encoding.Unicode.GetBytes("Daily Papers\n\nA title\n"), "UTF-16 text without a byte order mark" },
        { "utf32.xml", [0xFF, 0xFE, 0x00, 0x00, .. Encoding.UTF32.GetBytes("<feed/>")], "UTF-32" },
        { "binary.json", [0x7B, 0x00, 0x13, 0x37, 0x00, 0x00, 0xAB, 0xCD, 0xEF, 0x01], "NUL byte at byte 2" },
        { "papers.json", [0x1F, 0x8B, 0x08, 0x00, 0x00], "gzip-compressed" },
        { "papers.csv", "PK\u0003\u0004rest"u8.ToArray(), "ZIP archive" },
        { "paper.html", "%PDF-1.7\n"u8.ToArray(), "PDF document" },
    };

    [Theory]
    [MemberData(nameof(WholeFileProblems))]
    public async Task WholeFileProblemIsRejected(string name, byte[] content, string expected)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllBytes(path, content);

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Null(parsed.Format);
        Assert.Empty(parsed.Papers);
        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal(path, reject.SourceFile);
        Assert.Equal("start of file", reject.Position);
        Assert.Contains(expected, reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WholeFileProblemIsRejectedForNamedFormat()
    {
        var path = Path.Combine(_root, "utf16.jsonl");
        File.WriteAllBytes(path, [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("{\"id\": \"2501.00001\"}\n")]);

        var parsed = await PaperFileReader.ReadAsync(path, ArxivListingJsonlFormat.FormatName, CancellationToken.None);

        Assert.Contains("UTF-16", Assert.Single(parsed.Rejects).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeeplyNestedJsonIsRejected()
    {
        var path = Path.Combine(_root, "2024-05-27.json");
        File.WriteAllText(path, "[" + new string('[', 5000) + new string(']', 5000) + "]");

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Empty(parsed.Papers);
        var reject = Assert.Single(parsed.Rejects);
        Assert.StartsWith("record 1, line 1", reject.Position, StringComparison.Ordinal);
        Assert.Contains("depth", reject.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DailyPapersDayInTheFutureIsRejected()
    {
        var path = Path.Combine(_root, "2026-04-16.json");
        File.Copy(TestFiles.DailyPapers("2026-04-16.json"), path);
        var expected = HfDailyApiParserTests.ReadItems(path).Count;
        var options = new PaperReadOptions { TimeProvider = FixedClock.At(2026, 4, 10) };

        var parsed = await PaperFileReader.ReadAsync(path, options, CancellationToken.None);

        Assert.Empty(parsed.Papers);
        Assert.Equal(expected, parsed.Rejects.Count);
        Assert.All(parsed.Rejects, r => Assert.Matches("^record [0-9]+, line [0-9]+$", r.Position));
        Assert.All(parsed.Rejects, r => Assert.Contains("is in the future", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StreamingSinkSeesPositions()
    {
        var sink = new RecordingSink();

        var format = await PaperFileReader.ReadAsync(TestFiles.TestData("arxiv-atom", "arxiv_response.xml"), PaperReadOptions.Default, sink, CancellationToken.None);

        Assert.Equal(ArxivAtomFormat.FormatName, format);
        Assert.Equal(["entry 1, line 10", "entry 2, line 56"], sink.Positions);
        Assert.Single(sink.Notices);
    }

    [Fact]
    public async Task GzipAtomIsDetectedAfterDecompression()
    {
        var path = Path.Combine(_root, "feed.xml.gz");
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write(File.ReadAllBytes(TestFiles.TestData("arxiv-atom", "arxiv_response.xml")));
        }

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Equal(ArxivAtomFormat.FormatName, parsed.Format);
        Assert.Equal(2, parsed.Papers.Count);
    }

    private sealed class RecordingSink : IPaperRecordSink
    {
        public List<string> Positions { get; } = [];

        public List<string> Notices { get; } = [];

        public void AddPaper(TrendBoard.Core.Papers.PaperRecord paper, string position) => Positions.Add(position);

        public void AddReject(TrendBoard.Core.Papers.ImportReject reject) => Positions.Add("reject " + reject.Position);

        public void AddNotice(string notice) => Notices.Add(notice);
    }
}
