using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Tests.Storage;

namespace TrendBoard.Core.Tests.Import;

/// <summary>
/// Bad files imported end to end into a real database: each gives rejects that name the file,
/// the position and what to do, the good records of the same file still land, and the rejects
/// are stored.
/// </summary>
public sealed class BadInputImportTests : IDisposable
{
    private static readonly CancellationToken _none = CancellationToken.None;
    private readonly TempDatabase _temp = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("trendboard-bad-").FullName;

    public void Dispose()
    {
        _temp.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task EmptyFileIsRejectedAtStart()
    {
        var path = Write("2025-05-05.jsonl", []);

        var result = await ImportAsync(path);

        AssertOnlyReject(result, path, "start of file", "empty");
    }

    [Fact]
    public async Task BinaryFileIsRejectedAtStart()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[10] = 0;
        var path = Write("2025-05-05.jsonl", bytes);

        var result = await ImportAsync(path);

        AssertOnlyReject(result, path, "start of file", "binary");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Utf16FileIsRejectedAtStart(bool withByteOrderMark)
    {
        var text = ReadListing();
        var encoding = new UnicodeEncoding(bigEndian: false, byteOrderMark: withByteOrderMark);
        var path = Write("2025-05-05.jsonl", [.. encoding.GetPreamble(), .. encoding.GetBytes(text)]);

        var result = await ImportAsync(path);

        AssertOnlyReject(result, path, "start of file", "UTF-16");
    }

    [Fact]
    public async Task Latin1LineIsRejectedAndOthersLand()
    {
        var lines = ReadListing().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var latin1 = Encoding.Latin1.GetBytes(lines[1].Replace("\"title\": \"", "\"title\": \"Caf\u00e9 ", StringComparison.Ordinal) + "\n");
        var bytes = Encoding.UTF8.GetBytes(lines[0] + "\n").Concat(latin1).Concat(Encoding.UTF8.GetBytes(lines[2] + "\n")).ToArray();
        var path = Write("2025-05-05.jsonl", bytes);

        var result = await ImportAsync(path);

        var reject = Assert.Single(result.Stored);
        Assert.Equal(path, reject.SourceFile);
        Assert.StartsWith("line 2, byte ", reject.Position, StringComparison.Ordinal);
        Assert.Contains("UTF-8", reject.Reason, StringComparison.Ordinal);
        Assert.Equal(DistinctIds(lines[0], lines[2]), result.Summary.New);
    }

    [Fact]
    public async Task TruncatedJsonLinesKeepsEarlierLines()
    {
        var text = ReadListing();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var cut = text[..(text.Length - (lines[^1].Length / 2) - 1)];
        var path = Write("2025-05-05.jsonl", Encoding.UTF8.GetBytes(cut));

        var result = await ImportAsync(path);

        var reject = Assert.Single(result.Stored);
        Assert.StartsWith($"line {lines.Length}", reject.Position, StringComparison.Ordinal);
        Assert.Contains("truncated", reject.Reason, StringComparison.Ordinal);
        Assert.Contains("download it again", reject.Reason, StringComparison.Ordinal);
        Assert.Equal(DistinctIds(lines[..^1]), result.Summary.New);
    }

    [Fact]
    public async Task TruncatedAtomFeedKeepsEarlierEntries()
    {
        var text = System.IO.File.ReadAllText(TestFiles.TestData("arxiv-atom", "arxiv_response.xml"));
        var secondEntry = text.IndexOf("<entry>", text.IndexOf("<entry>", StringComparison.Ordinal) + 1, StringComparison.Ordinal);
        var path = Write("arxiv_response.xml", Encoding.UTF8.GetBytes(text[..(secondEntry + 200)]));

        var result = await ImportAsync(path);

        Assert.Equal(1, result.Summary.New);
        var reject = Assert.Single(result.Stored);
        Assert.Equal(path, reject.SourceFile);
        Assert.Matches("line [0-9]+", reject.Position);
        Assert.Contains("again", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedDailyPapersArrayKeepsEarlierItems()
    {
        var text = System.IO.File.ReadAllText(TestFiles.DailyPapers("2024-06-04.json"));
        var items = JsonNode.Parse(text)!.AsArray();
        var thirdItem = NthIndexOf(text, "\"paper\": {", 3);
        var path = Write("2024-06-04.json", Encoding.UTF8.GetBytes(text[..(thirdItem + 40)]));

        var result = await ImportAsync(path);

        Assert.True(items.Count > 2);
        Assert.Equal(2, result.Summary.New);
        var reject = Assert.Single(result.Stored);
        Assert.Matches("line [0-9]+", reject.Position);
        Assert.Contains("truncated", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeeplyNestedJsonLineIsRejected()
    {
        var lines = ReadListing().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var nested = "{\"id\": " + new string('[', 10_000) + new string(']', 10_000) + "}";
        var path = Write("2025-05-05.jsonl", Encoding.UTF8.GetBytes($"{lines[0]}\n{nested}\n{lines[1]}\n"));

        var result = await ImportAsync(path);

        var reject = Assert.Single(result.Stored);
        Assert.StartsWith("line 2", reject.Position, StringComparison.Ordinal);
        Assert.Contains("depth", reject.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(DistinctIds(lines[0], lines[1]), result.Summary.New);
    }

    [Fact]
    public async Task DeeplyNestedDailyPapersFileIsRejected()
    {
        var nested = new string('[', 10_000) + new string(']', 10_000);
        var path = Write("2024-06-04.json", Encoding.UTF8.GetBytes(nested));

        var result = await ImportAsync(path);

        Assert.Equal(0, result.Summary.New);
        var reject = Assert.Single(result.Stored);
        Assert.Equal(path, reject.SourceFile);
        Assert.Contains("depth", reject.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MillionItemArrayIsReadItemByItem()
    {
        // One real item repeated with derived ids; the reader hands each paper on as it parses.
        const int Items = 1_000_000;
        // Only the fields the mapper reads, so the file stays under the 256 MiB content limit.
        var real = JsonNode.Parse(System.IO.File.ReadAllText(TestFiles.DailyPapers("2024-06-04.json")))!.AsArray()[0]!;
        var item = new JsonObject
        {
            ["paper"] = new JsonObject
            {
                ["id"] = "{ID}",
                ["title"] = real["paper"]!["title"]!.DeepClone(),
                ["summary"] = "Short abstract.",
                ["publishedAt"] = real["paper"]!["publishedAt"]!.DeepClone(),
                ["upvotes"] = real["paper"]!["upvotes"]!.DeepClone(),
                ["authors"] = new JsonArray(),
            },
            ["publishedAt"] = real["publishedAt"]!.DeepClone(),
        };
        var template = item.ToJsonString();
        var path = Path.Combine(_folder, "2024-06-04.json");
        using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)))
        {
            writer.Write('[');
            for (var n = 0; n < Items; n++)
            {
                writer.Write(n == 0 ? "\n" : ",\n");
                writer.Write(template.Replace("{ID}", $"{24 + (n / 1_199_988):D2}{1 + ((n / 99_999) % 12):D2}.{(n % 99_999) + 1:D5}", StringComparison.Ordinal));
            }

            writer.Write("\n]");
        }

        var sink = new CountingSink();
        var format = await PaperFileReader.ReadAsync(path, PaperReadOptions.Default, sink, _none);

        Assert.Equal(HfDailyApiParser.SourceName, format);
        Assert.Equal(Items, sink.Papers);
        Assert.Equal(0, sink.Rejects);
    }

    [Fact]
    public async Task FutureAndNegativeRecordsAreRejected()
    {
        var items = JsonNode.Parse(System.IO.File.ReadAllText(TestFiles.DailyPapers("2024-06-04.json")))!.AsArray();
        items[1]!["paper"]!["upvotes"] = -5;
        items[2]!["paper"]!["publishedAt"] = "2031-01-01T00:00:00.000Z";
        var path = Write("2024-06-04.json", Encoding.UTF8.GetBytes(items.ToJsonString()));
        var options = PaperReadOptions.Default with { TimeProvider = FixedClock.At(2024, 6, 10) };

        var result = await ImportAsync(path, options);

        Assert.Equal(items.Count - 2, result.Summary.New);
        Assert.Equal(2, result.Stored.Count);
        Assert.All(result.Stored, reject => Assert.Equal(path, reject.SourceFile));
        Assert.Contains(result.Stored, r => r.Position.StartsWith("record 2", StringComparison.Ordinal) && r.Reason.Contains("-5", StringComparison.Ordinal));
        Assert.Contains(result.Stored, r => r.Position.StartsWith("record 3", StringComparison.Ordinal) && r.Reason.Contains("future", StringComparison.Ordinal));
        Assert.Equal(result.Stored.Select(r => r.Position), result.Reported.Select(r => r.Position));
    }

    [Fact]
    public async Task FutureListingDayIsRejected()
    {
        var path = Write("2031-01-01.jsonl", Encoding.UTF8.GetBytes(ReadListing()));
        var options = PaperReadOptions.Default with { TimeProvider = FixedClock.At(2026, 6, 10) };

        var result = await ImportAsync(path, options);

        AssertOnlyReject(result, path, "file name", "future");
    }

    private async Task<ImportResult> ImportAsync(string path, PaperReadOptions? options = null)
    {
        var reported = new List<ImportReject>();
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        var builder = new CorpusBuilder(NullLoggerFactory.Instance);
        var summaries = await builder.ImportAsync(store, [path], options ?? PaperReadOptions.Default, file => reported.AddRange(file.Rejects), progress: null, _none);
        var stored = await store.GetRejectsAsync(_none);
        return new ImportResult(Assert.Single(summaries), stored, reported);
    }

    private static void AssertOnlyReject(ImportResult result, string path, string position, string reasonPart)
    {
        Assert.Equal(0, result.Summary.New);
        Assert.Equal(1, result.Summary.Rejected);
        var reject = Assert.Single(result.Stored);
        Assert.Equal(path, reject.SourceFile);
        Assert.Equal(position, reject.Position);
        Assert.Contains(reasonPart, reject.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Single(result.Reported);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string ReadListing() => System.IO.File.ReadAllText(TestFiles.TestData("arxiv-listings", "2025-05-05.jsonl"));

    private static int DistinctIds(params string[] lines) =>
        lines.Select(line => JsonNode.Parse(line)!["id"]!.GetValue<string>()).Distinct().Count();

    private static int NthIndexOf(string text, string value, int n)
    {
        var index = -1;
        for (var i = 0; i < n; i++)
        {
            index = text.IndexOf(value, index + 1, StringComparison.Ordinal);
        }

        return index;
    }

    private sealed record ImportResult(ImportSummary Summary, IReadOnlyList<StoredReject> Stored, IReadOnlyList<ImportReject> Reported);

    private sealed class CountingSink : IPaperRecordSink
    {
        public int Papers { get; private set; }

        public int Rejects { get; private set; }

        public void AddPaper(PaperRecord paper, string position) => Papers++;

        public void AddReject(ImportReject reject) => Rejects++;

        public void AddNotice(string notice)
        {
        }
    }
}
