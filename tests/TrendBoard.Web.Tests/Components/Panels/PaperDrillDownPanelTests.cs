using Bunit;
using Microsoft.AspNetCore.Components;
using TrendBoard.Core.Analytics;
using TrendBoard.Web.Components.Charts;
using TrendBoard.Web.Components.Dashboard;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Components.Panels;

public sealed class PaperDrillDownPanelTests(RealSlice slice) : PanelContext(slice.Analytics), IClassFixture<RealSlice>
{
    [Fact]
    public async Task UpvoteSortPagesThroughPoint()
    {
        // The busiest topic in the slice's first week.
        var week = RealSlice.FirstDay;
        var byTopic = slice.FeaturedIn(week, week.AddDays(6)).GroupBy(paper => RealSlice.TopicOf(paper.Id)).OrderByDescending(group => group.Count()).First();
        var expected = byTopic
            .OrderBy(paper => paper.Upvote is null ? 1 : 0)
            .ThenByDescending(paper => paper.Upvote?.Upvotes)
            .ThenBy(paper => paper.Id, StringComparer.Ordinal)
            .Select(paper => paper.Id)
            .ToList();
        Assert.True(expected.Count > PaperDrillDownPanel.PageSize, $"only {expected.Count} papers in the point");
        var point = new ChartPoint("volume", byTopic.Key, week, [], $"topic {byTopic.Key}, week of 2026-04-06");

        var panel = Render<PaperDrillDownPanel>(parameters => parameters.Add(p => p.View, RealSlice.SliceView()).Add(p => p.Point, point));
        WaitUntilLoaded(panel);
        await panel.Find("#drill-sort").ChangeAsync(new ChangeEventArgs { Value = "upvotes" });
        panel.WaitForAssertion(() => Assert.Equal(expected.Take(PaperDrillDownPanel.PageSize), Listed(panel)), LoadTimeout);

        await panel.Find("[data-page='next']").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        panel.WaitForAssertion(() => Assert.Equal(expected.Skip(PaperDrillDownPanel.PageSize).Take(PaperDrillDownPanel.PageSize), Listed(panel)), LoadTimeout);
        Assert.Contains($"of {expected.Count}", panel.Find(".page-status").TextContent, StringComparison.Ordinal);
        Assert.Contains("sort=upvotes", panel.Find("[data-export='papers-csv']").GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains("offset=20", panel.Find("[data-export='papers-csv']").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public void DateSortListsNewestFirstWithLinks()
    {
        var day = new DateOnly(2026, 4, 14);
        var papers = slice.FeaturedIn(day, day);
        var point = new ChartPoint("upvotes", RealSlice.TopicOf(papers[0].Id), day, [], "one day");
        var expected = papers.Where(paper => RealSlice.TopicOf(paper.Id) == point.TopicId).ToList();

        var panel = Render<PaperDrillDownPanel>(parameters => parameters.Add(p => p.View, RealSlice.SliceView(TimeBin.Day)).Add(p => p.Point, point));
        WaitUntilLoaded(panel);

        Assert.Equal(expected.Select(paper => paper.Id).Order(StringComparer.Ordinal), Listed(panel).Order(StringComparer.Ordinal));
        foreach (var row in panel.FindAll("tbody tr"))
        {
            var id = row.GetAttribute("data-paper")!;
            var paper = expected.Single(p => p.Id == id);
            Assert.Equal(paper.Title, row.QuerySelector("a")!.TextContent);
            Assert.Equal("https://huggingface.co/papers/" + Uri.EscapeDataString(id), row.QuerySelector("a")!.GetAttribute("href"));
            Assert.Equal("2026-04-14", row.QuerySelectorAll("td")[1].TextContent.Trim());
        }
    }

    [Fact]
    public void KeywordPairPointListsPapersWithBoth()
    {
        var pair = slice.FeaturedIn(RealSlice.FirstDay, RealSlice.LastDay)
            .SelectMany(paper => RealSlice.KeywordsOf(paper).SelectMany(a => RealSlice.KeywordsOf(paper).Where(b => string.CompareOrdinal(a, b) < 0).Select(b => (a, b))))
            .GroupBy(keywords => keywords)
            .OrderByDescending(group => group.Count())
            .First();
        var point = new ChartPoint("keywords", null, null, [pair.Key.a, pair.Key.b], "pair");

        var panel = Render<PaperDrillDownPanel>(parameters => parameters.Add(p => p.View, RealSlice.SliceView()).Add(p => p.Point, point));
        WaitUntilLoaded(panel);

        Assert.Contains($"of {pair.Count()}", panel.Find(".page-status").TextContent, StringComparison.Ordinal);
    }

    private static List<string> Listed(IRenderedComponent<PaperDrillDownPanel> panel) =>
        panel.FindAll("tbody tr").Select(row => row.GetAttribute("data-paper")!).ToList();
}
