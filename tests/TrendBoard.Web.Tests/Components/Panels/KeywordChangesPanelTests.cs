using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using TrendBoard.Web.Components.Dashboard;
using TrendBoard.Web.Tests.Infrastructure;
using TrendBoard.Web.ViewState;

namespace TrendBoard.Web.Tests.Components.Panels;

public sealed class KeywordChangesPanelTests(RealSlice slice) : PanelContext(slice.Analytics), IClassFixture<RealSlice>
{
    [Fact]
    public async Task RowsMatchOwnCountsPerHalf()
    {
        // The slice has 12 days, so the halves are its two weeks.
        var firstHalf = slice.FeaturedIn(RealSlice.FirstDay, RealSlice.FirstDay.AddDays(5));
        var secondHalf = slice.FeaturedIn(RealSlice.FirstDay.AddDays(6), RealSlice.LastDay);

        var panel = Render<KeywordChangesPanel>(parameters => parameters.Add(p => p.View, RealSlice.SliceView()));
        WaitUntilLoaded(panel);
        await panel.Find("#changes-status").ChangeAsync(new ChangeEventArgs { Value = "all" });

        var rows = panel.FindAll(".changes-table tbody tr");
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var cells = row.QuerySelectorAll("td").Select(cell => cell.TextContent.Trim()).ToList();
            var keywords = cells[0].Split(" + ");
            var papersA = CountWithBoth(firstHalf, keywords[0], keywords[1]);
            var papersB = CountWithBoth(secondHalf, keywords[0], keywords[1]);

            Assert.True(Math.Max(papersA, papersB) >= 2, $"{cells[0]} has fewer papers than the minimum support");
            Assert.Equal(papersA.ToString("N0", CultureInfo.InvariantCulture), cells[2]);
            Assert.Equal(papersB.ToString("N0", CultureInfo.InvariantCulture), cells[3]);
            Assert.Equal(ExpectedStatus(papersA, firstHalf.Count, papersB, secondHalf.Count), cells[1]);
        }
    }

    [Fact]
    public async Task MinSupportAndPeriodsWriteTheView()
    {
        var changed = new List<DashboardView>();
        var panel = Render<KeywordChangesPanel>(parameters => parameters
            .Add(p => p.View, RealSlice.SliceView())
            .Add(p => p.ViewChanged, (DashboardView view) => changed.Add(view)));
        WaitUntilLoaded(panel);

        await panel.Find("#changes-min-papers").ChangeAsync(new ChangeEventArgs { Value = "3" });
        await panel.Find("#period-a-from").ChangeAsync(new ChangeEventArgs { Value = "2026-04-06" });
        await panel.Find("#period-a-to").ChangeAsync(new ChangeEventArgs { Value = "2026-04-08" });
        await panel.Find("#period-b-from").ChangeAsync(new ChangeEventArgs { Value = "2026-04-15" });
        await panel.Find("#period-b-to").ChangeAsync(new ChangeEventArgs { Value = "2026-04-17" });
        await panel.Find("#periods-apply").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        Assert.Equal(2, changed.Count);
        Assert.Equal(3, changed[0].MinPapers);
        Assert.Equal(new DateOnly(2026, 4, 8), changed[1].PeriodA!.To);
        Assert.Equal(new DateOnly(2026, 4, 15), changed[1].PeriodB!.From);
    }

    [Fact]
    public void ChosenPeriodsReachQueryAndExport()
    {
        var view = RealSlice.SliceView() with
        {
            MinPapers = 1,
            PeriodA = new Core.Analytics.DayRange(new DateOnly(2026, 4, 6), new DateOnly(2026, 4, 7)),
            PeriodB = new Core.Analytics.DayRange(new DateOnly(2026, 4, 16), new DateOnly(2026, 4, 17)),
        };

        var panel = Render<KeywordChangesPanel>(parameters => parameters.Add(p => p.View, view));
        WaitUntilLoaded(panel);

        var description = panel.Find("header small").TextContent;
        var papersA = slice.FeaturedIn(view.PeriodA.From, view.PeriodA.To).Count;
        Assert.Contains($"A 2026-04-06 to 2026-04-07 ({papersA} papers)", description, StringComparison.Ordinal);
        var href = panel.Find("[data-export='keyword_changes-csv']").GetAttribute("href")!;
        Assert.Contains("period_a_from=2026-04-06&period_a_to=2026-04-07&period_b_from=2026-04-16&period_b_to=2026-04-17", href, StringComparison.Ordinal);
        Assert.Contains("min_papers=1", href, StringComparison.Ordinal);
    }

    /// <summary>The status rule with the default growth ratio of 1.5, applied to the shares of each half.</summary>
    private static string ExpectedStatus(int papersA, int totalA, int papersB, int totalB)
    {
        if (papersA == 0)
        {
            return "New";
        }

        if (papersB == 0)
        {
            return "Gone";
        }

        var shareA = (double)papersA / totalA;
        var shareB = (double)papersB / totalB;
        if (shareB >= 1.5 * shareA)
        {
            return "Growing";
        }

        return shareB <= shareA / 1.5 ? "Fading" : "Stable";
    }

    private static int CountWithBoth(IEnumerable<Core.Papers.PaperRecord> papers, string a, string b) =>
        papers.Count(paper => RealSlice.KeywordsOf(paper).Contains(a, StringComparer.Ordinal) && RealSlice.KeywordsOf(paper).Contains(b, StringComparer.Ordinal));
}
