using System.Text;
using System.Text.Json;
using TrendBoard.Core.Import;

namespace TrendBoard.Core.Tests.Import;

/// <summary>
/// Reads the hand-written snapshot sample (no real snapshot lines were available) and checks it
/// against a System.Text.Json reading; broken lines are written to temporary files.
/// </summary>
public sealed class ArxivSnapshotJsonlFormatTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("trendboard-snapshot-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string SamplePath => TestFiles.TestData("hand-written", "arxiv-snapshot", "snapshot-sample.jsonl");

    [Fact]
    public async Task SampleMatchesIndependentRead()
    {
        var rows = ArxivListingJsonlFormatTests.ReadRows(SamplePath);

        var parsed = await PaperFileReader.ReadAsync(SamplePath, CancellationToken.None);

        Assert.Equal(ArxivSnapshotJsonlFormat.FormatName, parsed.Format);
        Assert.Empty(parsed.Rejects);
        Assert.Equal(rows.Count, parsed.Papers.Count);
        foreach (var (row, paper) in rows.Zip(parsed.Papers))
        {
            Assert.Equal(row.GetProperty("id").GetString(), paper.Id);
            Assert.Equal(ArxivListingJsonlFormatTests.Collapse(row.GetProperty("title").GetString()!), paper.Title);
            Assert.Equal(ArxivListingJsonlFormatTests.Collapse(row.GetProperty("abstract").GetString()!), paper.Abstract);
            Assert.Equal(row.GetProperty("categories").GetString()!.Split(' '), paper.Categories);
            var created = DateTimeOffset.Parse(row.GetProperty("versions")[0].GetProperty("created").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(DateOnly.FromDateTime(created.UtcDateTime), paper.PublishedOn);
        }
    }

    [Fact]
    public async Task AuthorsComeFromParsedNamesOrTheString()
    {
        var parsed = await PaperFileReader.ReadAsync(SamplePath, CancellationToken.None);

        Assert.Equal(["Maria Example", "Jan Tester Jr"], parsed.Papers[0].Authors);
        Assert.Equal(["Jürgen Müller"], parsed.Papers[1].Authors);
        Assert.Equal(["Jan Tester", "Maria Example", "Ann Sample"], parsed.Papers[2].Authors);
        Assert.Equal("cs/0610004", parsed.Papers[1].Id);
    }

    [Fact]
    public async Task SnapshotNamedJsonIsDetectedFromContent()
    {
        var path = Path.Combine(_root, "arxiv-metadata-oai-snapshot.json");
        File.Copy(SamplePath, path);

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Equal(ArxivSnapshotJsonlFormat.FormatName, parsed.Format);
        Assert.Equal(3, parsed.Papers.Count);
    }

    [Fact]
    public async Task BadDatesAndVersionsAreRejectedByLine()
    {
        var first = File.ReadAllLines(SamplePath, Encoding.UTF8)[0];
        var wrongWeekday = first.Replace("Thu, 2 Jan 2025", "Fri, 2 Jan 2025", StringComparison.Ordinal);
        var noVersions = first.Replace("\"versions\":[", "\"old_versions\":[", StringComparison.Ordinal);
        var future = first.Replace("Thu, 2 Jan 2025", "Wed, 2 Jan 2030", StringComparison.Ordinal);
        var path = Path.Combine(_root, "snapshot.jsonl");
        File.WriteAllLines(path, [first, wrongWeekday, noVersions, future]);
        var options = new PaperReadOptions { TimeProvider = FixedClock.At(2026, 12, 4) };

        var parsed = await PaperFileReader.ReadAsync(path, options, CancellationToken.None);

        Assert.Single(parsed.Papers);
        Assert.Equal(["line 2", "line 3", "line 4"], parsed.Rejects.Select(r => r.Position));
        Assert.Contains("is not an RFC 1123 date", parsed.Rejects[0].Reason, StringComparison.Ordinal);
        Assert.Contains("'versions' must be a non-empty array", parsed.Rejects[1].Reason, StringComparison.Ordinal);
        Assert.Contains("2030-01-02 is in the future", parsed.Rejects[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongFieldTypesAreRejected()
    {
        using var document = JsonDocument.Parse(File.ReadAllLines(SamplePath, Encoding.UTF8)[0]);
        var row = document.RootElement;
        var numericId = row.GetRawText().Replace("\"id\":\"2501.00001\"", "\"id\":2501.00001", StringComparison.Ordinal);
        var path = Path.Combine(_root, "types.jsonl");
        File.WriteAllLines(path, [numericId, "{\"id\":\"2501.00009\",\"title\":\"t\",\"abstract\":\"a\",\"versions\":[{\"created\":\"Thu, 2 Jan 2025 18:00:01 GMT\"}],\"authors_parsed\":\"Example, Maria\"}"]);

        var parsed = await PaperFileReader.ReadAsync(path, ArxivSnapshotJsonlFormat.FormatName, CancellationToken.None);

        Assert.Empty(parsed.Papers);
        Assert.Contains("'id' must be a string, found a number", parsed.Rejects[0].Reason, StringComparison.Ordinal);
        Assert.Equal("line 2", parsed.Rejects[1].Position);
    }
}
