using System.Text;
using System.Text.Json;
using TrendBoard.Core.Export;

namespace TrendBoard.Core.Tests.Export;

public sealed class JsonExportWriterTests
{
    [Fact]
    public async Task RowsBecomeObjectsKeyedByColumn()
    {
        var table = new ExportTable(
            ["bin_start", "topic_id", "topic_label", "share", "upvote_sum", "partial"],
            [
                [new DateOnly(2024, 6, 3), -1, "Outliers", 0.125, 4_000_000_000L, false],
                [new DateOnly(2024, 6, 10), 3, "diffusion models", 0.5, 12L, true],
            ]);

        using var document = await WriteAsync(table);
        var rows = document.RootElement.EnumerateArray().ToList();

        Assert.Equal(2, rows.Count);
        Assert.Equal("2024-06-03", rows[0].GetProperty("bin_start").GetString());
        Assert.Equal(-1, rows[0].GetProperty("topic_id").GetInt32());
        Assert.Equal("Outliers", rows[0].GetProperty("topic_label").GetString());
        Assert.Equal(0.125, rows[0].GetProperty("share").GetDouble());
        Assert.Equal(4_000_000_000L, rows[0].GetProperty("upvote_sum").GetInt64());
        Assert.Equal(JsonValueKind.False, rows[0].GetProperty("partial").ValueKind);
        Assert.Equal(JsonValueKind.True, rows[1].GetProperty("partial").ValueKind);
        Assert.Equal(
            table.Columns,
            rows[1].EnumerateObject().Select(property => property.Name));
    }

    [Fact]
    public async Task EmptyTableIsEmptyArray()
    {
        using var stream = new MemoryStream();

        await JsonExportWriter.WriteAsync(new ExportTable(["a"], []), stream, CancellationToken.None);

        Assert.Equal("[]", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public async Task HostileTextKeepsItsValue()
    {
        const string hostile = "=HYPERLINK(\"http://attacker.example/\",\"x\") </script><script>alert(1)</script>";
        var table = new ExportTable(["topic_label"], [[hostile]]);
        using var stream = new MemoryStream();

        await JsonExportWriter.WriteAsync(table, stream, CancellationToken.None);
        var raw = Encoding.UTF8.GetString(stream.ToArray());
        using var document = JsonDocument.Parse(raw);

        // JSON is not a spreadsheet format, so the value is kept exactly, but HTML-sensitive characters are escaped.
        Assert.Equal(hostile, document.RootElement[0].GetProperty("topic_label").GetString());
        Assert.DoesNotContain("<script>", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonAsciiLettersStayReadable()
    {
        var table = new ExportTable(["topic_label"], [["Ökonometrie 深度学习"]]);
        using var stream = new MemoryStream();

        await JsonExportWriter.WriteAsync(table, stream, CancellationToken.None);

        Assert.Equal("[{\"topic_label\":\"Ökonometrie 深度学习\"}]", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public async Task NullAndNonFiniteBecomeNull()
    {
        var table = new ExportTable(["a", "b"], [[null, double.NaN]]);

        using var document = await WriteAsync(table);

        Assert.Equal(JsonValueKind.Null, document.RootElement[0].GetProperty("a").ValueKind);
        Assert.Equal(JsonValueKind.Null, document.RootElement[0].GetProperty("b").ValueKind);
    }

    [Fact]
    public async Task UnsupportedCellTypeNamesColumn()
    {
        var table = new ExportTable(["weight"], [[1.5m]]);
        using var stream = new MemoryStream();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => JsonExportWriter.WriteAsync(table, stream, CancellationToken.None));

        Assert.Contains("'weight'", error.Message, StringComparison.Ordinal);
    }

    private static async Task<JsonDocument> WriteAsync(ExportTable table)
    {
        using var stream = new MemoryStream();
        await JsonExportWriter.WriteAsync(table, stream, CancellationToken.None);
        return JsonDocument.Parse(stream.ToArray());
    }
}
