using System.Text.Json;
using System.Text.RegularExpressions;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Tests.Import;

/// <summary>
/// Parses real saved responses of every shape and checks the records against values read from
/// the same files another way (System.Text.Json, or Python's own reading of the repr strings).
/// </summary>
public sealed partial class HfDailyApiParserTests
{
    [Fact]
    public void ArrayFileMatchesIndependentRead()
    {
        var path = TestFiles.DailyPapers("2024-05-27.json");
        var expected = ReadItems(path);

        var parsed = ParseFile(path);

        Assert.Empty(parsed.Rejects);
        Assert.Null(parsed.Notice);
        Assert.Equal(expected.Count, parsed.Papers.Count);
        AssertMatchesItems(expected, parsed.Papers, new DateOnly(2024, 5, 27));
    }

    [Fact]
    public void HardWrappedTitleIsJoined()
    {
        var path = TestFiles.DailyPapers("2024-05-27.json");
        var rawTitle = ReadItems(path).Single(item => PaperId(item) == "2405.15738").GetProperty("paper").GetProperty("title").GetString();

        var paper = ParseFile(path).Papers.Single(p => p.Id == "2405.15738");

        Assert.Equal("ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal\n  Models", rawTitle);
        Assert.Equal("ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models", paper.Title);
    }

    [Fact]
    public void AbstractKeepsTexAndLosesWraps()
    {
        var paper = ParseFile(TestFiles.DailyPapers("2024-05-27.json")).Papers.Single(p => p.Id == "2405.15319");

        Assert.Contains(@"resulting in a 54.6\% speedup. We further address O3", paper.Abstract, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", paper.Abstract, StringComparison.Ordinal);
        Assert.DoesNotContain("  ", paper.Abstract, StringComparison.Ordinal);
    }

    [Fact]
    public void PaperTitleWinsOverTopLevelTexTitle()
    {
        var path = TestFiles.DailyPapers("2024-06-04.json");
        var item = ReadItems(path).Single(i => PaperId(i) == "2406.00153");

        var paper = ParseFile(path).Papers.Single(p => p.Id == "2406.00153");

        Assert.StartsWith("$μ$LO:", item.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal("μLO: Compute-Efficient Meta-Generalization of Learned Optimizers", paper.Title);
    }

    [Theory]
    [InlineData("2024-12-11.json")]
    [InlineData("2024-12-18.json")]
    public void ReprFileMatchesPythonReading(string name)
    {
        var path = TestFiles.DailyPapers(name);
        var pythonItems = ReadItems(TestFiles.DailyPapers(Path.Combine("python-json", name)));
        var reprStrings = ReadItems(path);

        var parsed = ParseFile(path);

        Assert.Empty(parsed.Rejects);
        Assert.All(reprStrings, s => Assert.StartsWith("{'paper': {'id': '", s.GetString(), StringComparison.Ordinal));
        Assert.Equal(reprStrings.Count, parsed.Papers.Count);
        AssertMatchesItems(pythonItems, parsed.Papers, CorpusFiles.TryParseDay(name)!.Value);
    }

    [Fact]
    public void WrapperFileReadsDataAndDate()
    {
        var path = TestFiles.DailyPapers("2025-01-10.json");
        using var wrapper = JsonDocument.Parse(File.ReadAllBytes(path));
        var pythonItems = ReadItems(TestFiles.DailyPapers(Path.Combine("python-json", "2025-01-10.json")));

        // No day from a file name: the featured day has to come from the wrapper's "date".
        ParsedFile parsed;
        using (var stream = File.OpenRead(path))
        {
            parsed = HfDailyApiParser.Parse(stream, "wrapper.json", fileDay: null);
        }

        Assert.Equal("success", wrapper.RootElement.GetProperty("status").GetString());
        Assert.Empty(parsed.Rejects);
        Assert.Null(parsed.Notice);
        Assert.Equal(wrapper.RootElement.GetProperty("count").GetInt32(), parsed.Papers.Count);
        AssertMatchesItems(pythonItems, parsed.Papers, DateOnly.Parse(wrapper.RootElement.GetProperty("date").GetString()!));
    }

    [Theory]
    [InlineData("2024-06-01.json")]
    [InlineData("2025-01-11.json")]
    public void EmptyDayGivesNoticeOnly(string name)
    {
        var parsed = ParseFile(TestFiles.DailyPapers(Path.Combine("empty-days", name)));

        Assert.Empty(parsed.Papers);
        Assert.Empty(parsed.Rejects);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Notice));
    }

