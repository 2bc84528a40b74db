using Bunit;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;
using TrendBoard.Web.Components.Dashboard;
using TrendBoard.Web.ViewState;

namespace TrendBoard.Web.Tests.Components.Dashboard;

public sealed class ExportButtonsTests : BunitContext
{
    private static readonly DashboardView View = new(new DateOnly(2024, 6, 3), new DateOnly(2024, 7, 28), TimeBin.Month, DateBasis.Published, 5);

    [Fact]
    public void LinksCarryCurrentFilters()
    {
        var buttons = Render<ExportButtons>(parameters => parameters
            .Add(component => component.Chart, ChartExports.Upvotes)
            .Add(component => component.View, View));

        var csv = buttons.Find("[data-export='upvotes-csv']").GetAttribute("href");
        var json = buttons.Find("[data-export='upvotes-json']").GetAttribute("href");

        Assert.Equal("api/export/upvotes?from=2024-06-03&to=2024-07-28&bin=month&format=csv", csv);
        Assert.Equal("api/export/upvotes?from=2024-06-03&to=2024-07-28&bin=month&format=json", json);
    }

    [Fact]
    public void LinksAreDownloadsSoBlazorLeavesThemAlone()
    {
        var buttons = Render<ExportButtons>(parameters => parameters
            .Add(component => component.Chart, ChartExports.Volume)
            .Add(component => component.View, View));

        Assert.All(buttons.FindAll("a"), link => Assert.True(link.HasAttribute("download")));
    }

    [Fact]
    public void NewViewUpdatesLinks()
    {
        var buttons = Render<ExportButtons>(parameters => parameters
            .Add(component => component.Chart, ChartExports.Keywords)
            .Add(component => component.View, View));

        buttons.Render(parameters => parameters.Add(component => component.View, View with { Topic = null, From = new DateOnly(2024, 7, 1) }));
        var csv = buttons.Find("[data-export='keywords-csv']").GetAttribute("href");

        Assert.Equal("api/export/keywords?from=2024-07-01&to=2024-07-28&min_papers=2&limit=25&format=csv", csv);
    }
}
