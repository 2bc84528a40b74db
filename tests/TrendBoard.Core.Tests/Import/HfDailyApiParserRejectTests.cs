using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Tests.Import;

/// <summary>
/// Broken input: every case gives rejects that name the position and keeps the good records.
/// Broken copies are made in memory from a real file; nothing edited is saved.
/// </summary>
public sealed class HfDailyApiParserRejectTests
{
    private const string SourceName = "test.json";
    private static readonly DateOnly s_day = new(2024, 5, 27);

    [Fact]
    public void TruncatedArrayKeepsRecordsBeforeTheCut()
    {
        var bytes = File.ReadAllBytes(TestFiles.DailyPapers("2024-05-27.json"));
        var records = RecordSpans(bytes);
        var cutRecord = records.Count / 2;
        var cut = records[cutRecord].Start + ((records[cutRecord].End - records[cutRecord].Start) / 2);

        var parsed = HfDailyApiParser.Parse(bytes.AsMemory(0, cut), SourceName, s_day);

        var expectedIds = HfDailyApiParserTests.ReadItems(TestFiles.DailyPapers("2024-05-27.json"))
            .Take(cutRecord)
            .Select(HfDailyApiParserTests.PaperId);
        Assert.Equal(expectedIds, parsed.Papers.Select(p => p.Id));
        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal(SourceName, reject.SourceFile);
        Assert.StartsWith($"record {cutRecord + 1}, line ", reject.Position, StringComparison.Ordinal);
        Assert.Contains("invalid JSON", reject.Reason, StringComparison.Ordinal);
        Assert.Contains($"the {cutRecord} papers before this point were read", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ArrayCutBetweenRecordsSaysWhereItEnds()
    {
        var bytes = File.ReadAllBytes(TestFiles.DailyPapers("2024-05-27.json"));
        var records = RecordSpans(bytes);

        var parsed = HfDailyApiParser.Parse(bytes.AsMemory(0, records[2].End), SourceName, s_day);

        Assert.Equal(3, parsed.Papers.Count);
        var reject = Assert.Single(parsed.Rejects);
        Assert.StartsWith("line ", reject.Position, StringComparison.Ordinal);
        Assert.Contains("after record 3", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedReprFileKeepsRecordsBeforeTheCut()
    {
        var bytes = File.ReadAllBytes(TestFiles.DailyPapers("2024-12-11.json"));
        var records = RecordSpans(bytes);
        var cut = records[4].Start + 100;

        var parsed = HfDailyApiParser.Parse(bytes.AsMemory(0, cut), SourceName, null);

        Assert.Equal(4, parsed.Papers.Count);
        var reject = Assert.Single(parsed.Rejects);
        Assert.StartsWith("record 5, line ", reject.Position, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeUpvotesRejectOnlyThatRecord()
    {
        var items = RealItems();
        items[2]!["paper"]!["upvotes"] = -3;

        var parsed = Parse(items);

        Assert.Equal(items.Count - 1, parsed.Papers.Count);
        Assert.DoesNotContain(parsed.Papers, p => p.Id == (string?)items[2]!["paper"]!["id"]);
        var reject = Assert.Single(parsed.Rejects);
        Assert.StartsWith("record 3, line ", reject.Position, StringComparison.Ordinal);
        Assert.Contains("paper.upvotes is -3", reject.Reason, StringComparison.Ordinal);
        Assert.Contains("negative", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectPositionNamesTheRecordsLine()
    {
        var items = RealItems();
        items[4]!["paper"]!.AsObject().Remove("id");
        var json = Serialize(items);
        var expectedLine = LineOfRecord(json, 4);

        var parsed = HfDailyApiParser.Parse(json, SourceName, s_day);

        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal($"record 5, line {expectedLine}", reject.Position);
    }

    [Theory]
    [InlineData("id", "paper.id is missing")]
    [InlineData("publishedAt", "paper.publishedAt is missing")]
    public void MissingRequiredFieldIsRejected(string field, string expectedReason)
    {
        var items = RealItems();
        items[0]!["paper"]!.AsObject().Remove(field);

        var parsed = Parse(items);

        Assert.Equal(items.Count - 1, parsed.Papers.Count);
        var reject = Assert.Single(parsed.Rejects);
        Assert.StartsWith("record 1, ", reject.Position, StringComparison.Ordinal);
        Assert.Contains(expectedReason, reject.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("summary")]
    public void MissingTextIsRejectedOnlyWithoutFallback(string field)
    {
        // Items of this day repeat both title and summary at the top level.
        var items = RealItems("2026-04-10.json");
        items[0]!["paper"]!.AsObject().Remove(field);
        items[1]!["paper"]!.AsObject().Remove(field);
        items[1]!.AsObject().Remove(field);
        items[1]!["paper"]![field] = "  \n ";

        var parsed = Parse(items);

        // Item 1 still has the top-level copy; item 2 has neither copy with text.
        Assert.Equal(items.Count - 1, parsed.Papers.Count);
        Assert.Equal(Collapse((string)items[0]![field]!), field == "title" ? parsed.Papers[0].Title : parsed.Papers[0].Abstract);
        var reject = Assert.Single(parsed.Rejects);
        Assert.StartsWith("record 2, ", reject.Position, StringComparison.Ordinal);
        Assert.Contains($"paper.{field} and {field} are both missing or empty", reject.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("upvotes", "\"12\"", "paper.upvotes must be a whole number")]
    [InlineData("upvotes", "1.5", "paper.upvotes must be a whole number")]
    [InlineData("authors", "\"Ada Lovelace\"", "paper.authors must be an array")]
    [InlineData("authors", "[{\"_id\": \"x\", \"hidden\": false}]", "paper.authors[0] has no name")]
    [InlineData("ai_keywords", "[\"ok\", 7]", "paper.ai_keywords[1] must be a string")]
    [InlineData("id", "2405", "paper.id must be a string")]
    [InlineData("id", "\"not-an-id\"", "paper.id 'not-an-id' is not an arXiv identifier")]
    [InlineData("publishedAt", "\"yesterday\"", "paper.publishedAt 'yesterday' is not an ISO 8601 timestamp")]
    public void WrongFieldTypeIsRejected(string field, string json, string expectedReason)
    {
        var items = RealItems();
        items[1]!["paper"]![field] = JsonNode.Parse(json);

        var parsed = Parse(items);

        Assert.Equal(items.Count - 1, parsed.Papers.Count);
        var reject = Assert.Single(parsed.Rejects);
        Assert.StartsWith("record 2, ", reject.Position, StringComparison.Ordinal);
        Assert.Contains(expectedReason, reject.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("42", "expected an object with a 'paper' field, found a number")]
    [InlineData("{\"title\": \"x\"}", "the 'paper' object is missing")]
    [InlineData("{\"paper\": \"2405.15738\"}", "'paper' must be an object, found a string")]
    [InlineData("\"{'paper': datetime.datetime(2024, 5, 27)}\"", "not a readable Python repr")]
    public void MalformedItemIsRejected(string itemJson, string expectedReason)
    {
        var items = RealItems();
        items.Insert(1, JsonNode.Parse(itemJson));

        var parsed = Parse(items);

        Assert.Equal(items.Count - 1, parsed.Papers.Count);
        var reject = Assert.Single(parsed.Rejects);
        Assert.StartsWith("record 2, ", reject.Position, StringComparison.Ordinal);
        Assert.Contains(expectedReason, reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingUpvotesGiveNoObservation()
    {
        var items = RealItems();
        items[0]!["paper"]!.AsObject().Remove("upvotes");

        var parsed = Parse(items);

        Assert.Empty(parsed.Rejects);
        Assert.Null(parsed.Papers[0].Upvote);
        Assert.NotNull(parsed.Papers[1].Upvote);
    }

    [Theory]
    [InlineData("2405.15738v2", "2405.15738")]
    [InlineData("cs/0610004", "cs/0610004")]
    [InlineData("cs/0610004v3", "cs/0610004")]
    public void IdIsNormalised(string rawId, string expectedId)
    {
        var items = RealItems();
        items[0]!["paper"]!["id"] = rawId;

        var parsed = Parse(items);

        Assert.Empty(parsed.Rejects);
        Assert.Equal(expectedId, parsed.Papers[0].Id);
    }

    [Fact]
    public void TitleEntitiesAreDecodedAndNfcApplied()
    {
        var items = RealItems();
        items[0]!["paper"]!["title"] = "Q&amp;A for Mu\u0308ller's\n  &#956;LO";

        var parsed = Parse(items);

        Assert.Equal("Q&A for M\u00fcller's \u03bcLO", parsed.Papers[0].Title);
    }

    [Theory]
    [InlineData(new byte[0], "the file is empty")]
    [InlineData(new byte[] { 0x20, 0x0A, 0x09 }, "the file is empty")]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0x00 }, "gzip-compressed")]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x5B, 0x00 }, "UTF-16")]
    public void UnreadableFileGivesOneReject(byte[] content, string expectedReason)
    {
        var parsed = HfDailyApiParser.Parse(content, SourceName, s_day);

        Assert.Empty(parsed.Papers);
        Assert.Null(parsed.Notice);
        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal(SourceName, reject.SourceFile);
        Assert.Equal("start of file", reject.Position);
        Assert.Contains(expectedReason, reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8RejectsOnlyThatRecord()
    {
        var bytes = File.ReadAllBytes(TestFiles.DailyPapers("2024-05-27.json"));
        var second = RecordSpans(bytes)[1];
        var title = bytes.AsSpan(second.Start, second.End - second.Start).IndexOf("\"title\": \""u8);
        bytes[second.Start + title + 12] = 0xFF;

        var parsed = HfDailyApiParser.Parse(bytes, SourceName, s_day);

        Assert.Equal(RecordSpans(bytes).Count - 1, parsed.Papers.Count);
        var reject = Assert.Single(parsed.Rejects);
        Assert.StartsWith("record 2, line ", reject.Position, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BinaryGarbageGivesOneReject()
    {
        var garbage = new byte[4096];
        new Random(20240527).NextBytes(garbage);
        garbage[0] = 0x00;

        var parsed = HfDailyApiParser.Parse(garbage, SourceName, s_day);

        Assert.Empty(parsed.Papers);
        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal("line 1, byte 1", reject.Position);
        Assert.Contains("invalid JSON", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GzipFileReadAsPlainIsRejected()
    {
        var gz = File.ReadAllBytes(Path.Combine(TestFiles.RepositoryRoot(), "data", "hf-daily-papers", "2024-05-27.json.gz"));

        var parsed = HfDailyApiParser.Parse(gz, "2024-05-27.json", s_day);

        var reject = Assert.Single(parsed.Rejects);
        Assert.Contains(".json.gz", reject.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"hello\"", "single JSON String value")]
    [InlineData("2", "single JSON Number value")]
    [InlineData("true", "single JSON True value")]
    [InlineData("{\"status\": \"error\", \"message\": \"rate limited\"}", "status 'error' and message 'rate limited'")]
    [InlineData("{\"status\": \"success\", \"data\": {}}", "'data' must be an array")]
    public void OtherShapesAreRejected(string json, string expectedReason)
    {
        var parsed = HfDailyApiParser.Parse(Encoding.UTF8.GetBytes(json), SourceName, s_day);

        Assert.Empty(parsed.Papers);
        Assert.Null(parsed.Notice);
        var reject = Assert.Single(parsed.Rejects);
        Assert.Contains(expectedReason, reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TrailingContentIsRejectedAfterTheRecords()
    {
        var items = RealItems();
        var bytes = Encoding.UTF8.GetBytes(items.ToJsonString() + "\n]");

        var parsed = HfDailyApiParser.Parse(bytes, SourceName, s_day);

        Assert.Equal(items.Count, parsed.Papers.Count);
        var reject = Assert.Single(parsed.Rejects);
        Assert.StartsWith("line 2", reject.Position, StringComparison.Ordinal);
    }

    [Fact]
    public void WrapperCountMismatchIsReported()
    {
        var items = RealItems();
        var wrapper = new JsonObject
        {
            ["status"] = "success",
            ["date"] = "2024-05-27",
            ["count"] = items.Count + 1,
            ["data"] = items.DeepClone(),
        };

        var parsed = HfDailyApiParser.Parse(Encoding.UTF8.GetBytes(wrapper.ToJsonString()), SourceName, null);

        Assert.Equal(items.Count, parsed.Papers.Count);
        Assert.All(parsed.Papers, p => Assert.Equal(s_day, p.FeaturedOn));
        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal("wrapper field 'count'", reject.Position);
        Assert.Contains($"count {items.Count + 1}", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WrapperDateAfterDataStillSetsTheDay()
    {
        var items = RealItems();
        var wrapper = new JsonObject { ["data"] = items.DeepClone(), ["date"] = "2024-05-28", ["status"] = "success" };

        var parsed = HfDailyApiParser.Parse(Encoding.UTF8.GetBytes(wrapper.ToJsonString()), SourceName, null);

        Assert.Empty(parsed.Rejects);
        Assert.All(parsed.Papers, p => Assert.Equal(new DateOnly(2024, 5, 28), p.FeaturedOn));
    }

    [Fact]
    public void EmptyArrayIsAnEmptyDay()
    {
        var parsed = HfDailyApiParser.Parse("[]"u8.ToArray(), SourceName, s_day);

        Assert.Empty(parsed.Papers);
        Assert.Empty(parsed.Rejects);
        Assert.NotNull(parsed.Notice);
    }

    [Fact]
    public void ByteOrderMarkIsSkipped()
    {
        var items = RealItems();
        var bytes = Encoding.UTF8.GetPreamble().Concat(Serialize(items)).ToArray();

        var parsed = HfDailyApiParser.Parse(bytes, SourceName, s_day);

        Assert.Empty(parsed.Rejects);
        Assert.Equal(items.Count, parsed.Papers.Count);
    }

    [Theory]
    [InlineData("2024-05-27.json")]
    [InlineData("2024-12-18.json")]
    [InlineData("2025-01-10.json")]
    public void MutatedFilesGiveResultsNotExceptions(string name)
    {
        var original = File.ReadAllBytes(TestFiles.DailyPapers(name));
        var random = new Random(20240527);
        var punctuation = "{}[]\",:\\'0aTN- \n"u8.ToArray();

        for (var run = 0; run < 300; run++)
        {
            var bytes = original.ToList();
            for (var edit = random.Next(1, 5); edit > 0 && bytes.Count > 0; edit--)
            {
                var position = random.Next(bytes.Count);
                switch (random.Next(4))
                {
                    case 0:
                        bytes[position] = (byte)random.Next(256);
                        break;
                    case 1:
                        bytes.RemoveRange(position, Math.Min(random.Next(1, 40), bytes.Count - position));
                        break;
                    case 2:
                        bytes.Insert(position, punctuation[random.Next(punctuation.Length)]);
                        break;
                    default:
                        bytes.RemoveRange(position, bytes.Count - position);
                        break;
                }
            }

            var parsed = HfDailyApiParser.Parse(bytes.ToArray(), SourceName, s_day);

            // Every outcome is accounted for: papers, rejects, or a notice for an empty day.
            Assert.True(parsed.Papers.Count + parsed.Rejects.Count > 0 || parsed.Notice is not null, $"run {run} of {name} gave nothing");
            Assert.All(parsed.Rejects, reject => Assert.False(string.IsNullOrWhiteSpace(reject.Position)));
        }
    }

    private static JsonArray RealItems(string name = "2024-05-27.json") =>
        JsonNode.Parse(File.ReadAllBytes(TestFiles.DailyPapers(name)))!.AsArray();

    private static byte[] Serialize(JsonArray items) =>
        JsonSerializer.SerializeToUtf8Bytes(items, new JsonSerializerOptions { WriteIndented = true });

    private static ParsedFile Parse(JsonArray items) => HfDailyApiParser.Parse(Serialize(items), SourceName, s_day);

    private static string Collapse(string text) => HfDailyApiParserTests.Collapse(text);

    // The byte range of each top-level array element, found with a plain Utf8JsonReader pass.
    private static List<(int Start, int End)> RecordSpans(byte[] json)
    {
        var spans = new List<(int Start, int End)>();
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            spans.Add((start, (int)reader.BytesConsumed));
        }

        return spans;
    }

    private static int LineOfRecord(byte[] json, int index)
    {
        var start = RecordSpans(json)[index].Start;
        return json.AsSpan(0, start).Count((byte)'\n') + 1;
    }
}
