using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;
using Xunit.Abstractions;

namespace TrendBoard.Core.Tests.Import;

/// <summary>
/// Reads real arXiv listing files and checks every row against a System.Text.Json reading of the
/// same lines. Broken and large variants are written to temporary files from the real rows.
/// </summary>
public sealed partial class ArxivListingJsonlFormatTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("trendboard-listing-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Listing(string name) => TestFiles.TestData("arxiv-listings", name);

    [Theory]
    [InlineData("2025-05-05.jsonl")]
    [InlineData("2026-02-10.jsonl")]
    public async Task RowsMatchIndependentRead(string name)
    {
        var path = Listing(name);
        var rows = ReadRows(path);
        var day = DateOnly.ParseExact(name[..10], "yyyy-MM-dd");

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Equal(ArxivListingJsonlFormat.FormatName, parsed.Format);
        Assert.Empty(parsed.Rejects);
        Assert.Equal(rows.Count, parsed.Papers.Count);
        foreach (var (row, paper) in rows.Zip(parsed.Papers))
        {
            Assert.Equal(row.GetProperty("id").GetString(), paper.Id);
            Assert.Equal(Collapse(row.GetProperty("title").GetString()!), paper.Title);
            Assert.Equal(Collapse(row.GetProperty("summary").GetString()!), paper.Abstract);
            Assert.Equal(row.GetProperty("authors").EnumerateArray().Select(a => Collapse(a.GetString()!)), paper.Authors);
            Assert.Equal(ArxivCategories(row), paper.Categories);
            Assert.Equal(day, paper.PublishedOn);
            Assert.False(paper.DateUncertain);
        }
    }

    [Fact]
    public async Task RepeatedIdsAreAllReturned()
    {
        var rows = ReadRows(Listing("2025-05-05.jsonl"));
        var distinct = rows.Select(row => row.GetProperty("id").GetString()).Distinct().Count();

        var parsed = await PaperFileReader.ReadAsync(Listing("2025-05-05.jsonl"), CancellationToken.None);

        Assert.True(distinct < rows.Count, "the fixture should list some ids twice");
        Assert.Equal(rows.Count, parsed.Papers.Count);
        Assert.Equal(distinct, parsed.Papers.Select(p => p.Id).Distinct().Count());
    }

    [Fact]
    public async Task AcmAndMscClassesAreDropped()
    {
        var rows = ReadRows(Listing("2025-05-05.jsonl"));
        var line = rows.FindIndex(row => row.GetProperty("categories").EnumerateArray().Any(c => c.GetString() == "I.3.7; I.3.8"));
        var mixed = rows.FindIndex(row => row.GetProperty("categories").EnumerateArray().Any(c => c.GetString() == "68T45"));

        var papers = (await PaperFileReader.ReadAsync(Listing("2025-05-05.jsonl"), CancellationToken.None)).Papers;

        Assert.Equal(["cs.GR", "cs.LG"], papers[line].Categories);
        Assert.Equal(["cs.CV"], papers[mixed].Categories);
    }

    [Fact]
    public async Task AbstractKeepsTexAndLosesWraps()
    {
        var rows = ReadRows(Listing("2025-05-05.jsonl"));
        var index = rows.FindIndex(row => row.GetProperty("summary").GetString()!.Contains('$') && row.GetProperty("summary").GetString()!.Contains('\n'));

        var paper = (await PaperFileReader.ReadAsync(Listing("2025-05-05.jsonl"), CancellationToken.None)).Papers[index];

        Assert.True(index >= 0, "the fixture should hold a wrapped abstract with TeX");
        Assert.Contains('$', paper.Abstract);
        Assert.DoesNotContain('\n', paper.Abstract);
        Assert.Equal(Regex.Matches(rows[index].GetProperty("summary").GetString()!, @"\$").Count, paper.Abstract.Count(c => c == '$'));
    }

    [Fact]
    public async Task NameWithoutDayIsRejected()
    {
        var path = Path.Combine(_root, "listing.jsonl");
        File.Copy(Listing("2026-02-10.jsonl"), path);

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Empty(parsed.Papers);
        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal("file name", reject.Position);
        Assert.Contains("2025-05-05.jsonl", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FutureListingDayIsRejected()
    {
        var path = Path.Combine(_root, "2026-02-10.jsonl");
        File.Copy(Listing("2026-02-10.jsonl"), path);
        var options = new PaperReadOptions { TimeProvider = FixedClock.At(2026, 2, 8) };

        var parsed = await PaperFileReader.ReadAsync(path, options, CancellationToken.None);

        Assert.Empty(parsed.Papers);
        var reject = Assert.Single(parsed.Rejects);
        Assert.Contains("2026-02-10", reject.Reason, StringComparison.Ordinal);
        Assert.Contains("future", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TomorrowInUtcIsNotTheFuture()
    {
        var path = Path.Combine(_root, "2026-02-10.jsonl");
        File.Copy(Listing("2026-02-10.jsonl"), path);
        var options = new PaperReadOptions { TimeProvider = new FixedClock(new DateTimeOffset(2026, 2, 9, 11, 0, 0, TimeSpan.Zero)) };

        var parsed = await PaperFileReader.ReadAsync(path, options, CancellationToken.None);

        Assert.Empty(parsed.Rejects);
        Assert.NotEmpty(parsed.Papers);
    }

    [Fact]
    public async Task BadLinesAreRejectedByLineNumber()
    {
        var good = File.ReadAllLines(Listing("2026-02-10.jsonl"), Encoding.UTF8).Take(3).ToArray();
        var latin1 = Encoding.Latin1.GetBytes(good[1].Replace("\"title\": \"", "\"title\": \"Caf\u00e9 ", StringComparison.Ordinal));
        var lines = new List<byte[]>
        {
            Encoding.UTF8.GetBytes(good[0]),
            Encoding.UTF8.GetBytes("{\"id\": \"2602.00001\", \"title\": "),
            latin1,
            Encoding.UTF8.GetBytes(new string('[', 40) + new string(']', 40)),
            Encoding.UTF8.GetBytes("[1, 2]"),
            Encoding.UTF8.GetBytes("{\"id\": \"2602.00002\", \"title\": 7, \"summary\": \"x\"}"),
            Encoding.UTF8.GetBytes("{\"id\": \"not an id\", \"title\": \"t\", \"summary\": \"x\"}"),
            Encoding.UTF8.GetBytes(ReplaceDepth(good[2])),
            Array.Empty<byte>(),
            Encoding.UTF8.GetBytes(good[2]),
            Encoding.UTF8.GetBytes(good[0][..40]),
        };
        var path = Path.Combine(_root, "2026-02-10.jsonl");
        File.WriteAllBytes(path, Join(lines));

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Equal(2, parsed.Papers.Count);
        Assert.Equal(["line 2, byte 31", "line 3, byte ", "line 4, byte ", "line 5", "line 6", "line 7", "line 8", "line 11, byte "],
            parsed.Rejects.Select(r => Regex.Replace(r.Position, @"(line (?:3|4|11), byte )[0-9]+", "$1")));
        Assert.Contains("invalid JSON", parsed.Rejects[0].Reason, StringComparison.Ordinal);
        Assert.Contains("byte 0xE9 is not valid UTF-8", parsed.Rejects[1].Reason, StringComparison.Ordinal);
        Assert.Contains("Latin-1", parsed.Rejects[1].Reason, StringComparison.Ordinal);
        Assert.Contains("depth", parsed.Rejects[2].Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expected a JSON object, found an array", parsed.Rejects[3].Reason, StringComparison.Ordinal);
        Assert.Contains("'title' must be a string, found a number", parsed.Rejects[4].Reason, StringComparison.Ordinal);
        Assert.Contains("'not an id' is not an arXiv identifier", parsed.Rejects[5].Reason, StringComparison.Ordinal);
        Assert.Contains("'authors' must be an array of strings", parsed.Rejects[6].Reason, StringComparison.Ordinal);
        Assert.Contains("truncated", parsed.Rejects[7].Reason, StringComparison.Ordinal);
        Assert.All(parsed.Rejects, r => Assert.Equal(path, r.SourceFile));
    }

    [Fact]
    public async Task GzipListingReadsLikeThePlainFile()
    {
        var plain = await PaperFileReader.ReadAsync(Listing("2025-05-05.jsonl"), CancellationToken.None);
        var path = Path.Combine(_root, "2025-05-05.jsonl.gz");
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write(File.ReadAllBytes(Listing("2025-05-05.jsonl")));
        }

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Empty(parsed.Rejects);
        Assert.Equal(plain.Papers.Select(p => (p.Id, p.Title, p.Abstract)), parsed.Papers.Select(p => (p.Id, p.Title, p.Abstract)));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task LargeListingStreamsEveryRecord()
    {
        const int lineCount = 200_000;
        var sourceLines = File.ReadAllLines(Listing("2025-05-05.jsonl"), Encoding.UTF8)
            .Concat(File.ReadAllLines(Listing("2026-02-10.jsonl"), Encoding.UTF8))
            .ToArray();
        var path = Path.Combine(_root, "2025-05-05.jsonl");
        long expectedTitleChars = 0;
        using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)))
        {
            for (var i = 0; i < lineCount; i++)
            {
                var line = sourceLines[i % sourceLines.Length];
                writer.Write(line);
                writer.Write('\n');
                using var row = JsonDocument.Parse(line);
                expectedTitleChars += Collapse(row.RootElement.GetProperty("title").GetString()!).Length;
            }
        }

        var sink = new CountingSink();
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var stopwatch = Stopwatch.StartNew();
        var format = await PaperFileReader.ReadAsync(path, PaperReadOptions.Default, sink, CancellationToken.None);
        stopwatch.Stop();

        Assert.Equal(ArxivListingJsonlFormat.FormatName, format);
        Assert.Equal(0, sink.Rejects);
        Assert.Equal(lineCount, sink.Papers);
        Assert.Equal(expectedTitleChars, sink.TitleChars);
        Assert.Equal("line 200000", sink.LastPosition);
        output.WriteLine(
            $"{lineCount} lines, {new FileInfo(path).Length / (1024.0 * 1024.0):F1} MiB in {stopwatch.Elapsed.TotalSeconds:F2} s: "
            + $"{lineCount / stopwatch.Elapsed.TotalSeconds:F0} papers/s; managed heap {managedBefore / (1024 * 1024)} MiB before, "
            + $"peak sampled {sink.PeakManagedBytes / (1024 * 1024)} MiB during the read");
    }

    internal static List<JsonElement> ReadRows(string path) =>
        File.ReadAllLines(path, Encoding.UTF8)
            .Where(line => line.Trim().Length > 0)
            .Select(line =>
            {
                using var document = JsonDocument.Parse(line);
                return document.RootElement.Clone();
            })
            .ToList();

    // arXiv categories are an archive, optionally a dot and a subject class; ACM ("I.2.7") and MSC
    // ("68T45") classes start with a capital letter or a digit.
    private static List<string> ArxivCategories(JsonElement row) =>
        row.GetProperty("categories").EnumerateArray()
            .Select(c => c.GetString()!)
            .Where(c => CategoryShape().IsMatch(c))
            .Distinct()
            .ToList();

    private static string ReplaceDepth(string line)
    {
        using var document = JsonDocument.Parse(line);
        var authors = document.RootElement.GetProperty("authors").GetRawText();
        return line.Replace(authors, "{\"names\": " + authors + "}", StringComparison.Ordinal);
    }

    private static byte[] Join(List<byte[]> lines)
    {
        using var buffer = new MemoryStream();
        for (var i = 0; i < lines.Count; i++)
        {
            buffer.Write(lines[i]);
            if (i < lines.Count - 1)
            {
                buffer.WriteByte((byte)'\n');
            }
        }

        return buffer.ToArray();
    }

    // The listing text is NFC and has no HTML entities, so collapsing whitespace is all the cleaning it needs.
    internal static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^[a-z]+(-[a-z]+)?(\.[A-Za-z]+(-[a-z]+)?)?$")]
    private static partial Regex CategoryShape();

    private sealed class CountingSink : IPaperRecordSink
    {
        public int Papers { get; private set; }

        public int Rejects { get; private set; }

        public long TitleChars { get; private set; }

        public string? LastPosition { get; private set; }

        public long PeakManagedBytes { get; private set; }

        public void AddPaper(PaperRecord paper, string position)
        {
            Papers++;
            TitleChars += paper.Title.Length;
            LastPosition = position;
            if (Papers % 10_000 == 0)
            {
                PeakManagedBytes = Math.Max(PeakManagedBytes, GC.GetTotalMemory(forceFullCollection: false));
            }
        }

        public void AddReject(ImportReject reject) => Rejects++;

        public void AddNotice(string notice)
        {
        }
    }
}
