using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;
using TrendBoard.Core.Tests.Analytics;
using TrendBoard.Core.Tests.Storage;

namespace TrendBoard.Core.Tests.Export;

public sealed class InsightExportsTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly CancellationToken _none = CancellationToken.None;

    public void Dispose()
    {
        _temp.Dispose();
    }

    [Theory]
    [InlineData("keyword_changes", "period_a_from,period_a_to,period_a_papers,period_b_from,period_b_to,period_b_papers,keyword_a,keyword_b,papers_a,share_a,dice_a,npmi_a,papers_b,share_b,dice_b,npmi_b,status")]
    [InlineData("upvote_details", "bin_start,topic_id,topic_label,papers,papers_with_count,papers_upvoted,partial,rank,paper_id,title,upvotes,url")]
    [InlineData("upvote_growth", "paper_id,title,topic_id,topic_label,first_observed_on,first_upvotes,last_observed_on,last_upvotes,observed_days,delta,per_day,url")]
    [InlineData("topic_shifts", "topic_id,topic_label,recent_from,recent_to,recent_papers,recent_total,recent_share,baseline_from,baseline_to,baseline_papers,baseline_total,baseline_share,share_ratio,share_difference,z_score,p_value,q_value,test,status,top_paper_ids")]
    [InlineData("papers", "paper_id,title,published_on,featured_on,upvotes,topic_id,topic_label,url,total")]
    [InlineData("topic_summaries", "topic_id,topic_label,size,papers,top_terms,first_paper_on,last_paper_on,recent_from,recent_to,recent_papers,recent_share,earlier_from,earlier_to,earlier_papers,earlier_share,growth,top_paper_ids")]
    public void CatalogNamesNewColumns(string name, string columns)
    {
        var export = ChartExports.Find(name);

        Assert.NotNull(export);
        Assert.Equal(columns.Split(','), export.Columns);
    }

    [Fact]
    public async Task EveryExportRunsWithDefaultSettings()
    {
        var corpus = InsightCorpus.Generate();
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);
        var query = new ChartExportQuery(new TrendFilter(InsightCorpus.FirstDay, InsightCorpus.LastDay));

        foreach (var export in ChartExports.All)
        {
            var table = await export.QueryAsync(analytics, query, _none);
            using var csv = new MemoryStream();
            using var json = new MemoryStream();
            await CsvExportWriter.WriteAsync(table, csv, _none);
            await JsonExportWriter.WriteAsync(table, json, _none);

            Assert.Equal(export.Columns, table.Columns);
            Assert.True(table.Rows.Count > 0, $"{export.Name} returned no rows");
        }
    }

    [Fact]
    public async Task ExportRowsFollowTheirQueries()
    {
        var corpus = InsightCorpus.Generate();
        await using var store = await corpus.BuildStoreAsync(_temp.DatabasePath);
        var analytics = new TrendAnalytics(store);
        var filter = new TrendFilter(InsightCorpus.FirstDay, InsightCorpus.LastDay) { Bin = TimeBin.Month };
        var query = new ChartExportQuery(filter) { TopPapers = 2, Limit = 7, TopicId = 3, SortBy = PaperSortKey.Upvotes };

        var shifts = await analytics.GetTopicShiftsAsync(filter, new TopicShiftOptions { TopPapers = 2 }, _none);
        var shiftTable = await ChartExports.TopicShifts.QueryAsync(analytics, query, _none);
        var page = await analytics.GetPapersAsync(filter, new PaperDrillDown { TopicId = 3, SortBy = PaperSortKey.Upvotes, Limit = 7 }, _none);
        var paperTable = await ChartExports.Papers.QueryAsync(analytics, query, _none);
        var details = await analytics.GetTopicUpvoteDetailsAsync(filter, 2, _none);
        var detailTable = await ChartExports.UpvoteDetails.QueryAsync(analytics, query, _none);

        var emerging = Row(shiftTable, shiftTable.Rows.Select((_, i) => i).Single(i => (int)shiftTable.Rows[i][0]! == 3));
        Assert.Equal("emerging", emerging["status"]);
        Assert.Equal("fisher_exact", emerging["test"]);
        Assert.Equal(shifts.Recent!.From, emerging["recent_from"]);
        Assert.Equal(shifts.Topics[3].PValue, emerging["p_value"]);
        Assert.Equal(string.Join(' ', shifts.Topics[3].TopPapers.Select(p => p.PaperId)), emerging["top_paper_ids"]);

        Assert.Equal(page.Papers.Select(p => p.PaperId), paperTable.Rows.Select(r => (string)r[0]!));
        Assert.All(paperTable.Rows, r => Assert.Equal(page.Total, r[8]));
        Assert.All(paperTable.Rows, r => Assert.StartsWith("https://huggingface.co/papers/", (string)r[7]!, StringComparison.Ordinal));

        var expectedDetailRows = details.Sum(d => Math.Max(1, d.TopPapers.Count));
        Assert.Equal(expectedDetailRows, detailTable.Rows.Count);
    }

    [Fact]
    public void UpvoteDetailWithoutTopPapersKeepsOneRow()
    {
        var detail = new TopicUpvoteDetail(new DateOnly(2024, 6, 3), 2, "agents", 4, 1, 0, [], false);

        var row = Row(ChartExports.ToTable([detail]), 0);

        Assert.Equal(4, row["papers"]);
        Assert.Equal(0, row["papers_upvoted"]);
        Assert.Null(row["rank"]);
        Assert.Null(row["paper_id"]);
        Assert.Null(row["url"]);
    }

    [Fact]
    public void ValidateRejectsOutOfRangeSettings()
    {
        var day = new DateOnly(2024, 6, 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => ChartExports.Validate(new ChartExportQuery(new TrendFilter(day, day)) { Offset = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChartExports.Validate(new ChartExportQuery(new TrendFilter(day, day)) { TopPapers = 101 }));
    }

    private static Dictionary<string, object?> Row(ExportTable table, int index) =>
        table.Columns.Select((column, i) => (column, value: table.Rows[index][i]))
            .ToDictionary(cell => cell.column, cell => cell.value);
}
