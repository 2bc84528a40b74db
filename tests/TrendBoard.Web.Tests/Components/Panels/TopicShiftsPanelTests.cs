using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using TrendBoard.Web.Components.Dashboard;
using TrendBoard.Web.Tests.Infrastructure;
using TrendBoard.Web.ViewState;

namespace TrendBoard.Web.Tests.Components.Panels;

public sealed class TopicShiftsPanelTests(RealSlice slice) : PanelContext(slice.Analytics), IClassFixture<RealSlice>
{
    // One-week windows: the recent week ends on the slice's last day, the baseline week just before it.
    private static readonly DashboardView View = RealSlice.SliceView() with { RecentWeeks = 1, BaselineWeeks = 1 };

    [Fact]
    public void TableMatchesOwnSharesAndZ()
    {
        var recent = slice.FeaturedIn(RealSlice.LastDay.AddDays(-6), RealSlice.LastDay);
        var baseline = slice.FeaturedIn(RealSlice.LastDay.AddDays(-13), RealSlice.LastDay.AddDays(-7));
        Assert.True(recent.Count > 50, $"the recent week holds only {recent.Count} papers");
        Assert.True(baseline.Count > 50, $"the baseline week holds only {baseline.Count} papers");

        var panel = Render<TopicShiftsPanel>(parameters => parameters.Add(p => p.View, View));
        WaitUntilLoaded(panel);

        var rows = panel.FindAll("tbody tr");
        Assert.Equal(RealSlice.TopicCount, rows.Count);
        foreach (var row in rows)
        {
            var topicId = int.Parse(row.GetAttribute("data-topic-id")!, CultureInfo.InvariantCulture);
            var cells = row.QuerySelectorAll("td").Select(cell => cell.TextContent.Trim()).ToList();
            var recentShare = (double)recent.Count(paper => RealSlice.TopicOf(paper.Id) == topicId) / recent.Count;
            var baselineShare = (double)baseline.Count(paper => RealSlice.TopicOf(paper.Id) == topicId) / baseline.Count;

            Assert.Equal($"{topicId}: {RealSlice.LabelOf(topicId)}", cells[0]);
            Assert.Equal(recentShare.ToString("0.0%", CultureInfo.InvariantCulture), cells[1]);
            Assert.Equal(baselineShare.ToString("0.0%", CultureInfo.InvariantCulture), cells[2]);
            Assert.Equal("×" + (recentShare / baselineShare).ToString("0.00", CultureInfo.InvariantCulture), cells[3]);
            Assert.Equal(PooledZ(recentShare, recent.Count, baselineShare, baseline.Count).ToString("F2", CultureInfo.InvariantCulture), cells[4]);
            Assert.Contains(cells[7], new[] { "Emerging", "Steady", "Fading" });
            if (cells[7] != "Steady")
            {
                // A significant change is named by the direction of the share change.
                Assert.Equal(cells[7] == "Emerging", recentShare > baselineShare);
            }
        }
    }

    [Fact]
    public void ClickedRowListsDrivingPapers()
    {
        var recent = slice.FeaturedIn(RealSlice.LastDay.AddDays(-6), RealSlice.LastDay);
        var panel = Render<TopicShiftsPanel>(parameters => parameters.Add(p => p.View, View));
        WaitUntilLoaded(panel);

        var row = panel.FindAll("tbody tr").First(r => r.QuerySelector("[data-status]")!.GetAttribute("data-status") != "Fading");
        var topicId = int.Parse(row.GetAttribute("data-topic-id")!, CultureInfo.InvariantCulture);
        row.Click();

        var expected = recent
            .Where(paper => RealSlice.TopicOf(paper.Id) == topicId)
            .OrderBy(paper => paper.Upvote is null ? 1 : 0)
            .ThenByDescending(paper => paper.Upvote?.Upvotes)
            .ThenBy(paper => paper.Id, StringComparer.Ordinal)
            .Take(DashboardView.TopPapers)
            .Select(paper => paper.Id)
            .ToList();
        var listed = panel.Find("[data-testid='shift-papers']");
        Assert.Contains($"topic {topicId}", listed.QuerySelector("h3")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(expected, listed.QuerySelectorAll("li").Select(item => item.GetAttribute("data-paper")!).ToList());
        Assert.All(listed.QuerySelectorAll("a"), link => Assert.StartsWith("https://huggingface.co/papers/", link.GetAttribute("href"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task WindowInputsWriteTheView()
    {
        var changed = new List<DashboardView>();
        var panel = Render<TopicShiftsPanel>(parameters => parameters
            .Add(p => p.View, View)
            .Add(p => p.ViewChanged, (DashboardView view) => changed.Add(view)));
        WaitUntilLoaded(panel);

        await panel.Find("#shift-recent").ChangeAsync(new ChangeEventArgs { Value = "4" });
        await panel.Find("#shift-baseline").ChangeAsync(new ChangeEventArgs { Value = "12" });
        await panel.Find("#shift-baseline").ChangeAsync(new ChangeEventArgs { Value = "0" });

        Assert.Equal(2, changed.Count);
        Assert.Equal(4, changed[0].RecentWeeks);
        Assert.Equal(12, changed[1].BaselineWeeks);
        Assert.Contains("1 to 520", panel.Find(".invalid-feedback").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportLinksCarryWindowsAndTest()
    {
        var panel = Render<TopicShiftsPanel>(parameters => parameters.Add(p => p.View, View));

        var href = panel.Find("[data-export='topic_shifts-csv']").GetAttribute("href")!;

        Assert.Contains("recent_weeks=1", href, StringComparison.Ordinal);
        Assert.Contains("baseline_weeks=1", href, StringComparison.Ordinal);
        Assert.Contains("test=two_proportion_z", href, StringComparison.Ordinal);
    }

    /// <summary>The pooled two-proportion z statistic.</summary>
    private static double PooledZ(double p1, int n1, double p2, int n2)
    {
        var pooled = ((p1 * n1) + (p2 * n2)) / (n1 + n2);
        return (p1 - p2) / Math.Sqrt(pooled * (1 - pooled) * ((1.0 / n1) + (1.0 / n2)));
    }
}
