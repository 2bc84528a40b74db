using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TrendBoard.Core.Import;

namespace TrendBoard.Core.Tests.Import;

/// <summary>
/// Reads the real saved Daily Papers page and checks it against a regex-and-decode reading of the
/// same bytes. Variants without data-props, or with broken ones, are written to temporary files.
/// </summary>
public sealed partial class HfPapersHtmlFormatTests : IDisposable
{
    private static readonly DateOnly s_pageDay = new(2024, 8, 1);
    private readonly string _root = Directory.CreateTempSubdirectory("trendboard-html-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string PagePath => TestFiles.TestData("hf-html", "huggingface_papers.html");

    private static string PaperPagePath => TestFiles.TestData("hand-written", "hf-html", "paper-page-2407.21686.html");

    [Fact]
    public async Task DailyPageMatchesDecodedDataProps()
    {
        using var props = ReadDataPropsWithRegex(File.ReadAllText(PagePath), "DailyPapers");
        var items = props.RootElement.GetProperty("dailyPapers").EnumerateArray().ToList();

        var parsed = await PaperFileReader.ReadAsync(PagePath, CancellationToken.None);

        Assert.Equal(HfPapersHtmlFormat.FormatName, parsed.Format);
        Assert.Empty(parsed.Rejects);
        Assert.Null(parsed.Notice);
        Assert.Equal(13, items.Count);
        Assert.Equal(items.Count, parsed.Papers.Count);
        foreach (var (item, paper) in items.Zip(parsed.Papers))
        {
            var source = item.GetProperty("paper");
            Assert.Equal(source.GetProperty("id").GetString(), paper.Id);
            Assert.Equal(HfDailyApiParserTests.Collapse(source.GetProperty("title").GetString()!), paper.Title);
            Assert.Equal(HfDailyApiParserTests.Collapse(source.GetProperty("summary").GetString()!), paper.Abstract);
            Assert.Equal(source.GetProperty("authors").GetArrayLength(), paper.Authors.Count);
            Assert.Equal(s_pageDay, paper.FeaturedOn);
            Assert.Equal(new UpvoteObservationView(s_pageDay, source.GetProperty("upvotes").GetInt32()), View(paper.Upvote));
            Assert.Equal(HfPapersHtmlFormat.FormatName, paper.Source);
        }
    }

    [Fact]
    public async Task CardUpvotesAgreeWithDataProps()
    {
        var cards = ReadCardsWithRegex(File.ReadAllText(PagePath));

        var parsed = await PaperFileReader.ReadAsync(PagePath, CancellationToken.None);

        Assert.Equal(cards.Select(c => (c.Id, c.Upvotes)), parsed.Papers.Select(p => (p.Id, p.Upvote!.Upvotes)));
    }

    [Fact]
    public async Task CardsAreReadWhenDataPropsAreMissing()
    {
        var html = File.ReadAllText(PagePath);
        var cards = ReadCardsWithRegex(html);
        var path = Write("2024-08-01.html", DailyPropsAttribute().Replace(html, "data-target=\"DailyPapersRemoved\""));

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Empty(parsed.Rejects);
        Assert.Equal(cards.Count, parsed.Papers.Count);
        foreach (var (card, paper) in cards.Zip(parsed.Papers))
        {
            Assert.Equal(card.Id, paper.Id);
            Assert.Equal(card.Title, paper.Title);
            Assert.Equal(card.Upvotes, paper.Upvote!.Upvotes);
            Assert.Equal(s_pageDay, paper.Upvote.ObservedOn);
            Assert.Equal(s_pageDay, paper.PublishedOn);
            Assert.True(paper.DateUncertain);
            Assert.Equal(string.Empty, paper.Abstract);
        }

        Assert.Contains("visible cards", parsed.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokenDataPropsFallBackToCards()
    {
        var html = File.ReadAllText(PagePath);
        var attribute = DailyPropsValue().Match(html).Groups["value"];
        var broken = html[..(attribute.Index + (attribute.Length / 2))] + html[(attribute.Index + attribute.Length)..];
        var path = Write("broken.html", broken);

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        var reject = Assert.Single(parsed.Rejects);
        Assert.StartsWith("DailyPapers data-props, line ", reject.Position, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", reject.Reason, StringComparison.Ordinal);
        Assert.Equal(ReadCardsWithRegex(html).Count, parsed.Papers.Count);
        Assert.All(parsed.Papers, p => Assert.True(p.DateUncertain));
    }

    [Fact]
    public async Task TruncatedPageIsRejected()
    {
        var bytes = File.ReadAllBytes(PagePath);
        var path = Write("cut.html", Encoding.UTF8.GetString(bytes[..(bytes.Length / 3)]));

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Empty(parsed.Papers);
        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal("whole page", reject.Position);
        Assert.Contains("cut short", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PaperPageMatchesTheListPage()
    {
        var listPage = await PaperFileReader.ReadAsync(PagePath, CancellationToken.None);
        var expected = listPage.Papers.Single(p => p.Id == "2407.21686");
        var options = new PaperReadOptions { CaptureDate = new DateOnly(2024, 8, 11) };

        var parsed = await PaperFileReader.ReadAsync(PaperPagePath, options, CancellationToken.None);

        Assert.Empty(parsed.Rejects);
        var paper = Assert.Single(parsed.Papers);
        Assert.Equal(expected.Id, paper.Id);
        Assert.Equal(expected.Title, paper.Title);
        Assert.Equal(expected.Abstract, paper.Abstract);
        Assert.Equal(expected.Authors, paper.Authors);
        Assert.Equal(expected.PublishedOn, paper.PublishedOn);
        Assert.Equal(new UpvoteObservationView(new DateOnly(2024, 8, 11), expected.Upvote!.Upvotes), View(paper.Upvote));
    }

    [Fact]
    public async Task PageWithoutPaperDataIsRejected()
    {
        var path = Write("other.html", "<!DOCTYPE html><html><head><title>Models</title></head><body><article><a href=\"/models\">x</a></article></body></html>");

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Equal(HfPapersHtmlFormat.FormatName, parsed.Format);
        Assert.Empty(parsed.Papers);
        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal("whole page", reject.Position);
        Assert.Contains("no paper data", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntitiesInDataPropsAreDecoded()
    {
        var props = """{"paper":{"id":"2407.00001","authors":[{"name":"Zo\u00eb \"Z\" Example"}],"publishedAt":"2024-07-01T00:00:00.000Z","title":"Q&A <and> Caf\u00e9s","summary":"Uses $a<b$ & 10\\% more.","upvotes":3}}""";
        var encoded = WebUtility.HtmlEncode(props).Replace("é", "&#233;", StringComparison.Ordinal);
        var path = Write("entities.html", $"<!doctype html><html><body><div class=\"SVELTE_HYDRATER contents\" data-target=\"PaperContent\" data-props=\"{encoded}\"></div></body></html>");

        var paper = Assert.Single((await PaperFileReader.ReadAsync(path, CancellationToken.None)).Papers);

        Assert.Equal("Q&A <and> Cafés", paper.Title);
        Assert.Equal(@"Uses $a<b$ & 10\% more.", paper.Abstract);
        Assert.Equal(["Zoë \"Z\" Example"], paper.Authors);
    }

    [Fact]
    public async Task NegativeCardUpvotesAreRejected()
    {
        var html = DailyPropsAttribute().Replace(File.ReadAllText(PagePath), "data-target=\"DailyPapersRemoved\"");
        var path = Write("2024-08-01.html", html.Replace("<div class=\"leading-none\">94</div>", "<div class=\"leading-none\">-94</div>", StringComparison.Ordinal));

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        var reject = Assert.Single(parsed.Rejects);
        Assert.StartsWith("paper card 1, line ", reject.Position, StringComparison.Ordinal);
        Assert.Contains("-94", reject.Reason, StringComparison.Ordinal);
        Assert.Equal(ReadCardsWithRegex(html).Count - 1, parsed.Papers.Count);
    }

    [Fact]
    public async Task Latin1PageIsRejected()
    {
        var path = Write("latin1.html", "<!doctype html><html><body><h1>Caf</h1></body></html>");
        var bytes = File.ReadAllBytes(path);
        var at = Array.IndexOf(bytes, (byte)'<', 30);
        bytes[at - 1] = 0xE9;
        File.WriteAllBytes(path, bytes);

        var parsed = await PaperFileReader.ReadAsync(path, CancellationToken.None);

        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal($"line 1, byte {at}", reject.Position);
        Assert.Contains("Latin-1", reject.Reason, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private static JsonDocument ReadDataPropsWithRegex(string html, string target)
    {
        var match = Regex.Match(html, $"data-target=\"{target}\" data-props=\"(?<value>[^\"]*)\"");
        return JsonDocument.Parse(WebUtility.HtmlDecode(match.Groups["value"].Value));
    }

    private static List<(string Id, string Title, int Upvotes)> ReadCardsWithRegex(string html) =>
        CardPattern().Matches(html)
            .Select(m => (m.Groups["id"].Value, WebUtility.HtmlDecode(m.Groups["title"].Value).Trim(), int.Parse(m.Groups["upvotes"].Value)))
            .ToList();

    private static UpvoteObservationView? View(TrendBoard.Core.Papers.UpvoteObservation? upvote) =>
        upvote is null ? null : new UpvoteObservationView(upvote.ObservedOn, upvote.Upvotes);

    [GeneratedRegex("data-target=\"DailyPapers\" data-props=\"[^\"]*\"")]
    private static partial Regex DailyPropsAttribute();

    [GeneratedRegex("data-target=\"DailyPapers\" data-props=\"(?<value>[^\"]*)\"")]
    private static partial Regex DailyPropsValue();

    // Matches one card of the saved page: the upvote count, then the <h3> link with the paper id and title.
    [GeneratedRegex("<article.*?<div class=\"leading-none\">(?<upvotes>[0-9]+)</div>.*?<h3[^>]*><a href=\"/papers/(?<id>[0-9.]+)\"[^>]*>(?<title>[^<]*)</a>", RegexOptions.Singleline)]
    private static partial Regex CardPattern();

    private sealed record UpvoteObservationView(DateOnly ObservedOn, int Upvotes);
}
