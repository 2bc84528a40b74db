using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;
using TrendBoard.Web.Components.Pages.Dashboard;
using TrendBoard.Web.Hosting;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Components.Pages;

/// <summary>The dashboard on a database with one imported Daily Papers day and no topic model run.</summary>
public sealed class DashboardWithoutModelTests : BunitContext, IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("trendboard-dashboard-nomodel-");
    private TrendStore _store = default!;

    public DashboardWithoutModelTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddBootstrapBlazor();

        // Resolved at the first render, after InitializeAsync has opened the store.
        Services.AddSingleton<ITrendAnalytics>(_ => new TrendAnalytics(_store));
        Services.AddSingleton(TimeProvider.System);
        var buildState = new CorpusBuildState();
        buildState.MarkReady();
        Services.AddSingleton(buildState);
        Services.AddSingleton(new CorpusChangeNotifier(NullLogger<CorpusChangeNotifier>.Instance));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public async Task InitializeAsync()
    {
        _store = await TrendStore.OpenAsync(Path.Combine(_folder.FullName, "papers-only.duckdb"), logger: null, CancellationToken.None);
        await new CorpusBuilder(NullLoggerFactory.Instance).ImportAsync(_store, [RealData.DailyPapersPath], progress: null, CancellationToken.None);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _store.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Theory]
    [InlineData("volume")]
    [InlineData("keywords")]
    [InlineData("upvotes")]
    public void EmptyChartExplainsHowToRunModel(string chart)
    {
        var page = Render<DashboardPage>();

        page.WaitForAssertion(
            () => Assert.Equal("false", page.Find($"[data-chart='{chart}'] .chart-body").GetAttribute("aria-busy")),
            TimeSpan.FromSeconds(30));
        var message = page.Find($"[data-chart='{chart}'] .chart-empty");
        Assert.Contains("No topic model has been run yet", message.TextContent, StringComparison.Ordinal);
        Assert.Contains("trendboard model", message.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("No papers in this range", message.TextContent, StringComparison.Ordinal);
        Assert.Equal("topics", message.QuerySelector("a")?.GetAttribute("href"));
    }

    [Fact]
    public void HeaderStillNamesMissingModel()
    {
        var page = Render<DashboardPage>();

        page.WaitForAssertion(
            () => Assert.Contains("no topic model run yet", page.Find(".corpus-status").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
    }
}
