using System.IO.Compression;
using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Tests.Storage;

namespace TrendBoard.Core.Tests.Import;

/// <summary>
/// Damaged compressed files and saved pages: each gives a reject or notice that
/// describes the damage, and the readable part still lands.
/// </summary>
public sealed class DamagedFileImportTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("trendboard-damaged-").FullName;

    public void Dispose()
    {
        _temp.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task PlainTextNamedGzipIsRejected()
    {
        var path = Write("2025-05-05.jsonl.gz", File.ReadAllBytes(ListingPath));

        var sink = await ReadAsync(path);

        var reject = Assert.Single(sink.Rejects);
        Assert.Equal("start of file", reject.Position);
        Assert.Contains("not gzip-compressed", reject.Reason, StringComparison.Ordinal);
        Assert.Empty(sink.Papers);
    }

    [Fact]
    public async Task GzipCorruptFromStartIsRejected()
    {
        var bytes = Gzip(File.ReadAllBytes(ListingPath));

        // The 10-byte gzip header stays, and the compressed data after it is scrambled.
        for (var i = 10; i < 60; i++)
        {
            bytes[i] ^= 0x5A;
        }

        var sink = await ReadAsync(Write("2025-05-05.jsonl.gz", bytes));

        var reject = Assert.Single(sink.Rejects);
        Assert.Equal("start of file", reject.Position);
        Assert.Contains("corrupt", reject.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("empty", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedGzipKeepsEarlierRecords()
    {
        var lines = File.ReadAllLines(ListingPath);
        var compressed = Gzip(File.ReadAllBytes(ListingPath));
        var path = Write("2025-05-05.jsonl.gz", compressed[..(compressed.Length / 2)]);

        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, CancellationToken.None);
        var summaries = await new CorpusBuilder(NullLoggerFactory.Instance).ImportAsync(store, [path], progress: null, CancellationToken.None);

        var summary = Assert.Single(summaries);
        Assert.True(summary.New > 0, "the records before the cut should land");
        Assert.True(summary.Read < lines.Length, "the records after the cut cannot be read");
        Assert.Equal(1, summary.Rejected);
        Assert.Equal(summary.New, await store.CountPapersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PageCutAfterDataKeepsPapersWithNotice()
    {
        var complete = await ReadAsync(PagePath);
        var page = File.ReadAllBytes(PagePath);
        var closing = page.AsSpan().LastIndexOf("</html>"u8);
        var path = Write("huggingface_papers.html", page[..closing]);

        var cut = await ReadAsync(path);

        Assert.NotEmpty(complete.Papers);
        Assert.Equal(complete.Papers.Count, cut.Papers.Count);
        Assert.DoesNotContain(complete.Notices, notice => notice.Contains("cut short", StringComparison.Ordinal));
        Assert.Contains(cut.Notices, notice => notice.Contains("cut short", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OversizedWholeFileKeepsRecordsBeforeLimit()
    {
        var path = TestFiles.DailyPapers("2026-04-10.json");
        var complete = await ReadAsync(path);
        var length = (int)new FileInfo(path).Length;
        var options = PaperReadOptions.Default with { MaxWholeContentBytes = length / 2 };

        var sink = new CollectingSink();
        await PaperFileReader.ReadAsync(path, options, sink, CancellationToken.None);

        Assert.NotEmpty(sink.Papers);
        Assert.True(sink.Papers.Count < complete.Papers.Count, "the papers after the limit cannot be read");
        var limitReject = Assert.Single(sink.Rejects, reject => reject.Position == $"byte {length / 2}");
        Assert.Contains($"larger than {length / 2:N0} bytes", limitReject.Reason, StringComparison.Ordinal);
        Assert.Contains("Split the file", limitReject.Reason, StringComparison.Ordinal);
    }

    private static string ListingPath => TestFiles.TestData("arxiv-listings", "2025-05-05.jsonl");

    private static string PagePath => TestFiles.TestData("hf-html", "huggingface_papers.html");

    private static async Task<CollectingSink> ReadAsync(string path)
    {
        var sink = new CollectingSink();
        await PaperFileReader.ReadAsync(path, PaperReadOptions.Default, sink, CancellationToken.None);
        return sink;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private sealed class CollectingSink : IPaperRecordSink
    {
        public List<PaperRecord> Papers { get; } = [];

        public List<ImportReject> Rejects { get; } = [];

        public List<string> Notices { get; } = [];

        public void AddPaper(PaperRecord paper, string position) => Papers.Add(paper);

        public void AddReject(ImportReject reject) => Rejects.Add(reject);

        public void AddNotice(string notice) => Notices.Add(notice);
    }
}
