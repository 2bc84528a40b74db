using System.IO.Compression;
using TrendBoard.Core.Import;

namespace TrendBoard.Core.Tests.Import;

public sealed class CorpusFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("trendboard-corpus-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void ListFilesSearchesFoldersRecursively()
    {
        var expected = new[]
        {
            Touch("b", "2024-01-01.json"),
            Touch("a", "deep", "2024-01-02.json.gz"),
            Touch("2024-01-03.JSON"),
            Touch("c", "2024-01-04.Json.GZ"),
            Touch("2024-01-07.jsonl"),
            Touch("d", "2024-01-08.xml.gz"),
            Touch("2024-01-09.atom"),
            Touch("2024-01-10.html"),
            Touch("2024-01-11.htm"),
            Touch("2024-01-12.CSV"),
        };
        Touch("notes.txt");
        Touch("search-page.txt.gz");
        Touch("NOTICE.md");
        Touch("a", "2024-01-05.json.bak");
        Touch("a", "2024-01-06.gz");

        var files = CorpusFiles.ListFiles(_root);

        Assert.Equal(expected, files);
    }

    [Fact]
    public void ListFilesTakesFilesAndFoldersOnce()
    {
        var first = Touch("x", "2024-02-01.json");
        var second = Touch("y", "2024-01-01.json");

        var files = CorpusFiles.ListFiles([Path.Combine(_root, "x"), first, _root]);

        Assert.Equal(new[] { second, first }, files);
    }

    [Fact]
    public void NamedFileIsListedWhateverItsExtension()
    {
        var notes = Touch("notes.txt");

        Assert.Equal(new[] { notes }, CorpusFiles.ListFiles(notes));
    }

    [Fact]
    public void MissingPathThrowsWithItsName()
    {
        var missing = Path.Combine(_root, "nowhere");

        var exception = Assert.Throws<FileNotFoundException>(() => CorpusFiles.ListFiles(missing));

        Assert.Contains(missing, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenReadDecompressesGzip()
    {
        var original = File.ReadAllBytes(TestFiles.DailyPapers("2024-05-27.json"));
        var gzPath = Path.Combine(_root, "2024-05-27.json.gz");
        using (var output = File.Create(gzPath))
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(original);
        }

        using var stream = CorpusFiles.OpenRead(gzPath);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);

        Assert.NotEqual(original.Length, new FileInfo(gzPath).Length);
        Assert.Equal(original, copy.ToArray());
    }

    [Fact]
    public void OpenReadLeavesPlainFilesAsTheyAre()
    {
        var path = TestFiles.DailyPapers("2024-05-27.json");

        using var stream = CorpusFiles.OpenRead(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);

        Assert.Equal(File.ReadAllBytes(path), copy.ToArray());
    }

    [Theory]
    [InlineData("2024-05-27.json.gz", 2024, 5, 27)]
    [InlineData("2024-05-27.json", 2024, 5, 27)]
    [InlineData("2024-05-27.JSON.GZ", 2024, 5, 27)]
    [InlineData("2024-05-27", 2024, 5, 27)]
    [InlineData("/data/hf/2026-04-16.json", 2026, 4, 16)]
    [InlineData("2025-05-05.jsonl", 2025, 5, 5)]
    [InlineData("2025-05-05.jsonl.gz", 2025, 5, 5)]
    [InlineData("2025-10-17.xml", 2025, 10, 17)]
    [InlineData("2024-08-01.html", 2024, 8, 1)]
    [InlineData("2025-12-10.txt", 2025, 12, 10)]
    [InlineData("2025-12-10.csv", 2025, 12, 10)]
    public void TryParseDayReadsTheName(string path, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), CorpusFiles.TryParseDay(path));
    }

    [Theory]
    [InlineData("daily.json")]
    [InlineData("2024-13-01.json")]
    [InlineData("2024-02-30.json")]
    [InlineData("20240527.json")]
    [InlineData("2024-05-27.json.bak")]
    [InlineData("2024-05-27.md")]
    [InlineData("2024-05-27/papers.json")]
    public void TryParseDayReturnsNullForOtherNames(string path)
    {
        Assert.Null(CorpusFiles.TryParseDay(path));
    }

    private string Touch(params string[] parts)
    {
        var path = Path.Combine([_root, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "[]");
        return path;
    }
}
