using Bunit;
using TrendBoard.Core.Analytics;
using TrendBoard.Web.Components.Dashboard;
using TrendBoard.Web.Tests.Infrastructure;
using TrendBoard.Web.ViewState;

namespace TrendBoard.Web.Tests.Components.Panels;

public sealed class UpvoteGrowthPanelTests(RealSlice slice) : PanelContext(slice.Analytics), IClassFixture<RealSlice>
{
    [Fact]
    public void RepeatedPaperShowsItsGrowth()
    {
        var panel = Render<UpvoteGrowthPanel>(parameters => parameters.Add(p => p.View, RealSlice.SliceView()));
        WaitUntilLoaded(panel);

        // The bundled files list the paper with 2 upvotes on 2026-04-10 and 42 on 2026-04-16.
        var row = panel.Find($"tr[data-paper='{RealSlice.RepeatedPaperId}']");
        Assert.Contains("2026-04-10: 2", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("2026-04-16: 42", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("+40", row.QuerySelector("[data-field='delta']")!.TextContent.Trim());
        Assert.Equal($"https://huggingface.co/papers/{RealSlice.RepeatedPaperId}", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Single(panel.FindAll("tbody tr"));
    }

    [Fact]
    public void RangeWithoutHistoryExplainsWhy()
    {
        // The repeated paper was first listed on 2026-04-10, so a range that ends before it has no paper with a history.
        var view = RealSlice.SliceView() with { To = new DateOnly(2026, 4, 9) };

        var panel = Render<UpvoteGrowthPanel>(parameters => parameters.Add(p => p.View, view));
        WaitUntilLoaded(panel);

        Assert.Contains("observed on two or more days", panel.Find(".panel-empty").TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("tbody tr"));
    }

    [Fact]
    public void ExportLinksCarryLimitAndBasis()
    {
        var panel = Render<UpvoteGrowthPanel>(parameters => parameters.Add(p => p.View, RealSlice.SliceView()));

        var href = panel.Find("[data-export='upvote_growth-csv']").GetAttribute("href")!;

        Assert.Contains("limit=25", href, StringComparison.Ordinal);
        Assert.Contains("basis=featured", href, StringComparison.Ordinal);
        Assert.Contains("from=2026-04-06&to=2026-04-17", href, StringComparison.Ordinal);
    }
}
