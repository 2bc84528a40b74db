using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Tests.Import;

/// <summary>
/// Reads the real arXiv API response and checks each paper against an XPath reading of the same
/// file. Broken variants are made in temporary files from the real bytes.
/// </summary>
public sealed partial class ArxivAtomFormatTests : IDisposable
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";
    private const string ArxivNs = "http://arxiv.org/schemas/atom";
    private readonly string _root = Directory.CreateTempSubdirectory("trendboard-atom-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string FixturePath => TestFiles.TestData("arxiv-atom", "arxiv_response.xml");

    [Fact]
    public async Task EntriesMatchXPathReading()
    {
        var expected = ReadEntriesWithXPath(FixturePath);

        var parsed = await PaperFileReader.ReadAsync(FixturePath, CancellationToken.None);

        Assert.Equal(ArxivAtomFormat.FormatName, parsed.Format);
        Assert.Empty(parsed.Rejects);
        Assert.Equal(2, expected.Count);
        Assert.Equal(expected.Count, parsed.Papers.Count);
        foreach (var (entry, paper) in expected.Zip(parsed.Papers))
        {
            Assert.Equal(entry.Id, paper.Id);
            Assert.Equal(entry.Title, paper.Title);
            Assert.Equal(entry.Summary, paper.Abstract);
            Assert.Equal(entry.Authors, paper.Authors);
            Assert.Equal(entry.Published, paper.PublishedOn);
            Assert.Equal(entry.Categories, paper.Categories);
            Assert.Equal(ArxivAtomFormat.FormatName, paper.Source);
            Assert.Null(paper.FeaturedOn);
            Assert.Null(paper.Upvote);
            Assert.False(paper.DateUncertain);
        }
    }

    [Fact]
    public async Task VersionSuffixAndHardWrapsAreRemoved()
    {
        var raw = File.ReadAllText(FixturePath);

        var paper = (await PaperFileReader.ReadAsync(FixturePath, CancellationToken.None)).Papers[0];

        Assert.Contains("<id>http://arxiv.org/abs/2510.14968v1</id>", raw, StringComparison.Ordinal);
        Assert.Contains("Planner Alignment in\n  Long-Horizon Tasks", raw, StringComparison.Ordinal);
        Assert.Equal("2510.14968", paper.Id);
        Assert.Equal("RDD: Retrieval-Based Demonstration Decomposer for Planner Alignment in Long-Horizon Tasks", paper.Title);
        Assert.StartsWith("To tackle long-horizon tasks, recent hierarchical vision-language-action (VLAs)", paper.Abstract, StringComparison.Ordinal);
        Assert.Equal("cs.RO", paper.Categories[0]);
    }

    [Fact]
    public async Task FeedPageGivesPagingNotice()
    {
        var parsed = await PaperFileReader.ReadAsync(FixturePath, CancellationToken.None);

        Assert.Contains("entries 1 to 2 of 5619", parsed.Notice, StringComparison.Ordinal);
        Assert.Contains("start=2", parsed.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedFeedKeepsEntriesBeforeTheCut()
    {
        var bytes = File.ReadAllBytes(FixturePath);
        var secondEntry = IndexOf(bytes, "<entry>", occurrence: 2);
        var path = Write("cut.xml", bytes[..(secondEntry + 300)]);

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        var paper = Assert.Single(parsed.Papers);
        Assert.Equal("2510.14968", paper.Id);
        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal(path, reject.SourceFile);
        Assert.Matches(@"^line [0-9]+, column [0-9]+$", reject.Position);
        Assert.Contains("invalid XML", reject.Reason, StringComparison.Ordinal);
        Assert.Contains("the 1 paper before this point was read", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latin1ByteIsRejectedAtItsLine()
    {
        var bytes = File.ReadAllBytes(FixturePath);
        var title = IndexOf(bytes, "Neural Implicit Flow Fields", occurrence: 1);
        bytes[title + 1] = 0xE9;
        var expectedLine = bytes[..title].Count(b => b == (byte)'\n') + 1;
        var path = Write("latin1.xml", bytes);

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Single(parsed.Papers);
        var reject = Assert.Single(parsed.Rejects);
        Assert.StartsWith($"line {expectedLine}, ", reject.Position, StringComparison.Ordinal);
        Assert.Contains("invalid XML", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DtdIsRejectedWithoutReadingEntities()
    {
        var secret = Write("secret.txt", Encoding.UTF8.GetBytes("do not read me"));
        var xml = $"""
            <?xml version="1.0"?>
            <!DOCTYPE feed [<!ENTITY leak SYSTEM "file://{secret}">]>
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2510.14968v1</id><title>&leak;</title></entry></feed>
            """;
        var path = Write("dtd.xml", Encoding.UTF8.GetBytes(xml));

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Equal(ArxivAtomFormat.FormatName, parsed.Format);
        Assert.Empty(parsed.Papers);
        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal("start of file", reject.Position);
        Assert.Contains("DTD", reject.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("do not read me", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiErrorEntryBecomesReject()
    {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <entry>
                <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>
                <title>Error</title>
                <summary>incorrect id format for 1234</summary>
              </entry>
            </feed>
            """;
        var path = Write("error.xml", Encoding.UTF8.GetBytes(xml));

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Empty(parsed.Papers);
        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal("entry 1, line 3", reject.Position);
        Assert.Contains("incorrect id format for 1234", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadEntriesAreRejectedAndGoodOnesKept()
    {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
              <entry><id>http://arxiv.org/abs/cs/0610004v2</id><published>2006-10-02T11:00:00Z</published><title>Old style</title><summary>Kept.</summary><arxiv:primary_category term="cs.AI"/><category term="I.2.7"/></entry>
              <entry><id>not-an-id</id><published>2006-10-02T11:00:00Z</published><title>Bad id</title><summary>x</summary></entry>
              <entry><id>http://arxiv.org/abs/2510.00001v1</id><published>yesterday</published><title>Bad date</title><summary>x</summary></entry>
              <entry><id>http://arxiv.org/abs/2510.00002v1</id><published>2030-01-01T00:00:00Z</published><title>Future</title><summary>x</summary></entry>
            </feed>
            """;
        var path = Write("mixed.xml", Encoding.UTF8.GetBytes(xml));
        var options = new PaperReadOptions { TimeProvider = FixedClock.At(2026, 12, 4) };

        var parsed = await PaperFileReader.ReadAsync(path, options, CancellationToken.None);

        var paper = Assert.Single(parsed.Papers);
        Assert.Equal("cs/0610004", paper.Id);
        Assert.Equal(new[] { "cs.AI" }, paper.Categories);
        Assert.Equal(["entry 2, line 4", "entry 3, line 5", "entry 4, line 6"], parsed.Rejects.Select(r => r.Position));
        Assert.Contains("not-an-id", parsed.Rejects[0].Reason, StringComparison.Ordinal);
        Assert.Contains("'yesterday'", parsed.Rejects[1].Reason, StringComparison.Ordinal);
        Assert.Contains("2030-01-01 is in the future", parsed.Rejects[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyResultGivesNotice()
    {
        var xml = """
            <feed xmlns="http://www.w3.org/2005/Atom">
              <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:totalResults>
            </feed>
            """;
        var path = Write("empty-result.atom", Encoding.UTF8.GetBytes(xml));

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Empty(parsed.Papers);
        Assert.Empty(parsed.Rejects);
        Assert.Contains("matched no papers", parsed.Notice, StringComparison.Ordinal);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static int IndexOf(byte[] bytes, string text, int occurrence)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        var start = -1;
        for (var i = 0; i < occurrence; i++)
        {
            start = bytes.AsSpan(start + 1).IndexOf(needle) + start + 1;
        }

        return start;
    }

    private static List<AtomEntry> ReadEntriesWithXPath(string path)
    {
        var document = new XmlDocument { XmlResolver = null };
        document.Load(path);
        var names = new XmlNamespaceManager(document.NameTable);
        names.AddNamespace("a", AtomNs);
        names.AddNamespace("arxiv", ArxivNs);

        var entries = new List<AtomEntry>();
        foreach (XmlNode entry in document.SelectNodes("/a:feed/a:entry", names)!)
        {
            var url = entry.SelectSingleNode("a:id", names)!.InnerText;
            var categories = new List<string> { entry.SelectSingleNode("arxiv:primary_category/@term", names)!.Value! };
            foreach (XmlNode term in entry.SelectNodes("a:category/@term", names)!)
            {
                if (!categories.Contains(term.Value!))
                {
                    categories.Add(term.Value!);
                }
            }

            entries.Add(new AtomEntry(
                VersionSuffix().Replace(url[(url.IndexOf("/abs/", StringComparison.Ordinal) + 5)..], string.Empty),
                Collapse(entry.SelectSingleNode("a:title", names)!.InnerText),
                Collapse(entry.SelectSingleNode("a:summary", names)!.InnerText),
                entry.SelectNodes("a:author/a:name", names)!.Cast<XmlNode>().Select(n => n.InnerText).ToList(),
                DateOnly.ParseExact(entry.SelectSingleNode("a:published", names)!.InnerText[..10], "yyyy-MM-dd"),
                categories));
        }

        return entries;
    }

    // The fixture is ASCII, so collapsing whitespace is all the cleaning it needs.
    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("v[0-9]+$")]
    private static partial Regex VersionSuffix();

    private sealed record AtomEntry(string Id, string Title, string Summary, List<string> Authors, DateOnly Published, List<string> Categories);
}
