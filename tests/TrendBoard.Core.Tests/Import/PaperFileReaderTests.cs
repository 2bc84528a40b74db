using System.IO.Compression;
using TrendBoard.Core.Import;

namespace TrendBoard.Core.Tests.Import;

public sealed class PaperFileReaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("trendboard-reader-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task BundledGzipFileReadsLikeThePlainCopy()
    {
        var bundled = Path.Combine(TestFiles.RepositoryRoot(), "data", "hf-daily-papers", "2024-05-27.json.gz");
        var plain = HfDailyApiParserTests.ParseFile(TestFiles.DailyPapers("2024-05-27.json"));

        var parsed = await PaperFileReader.ReadAsync(bundled, CancellationToken.None);

        Assert.Equal(bundled, parsed.SourceFile);
        Assert.Empty(parsed.Rejects);
        Assert.NotEmpty(parsed.Papers);
        Assert.Equal(plain.Papers.Count, parsed.Papers.Count);
        foreach (var (expected, actual) in plain.Papers.Zip(parsed.Papers))
        {
            Assert.Equal(expected.Id, actual.Id);
            Assert.Equal(expected.Title, actual.Title);
            Assert.Equal(expected.Abstract, actual.Abstract);
            Assert.Equal(expected.Authors, actual.Authors);
            Assert.Equal(expected.Upvote, actual.Upvote);
            Assert.Equal(new DateOnly(2024, 5, 27), actual.FeaturedOn);
        }
    }

    [Fact]
    public async Task EmptyDayKeepsItsNotice()
    {
        var parsed = await PaperFileReader.ReadAsync(TestFiles.DailyPapers(Path.Combine("empty-days", "2024-06-01.json")), CancellationToken.None);

        Assert.Empty(parsed.Papers);
        Assert.Empty(parsed.Rejects);
        Assert.NotNull(parsed.Notice);
    }

    [Fact]
    public async Task CorruptGzipGivesRejectAndKeepsEarlierPapers()
    {
        var original = File.ReadAllBytes(TestFiles.DailyPapers("2026-04-10.json"));
        var compressed = Compress(original);

        // Overwrite the middle of the deflate data: decompression fails partway through.
        Array.Fill(compressed, (byte)0xFF, compressed.Length / 2, 64);
        var path = Path.Combine(_root, "2026-04-10.json.gz");
        File.WriteAllBytes(path, compressed);

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        var corruption = Assert.Single(parsed.Rejects, r => r.Position.StartsWith("decompressed byte ", StringComparison.Ordinal));
        Assert.Contains("gzip data is corrupt", corruption.Reason, StringComparison.Ordinal);
        Assert.NotEmpty(parsed.Papers);
        Assert.True(parsed.Papers.Count < HfDailyApiParserTests.ReadItems(TestFiles.DailyPapers("2026-04-10.json")).Count);
    }

    [Fact]
    public async Task UnrecognisedFileThrows()
    {
        var path = Path.Combine(_root, "notes.md");
        File.WriteAllText(path, "# Reading list\n\nPapers to read next week.\n");

        var exception = await Assert.ThrowsAsync<NotSupportedException>(() => PaperFileReader.ReadAsync(path, CancellationToken.None));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFileThrows()
    {
        var path = Path.Combine(_root, "2024-01-01.json");

        var exception = await Assert.ThrowsAsync<FileNotFoundException>(() => PaperFileReader.ReadAsync(path, CancellationToken.None));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelledReadThrows()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => PaperFileReader.ReadAsync(TestFiles.DailyPapers("2024-05-27.json"), cancellation.Token));
    }

    private static byte[] Compress(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }
}