    [Fact]
    public void NoDataNoticeCarriesTheMessage()
    {
        var path = TestFiles.DailyPapers(Path.Combine("empty-days", "2025-01-11.json"));
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));

        var parsed = ParseFile(path);

        Assert.Contains("no_data", parsed.Notice, StringComparison.Ordinal);
        Assert.Contains(document.RootElement.GetProperty("message").GetString()!, parsed.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedPaperKeepsEachDaysUpvotes()
    {
        const string id = "2604.07429";
        var days = new[] { "2026-04-10.json", "2026-04-16.json" };
        var rawUpvotes = days
            .Select(name => ReadItems(TestFiles.DailyPapers(name)).Single(item => PaperId(item) == id))
            .Select(item => item.GetProperty("paper").GetProperty("upvotes").GetInt32())
            .ToArray();

        var upvotes = days
            .Select(name => ParseFile(TestFiles.DailyPapers(name)).Papers.Single(p => p.Id == id).Upvote)
            .ToArray();

        Assert.NotEqual(rawUpvotes[0], rawUpvotes[1]);
        Assert.Equal(new UpvoteObservation(new DateOnly(2026, 4, 10), rawUpvotes[0]), upvotes[0]);
        Assert.Equal(new UpvoteObservation(new DateOnly(2026, 4, 16), rawUpvotes[1]), upvotes[1]);
    }

    [Fact]
    public void KeywordsComeFromAiKeywords()
    {
        var path = TestFiles.DailyPapers("2026-04-10.json");
        var items = ReadItems(path);

        var papers = ParseFile(path).Papers;

        var withKeywords = 0;
        foreach (var (item, paper) in items.Zip(papers))
        {
            Assert.Equal(PaperId(item), paper.Id);
            var expected = item.GetProperty("paper").TryGetProperty("ai_keywords", out var keywords)
                ? keywords.EnumerateArray().Select(k => Collapse(k.GetString()!)).Where(k => k.Length > 0).Distinct().ToList()
                : [];
            Assert.Equal(expected, paper.SourceKeywords);
            withKeywords += expected.Count > 0 ? 1 : 0;
        }

        Assert.True(withKeywords > 0, "the fixture should hold papers with ai_keywords");
    }

    [Fact]
    public void FeaturedDayFallsBackToSubmission()
    {
        var path = TestFiles.DailyPapers("2026-04-16.json");
        var items = ReadItems(path);

        var parsed = HfDailyApiParser.Parse(File.ReadAllBytes(path), "no-day-in-name.json", fileDay: null);

        Assert.Empty(parsed.Rejects);
        foreach (var (item, paper) in items.Zip(parsed.Papers))
        {
            var submitted = item.GetProperty("paper").GetProperty("submittedOnDailyAt").GetDateTimeOffset();
            var day = DateOnly.FromDateTime(submitted.UtcDateTime);
            Assert.Equal(day, paper.FeaturedOn);
            Assert.Equal(day, paper.Upvote?.ObservedOn);
        }
    }

    [Fact]
    public void HiddenAuthorsAreKept()
    {
        var path = TestFiles.DailyPapers("2026-04-10.json");
        var items = ReadItems(path);

        var papers = ParseFile(path).Papers;

        foreach (var (item, paper) in items.Zip(papers))
        {
            var names = item.GetProperty("paper").GetProperty("authors").EnumerateArray()
                .Select(a => Collapse(a.GetProperty("name").GetString()!))
                .ToList();
            Assert.Equal(names, paper.Authors);
        }
    }

    internal static ParsedFile ParseFile(string path)
    {
        using var stream = File.OpenRead(path);
        return HfDailyApiParser.Parse(stream, path, CorpusFiles.TryParseDay(path));
    }

    // The items of an array file, or of a wrapper's data, as JSON elements that outlive the document.
    internal static List<JsonElement> ReadItems(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.GetProperty("data") : document.RootElement;
        return root.EnumerateArray().Select(item => item.Clone()).ToList();
    }

    internal static string PaperId(JsonElement item) => item.GetProperty("paper").GetProperty("id").GetString()!;

    // An independent stand-in for the cleaning: the fixtures are already NFC and hold no HTML
    // entities, so collapsing whitespace is all the cleaning does to them.
    internal static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    private static void AssertMatchesItems(IReadOnlyList<JsonElement> items, IReadOnlyList<PaperRecord> papers, DateOnly day)
    {
        Assert.Equal(items.Count, papers.Count);
        foreach (var (item, paper) in items.Zip(papers))
        {
            var raw = item.GetProperty("paper");
            Assert.Equal(raw.GetProperty("id").GetString(), paper.Id);
            Assert.Equal(Collapse(raw.GetProperty("title").GetString()!), paper.Title);
            Assert.Equal(Collapse(raw.GetProperty("summary").GetString()!), paper.Abstract);
            Assert.Equal(DateOnly.FromDateTime(raw.GetProperty("publishedAt").GetDateTimeOffset().UtcDateTime), paper.PublishedOn);
            Assert.Equal(day, paper.FeaturedOn);
            Assert.Equal(new UpvoteObservation(day, raw.GetProperty("upvotes").GetInt32()), paper.Upvote);
            Assert.Equal(raw.GetProperty("authors").GetArrayLength(), paper.Authors.Count);
            Assert.Equal("hf-daily-api", paper.Source);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
