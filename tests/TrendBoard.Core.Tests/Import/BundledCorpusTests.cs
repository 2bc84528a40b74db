using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Tests.Import;

/// <summary>
/// Reads every bundled Daily Papers file and compares the result with a plain scan of the same
/// files that does not use the importer.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class BundledCorpusTests(BundledCorpusTests.Corpus corpus) : IClassFixture<BundledCorpusTests.Corpus>
{
    private const string ReprIdPrefix = "{'paper': {'id': '";

    [Fact]
    public void EveryBundledFileIsListed()
    {
        var gzFiles = Directory.GetFiles(corpus.Folder, "*.json.gz");

        Assert.Equal(580, corpus.Files.Count);
        Assert.Equal(gzFiles.Order(StringComparer.Ordinal), corpus.Files.Select(file => file.SourceFile).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void BundledFilesImportWithoutRejects()
    {
        Assert.Empty(corpus.Files.SelectMany(file => file.Rejects));
        Assert.All(corpus.Files, file => Assert.Null(file.Notice));
    }

    [Fact]
    public void ImportedIdsMatchAPlainScan()
    {
        var scanned = Directory.GetFiles(corpus.Folder, "*.json.gz").SelectMany(ScanIds).ToList();
        var imported = corpus.Files.SelectMany(file => file.Papers).Select(paper => paper.Id).ToList();

        Assert.Equal(scanned.Count, imported.Count);
        Assert.Equal(scanned.ToHashSet(), imported.ToHashSet());
        Assert.Equal(scanned.Distinct().Count(), imported.Distinct().Count());
        Assert.True(imported.Distinct().Count() > 9800, $"only {imported.Distinct().Count()} unique ids");
    }

    [Fact]
    public void BundledPapersCarryTheirFilesDay()
    {
        foreach (var file in corpus.Files)
        {
            var day = DateOnly.ParseExact(Path.GetFileName(file.SourceFile)[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);

            Assert.NotEmpty(file.Papers);
            Assert.All(file.Papers, paper =>
            {
                Assert.Equal(day, paper.FeaturedOn);
                Assert.Equal(day, paper.Upvote?.ObservedOn);
                Assert.True(paper.PublishedOn <= day, $"{paper.Id} in {file.SourceFile} was published after its Daily Papers day");
                Assert.NotEmpty(paper.Title);
                Assert.NotEmpty(paper.Abstract);
                Assert.DoesNotContain("\n", paper.Title, StringComparison.Ordinal);
                Assert.DoesNotContain("\n", paper.Abstract, StringComparison.Ordinal);
            });
        }
    }

    // Reads the paper ids with System.Text.Json for object items and a prefix scan for Python
    // repr strings, without the importer's Python literal parser.
    private static IEnumerable<string> ScanIds(string gzPath)
    {
        using var file = File.OpenRead(gzPath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var document = JsonDocument.Parse(gzip);

        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object)
        {
            root = root.GetProperty("data");
        }

        var ids = new List<string>();
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                ids.Add(item.GetProperty("paper").GetProperty("id").GetString()!);
                continue;
            }

            var repr = item.GetString()!;
            Assert.StartsWith(ReprIdPrefix, repr, StringComparison.Ordinal);
            var end = repr.IndexOf('\'', ReprIdPrefix.Length);
            ids.Add(repr[ReprIdPrefix.Length..end]);
        }

        return ids;
    }

    /// <summary>The bundled corpus, read once for all tests of the class.</summary>
    public sealed class Corpus
    {
        public Corpus()
        {
            Folder = Path.Combine(TestFiles.RepositoryRoot(), "data", "hf-daily-papers");
            Files = CorpusFiles.ListFiles(Folder)
                .Select(file => PaperFileReader.ReadAsync(file, CancellationToken.None).GetAwaiter().GetResult())
                .ToList();
        }

        public string Folder { get; }

        public IReadOnlyList<ParsedFile> Files { get; }
    }
}
