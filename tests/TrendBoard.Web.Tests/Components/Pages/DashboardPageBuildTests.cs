using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Pipeline;
using TrendBoard.Web.Components.Pages.Dashboard;
using TrendBoard.Web.Hosting;

namespace TrendBoard.Web.Tests.Components.Pages;

public sealed class DashboardPageBuildTests : BunitContext, IClassFixture<DashboardDatabaseFixture>
{
    private readonly CorpusBuildState _buildState = new();

    public DashboardPageBuildTests(DashboardDatabaseFixture fixture)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddBootstrapBlazor();
        Services.AddSingleton<ITrendAnalytics>(new TrendAnalytics(fixture.Store));
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(_buildState);
        Services.AddSingleton(new CorpusChangeNotifier(NullLogger<CorpusChangeNotifier>.Instance));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void RunningBuildShowsProgressThenCharts()
    {
        _buildState.MarkBuilding();
        _buildState.Report(new PipelineProgress("model", 0.25, "fitting"));

        var page = Render<DashboardPage>();

        Assert.Contains("load as soon as the database build", page.Find("[data-testid='waiting-for-build']").TextContent, StringComparison.Ordinal);
        Assert.Equal("25", page.Find("[data-testid='build-progress'] [role=progressbar]").GetAttribute("aria-valuenow"));
        Assert.Empty(page.FindAll("[data-chart='volume']"));

        _buildState.MarkReady();

        page.WaitForAssertion(
            () => Assert.Equal("false", page.Find("[data-chart='volume'] .chart-body").GetAttribute("aria-busy")),
            TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("[data-testid='waiting-for-build']"));
        Assert.Empty(page.FindAll("[data-testid='build-progress']"));
    }

    [Fact]
    public void BuildWithoutReportShowsStarting()
    {
        _buildState.MarkBuilding();

        var page = Render<DashboardPage>();

        Assert.Contains("Starting the build", page.Find("[data-testid='build-progress']").TextContent, StringComparison.Ordinal);
    }
}
