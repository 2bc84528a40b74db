using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TrendBoard.Core.Analytics;
using TrendBoard.Web.Components.Pages.Dashboard;
using TrendBoard.Web.Hosting;

namespace TrendBoard.Web.Tests.Components.Pages;

public sealed class DashboardPageErrorTests : BunitContext
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("trendboard-page-error-");

    [Fact]
    public async Task UnreadableDatabaseShowsError()
    {
        var path = Path.Combine(_folder.FullName, "not-a-database.duckdb");
        await File.WriteAllTextAsync(path, "this is not a DuckDB file");
        var environment = new HostingEnvironment { ContentRootPath = _folder.FullName };
        var buildState = new CorpusBuildState();
        buildState.MarkReady();
        var provider = new TrendStoreProvider(Options.Create(new TrendBoardOptions { DatabasePath = path }), environment, buildState, NullLoggerFactory.Instance);
        Services.AddSingleton(buildState);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddBootstrapBlazor();
        Services.AddSingleton<ITrendAnalytics>(new StoreTrendAnalytics(provider));
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(new CorpusChangeNotifier(NullLogger<CorpusChangeNotifier>.Instance));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(
            () => Assert.Contains("Loading the charts failed", page.Find(".alert-danger").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));

        // No load runs after the failure, so the page must not claim that one does.
        Assert.DoesNotContain("Loading the dashboard", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[role=status]"));
        await provider.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _folder.Delete(recursive: true);
    }
}
