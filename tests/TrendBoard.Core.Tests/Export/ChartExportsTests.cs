using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;

namespace TrendBoard.Core.Tests.Export;

public sealed class ChartExportsTests
{
    [Theory]
    [InlineData("volume", "bin_start,topic_id,topic_label,papers,share,bin_total,partial")]
    [InlineData("keywords", "keyword_a,keyword_b,papers,dice,npmi")]
    [InlineData("upvotes", "bin_start,topic_id,topic_label,papers,upvote_sum,upvote_median,upvote_max,partial")]
    public void CatalogNamesEachChartsColumns(string name, string columns)
    {
        var export = ChartExports.Find(name);

        Assert.NotNull(export);
        Assert.Equal(columns.Split(','), export.Columns);
    }

    [Theory]
    [InlineData("Volume")]
    [InlineData("volume ")]
    [InlineData("../volume")]
    [InlineData("")]
    [InlineData(null)]
    public void FindRejectsOtherNames(string? name)
    {
        Assert.Null(ChartExports.Find(name));
    }

    [Fact]
    public void VolumeRowKeepsEveryField()
    {
        var point = new TopicVolumePoint(new DateOnly(2024, 6, 3), -1, "Outliers", 7, 0.35, 20, true);

        var table = ChartExports.ToTable([point]);
        var row = Row(table, 0);

        Assert.Equal(new DateOnly(2024, 6, 3), row["bin_start"]);
        Assert.Equal(-1, row["topic_id"]);
        Assert.Equal("Outliers", row["topic_label"]);
        Assert.Equal(7, row["papers"]);
        Assert.Equal(0.35, row["share"]);
        Assert.Equal(20, row["bin_total"]);
        Assert.Equal(true, row["partial"]);
    }

    [Fact]
    public void KeywordRowKeepsEveryField()
    {
        var pair = new KeywordPair("diffusion models", "text-to-image", 12, 0.4, -0.05);

        var row = Row(ChartExports.ToTable([pair]), 0);

        Assert.Equal("diffusion models", row["keyword_a"]);
        Assert.Equal("text-to-image", row["keyword_b"]);
        Assert.Equal(12, row["papers"]);
        Assert.Equal(0.4, row["dice"]);
        Assert.Equal(-0.05, row["npmi"]);
    }

    [Fact]
    public void UpvoteRowKeepsEveryField()
    {
        var point = new TopicUpvotePoint(new DateOnly(2024, 7, 1), 4, "agents", 3, 5_000_000_000L, 17.5, 90, false);

        var row = Row(ChartExports.ToTable([point]), 0);

        Assert.Equal(new DateOnly(2024, 7, 1), row["bin_start"]);
        Assert.Equal(4, row["topic_id"]);
        Assert.Equal("agents", row["topic_label"]);
        Assert.Equal(3, row["papers"]);
        Assert.Equal(5_000_000_000L, row["upvote_sum"]);
        Assert.Equal(17.5, row["upvote_median"]);
        Assert.Equal(90, row["upvote_max"]);
        Assert.Equal(false, row["partial"]);
    }

    [Fact]
    public void TablesKeepQueryOrder()
    {
        var pairs = new[]
        {
            new KeywordPair("b", "c", 9, 0.1, 0.1),
            new KeywordPair("a", "z", 5, 0.9, 0.9),
            new KeywordPair("a", "b", 5, 0.2, 0.2),
        };

        var table = ChartExports.ToTable(pairs);

        Assert.Equal(["b", "a", "a"], table.Rows.Select(row => (string?)row[0]));
        Assert.Equal(["c", "z", "b"], table.Rows.Select(row => (string?)row[1]));
    }

    [Fact]
    public void ValidateRejectsInvertedRange()
    {
        var query = new ChartExportQuery(new TrendFilter(new DateOnly(2024, 7, 1), new DateOnly(2024, 6, 1)));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ChartExports.Validate(query));

        Assert.Contains("2024-07-01", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 25)]
    [InlineData(2, 0)]
    [InlineData(2, ChartExports.MaxKeywordLimit + 1)]
    public void ValidateRejectsKeywordSettingsOutOfRange(int minPapers, int limit)
    {
        var day = new DateOnly(2024, 6, 1);
        var query = new ChartExportQuery(new TrendFilter(day, day)) { MinPapers = minPapers, Limit = limit };

        Assert.Throws<ArgumentOutOfRangeException>(() => ChartExports.Validate(query));
    }

    [Fact]
    public void ExportTableRejectsRaggedRow()
    {
        var error = Assert.Throws<ArgumentException>(() => new ExportTable(["a", "b"], [["x"]]));

        Assert.Contains("Row 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportTableRejectsRepeatedColumn()
    {
        Assert.Throws<ArgumentException>(() => new ExportTable(["a", "a"], []));
    }

    private static Dictionary<string, object?> Row(ExportTable table, int index) =>
        table.Columns.Select((column, i) => (column, value: table.Rows[index][i]))
            .ToDictionary(cell => cell.column, cell => cell.value);
}
