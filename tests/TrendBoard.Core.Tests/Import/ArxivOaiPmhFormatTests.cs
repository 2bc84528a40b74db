using System.Text;
using System.Xml.Linq;
using TrendBoard.Core.Import;

namespace TrendBoard.Core.Tests.Import;

/// <summary>
/// Reads hand-written OAI-PMH pages (no real harvest was available) and checks the records
/// against a LINQ to XML reading of the same files.
/// </summary>
public sealed class ArxivOaiPmhFormatTests : IDisposable
{
    private static readonly XNamespace _oai = "http://www.openarchives.org/OAI/2.0/";
    private static readonly XNamespace _arxiv = "http://arxiv.org/OAI/arXiv/";
    private readonly string _root = Directory.CreateTempSubdirectory("trendboard-oai-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Fixture(string name) => TestFiles.TestData("hand-written", "oai-pmh", name);

    [Fact]
    public async Task ArxivMetadataMatchesXmlReading()
    {
        var path = Fixture("listrecords-arxiv.xml");
        var document = XDocument.Load(path);
        var dated = document.Descendants(_arxiv + "arXiv").Where(m => m.Element(_arxiv + "created") is not null).ToList();

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Equal(ArxivOaiPmhFormat.FormatName, parsed.Format);
        Assert.Equal(dated.Count, parsed.Papers.Count);
        foreach (var (metadata, paper) in dated.Zip(parsed.Papers))
        {
            Assert.Equal(metadata.Element(_arxiv + "id")!.Value, paper.Id);
            Assert.Equal(DateOnly.Parse(metadata.Element(_arxiv + "created")!.Value), paper.PublishedOn);
            Assert.Equal(metadata.Element(_arxiv + "categories")!.Value.Split(' '), paper.Categories);
            Assert.Equal(metadata.Descendants(_arxiv + "author").Count(), paper.Authors.Count);
        }
    }

    [Fact]
    public async Task ArxivRecordIsCleaned()
    {
        var parsed = await PaperFileReader.ReadAsync(Fixture("listrecords-arxiv.xml"), CancellationToken.None);

        var first = parsed.Papers[0];
        Assert.Equal("Sparse Expert Routing for Long-Context Language Models", first.Title);
        Assert.Equal(
            @"We route tokens to $k$ of $n$ experts in $O(n \log n)$ time and cut memory by 10\% on inputs of 128k tokens. Questions & answers about the method are in the appendix.",
            first.Abstract);
        Assert.Equal(["Maria Example", "Jan Tester Jr"], first.Authors);
        var oldStyle = parsed.Papers[1];
        Assert.Equal("cs/0610004", oldStyle.Id);
        Assert.Equal(["Jürgen Müller"], oldStyle.Authors);
    }

    [Fact]
    public async Task DeletedAndUndatedRecordsAreReported()
    {
        var lines = File.ReadAllLines(Fixture("listrecords-arxiv.xml"));
        var fourthRecordLine = lines.Select((line, index) => (line, index)).Where(x => x.line == "<record>").ElementAt(3).index + 1;

        var parsed = await PaperFileReader.ReadAsync(Fixture("listrecords-arxiv.xml"), CancellationToken.None);

        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal($"record 4, line {fourthRecordLine}", reject.Position);
        Assert.Contains("has no <created> day", reject.Reason, StringComparison.Ordinal);
        Assert.Contains("oai:arXiv.org:2501.00003", reject.Reason, StringComparison.Ordinal);
        Assert.Contains("1 of 4 records are marked deleted", parsed.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResumptionTokenIsInTheNotice()
    {
        var parsed = await PaperFileReader.ReadAsync(Fixture("listrecords-arxiv.xml"), CancellationToken.None);

        Assert.Contains("resumptionToken=6960524|1001", parsed.Notice, StringComparison.Ordinal);
        Assert.Contains("of 2540 records", parsed.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DublinCoreRecordsAreRead()
    {
        var path = Fixture("listrecords-oai_dc.xml");

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Empty(parsed.Rejects);
        Assert.Null(parsed.Notice);
        Assert.Equal(["2501.00004", "2501.00005"], parsed.Papers.Select(p => p.Id));
        var first = parsed.Papers[0];
        Assert.Equal("Evaluating Retrieval Benchmarks Across Languages", first.Title);
        Assert.Equal("We compare 14 retrieval benchmarks in 9 languages and find that rankings agree only for the top 3 systems.", first.Abstract);
        Assert.Equal(["Maria Example", "Jan van der Tester"], first.Authors);
        Assert.Equal(new DateOnly(2025, 1, 6), first.PublishedOn);
        Assert.Empty(first.Categories);
    }

    [Fact]
    public async Task NoRecordsMatchGivesNotice()
    {
        var parsed = await PaperFileReader.ReadAsync(Fixture("no-records-match.xml"), CancellationToken.None);

        Assert.Empty(parsed.Papers);
        Assert.Empty(parsed.Rejects);
        Assert.Contains("noRecordsMatch", parsed.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProtocolErrorBecomesReject()
    {
        var path = Write("bad-argument.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
            <responseDate>2025-03-01T12:00:00Z</responseDate>
            <error code="badArgument">Illegal argument: foo</error>
            </OAI-PMH>
            """);

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal("line 4", reject.Position);
        Assert.Contains("badArgument: Illegal argument: foo", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsupportedMetadataFormatIsRejected()
    {
        var path = Write("raw.xml", """
            <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><GetRecord><record>
            <header><identifier>oai:arXiv.org:2501.00001</identifier></header>
            <metadata><arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/"><id>2501.00001</id></arXivRaw></metadata>
            </record></GetRecord></OAI-PMH>
            """);

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal("record 1, line 1", reject.Position);
        Assert.Contains("<arXivRaw>", reject.Reason, StringComparison.Ordinal);
        Assert.Contains("metadataPrefix=arXiv", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedPageKeepsRecordsBeforeTheCut()
    {
        var text = File.ReadAllText(Fixture("listrecords-arxiv.xml"));
        var path = Write("cut.xml", text[..text.IndexOf("<header status=\"deleted\">", StringComparison.Ordinal)]);

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Equal(["2501.00001", "cs/0610004"], parsed.Papers.Select(p => p.Id));
        var reject = Assert.Single(parsed.Rejects);
        Assert.Contains("invalid XML", reject.Reason, StringComparison.Ordinal);
        Assert.Contains("the 2 papers before this point were read", reject.Reason, StringComparison.Ordinal);
        Assert.Null(parsed.Notice);
    }

    [Fact]
    public async Task OtherRootElementIsRejected()
    {
        var path = Write("other.xml", "<rss version=\"2.0\"><channel/></rss>");

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Empty(parsed.Papers);
        var reject = Assert.Single(parsed.Rejects);
        Assert.Contains("<rss>", reject.Reason, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }
}
