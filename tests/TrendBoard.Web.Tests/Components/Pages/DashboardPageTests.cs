using TrendBoard.Web.Hosting;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Storage;
using TrendBoard.Web.Components.Pages.Dashboard;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Components.Pages;

/// <summary>Opens one test database for every page test.</summary>
public sealed class DashboardDatabaseFixture : IAsyncLifetime
{
    internal TestDatabase Database { get; private set; } = default!;

    internal TrendStore Store { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Store = await TrendStore.OpenAsync(Database.DatabasePath, logger: null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        Database.Dispose();
    }
}

public sealed class DashboardPageTests : BunitContext, IClassFixture<DashboardDatabaseFixture>
{
    private const string PlotlyInteropModule = "./_content/Plotly.Blazor/plotly-interop-7.2.0.js";

    /// <summary>How long to wait for the real DuckDB queries; generous because test classes run in parallel.</summary>
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(30);

    public DashboardPageTests(DashboardDatabaseFixture fixture)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        JSInterop.SetupModule(PlotlyInteropModule).Mode = JSRuntimeMode.Loose;
        Services.AddBootstrapBlazor();
        Services.AddSingleton<ITrendAnalytics>(new TrendAnalytics(fixture.Store));
        Services.AddSingleton(TimeProvider.System);
        var buildState = new CorpusBuildState();
        buildState.MarkReady();
        Services.AddSingleton(buildState);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void EmptyUrlShowsWholeCorpus()
    {
        var page = RenderAt("/");

        WaitUntilLoaded(page);
        Assert.Equal("2024-06-03", page.Find("#filter-from").GetAttribute("value"));
        Assert.Equal("2024-07-28", page.Find("#filter-to").GetAttribute("value"));
        Assert.Equal("week", page.Find("#filter-bin").GetAttribute("value"));
        Assert.Empty(page.FindAll(".alert"));
    }

    [Fact]
    public void UrlRestoresTheView()
    {
        var page = RenderAt("/?from=2024-06-10&to=2024-06-23&bin=day&topic=1");

        WaitUntilLoaded(page);
        Assert.Equal("2024-06-10", page.Find("#filter-from").GetAttribute("value"));
        Assert.Equal("2024-06-23", page.Find("#filter-to").GetAttribute("value"));
        Assert.Equal("day", page.Find("#filter-bin").GetAttribute("value"));
        Assert.Equal("1", page.Find("#filter-topic").GetAttribute("value"));
        Assert.Contains("topics=1", page.Find("[data-export='keywords-csv']").GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains("bin=day", page.Find("[data-export='volume-json']").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public void BadUrlValuesWarnAndFallBack()
    {
        var page = RenderAt("/?from=2024-99-01&bin=year");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".alert-warning").Count), LoadTimeout);
        var warnings = string.Join(" ", page.FindAll(".alert-warning").Select(alert => alert.TextContent));
        Assert.Contains("'from'", warnings, StringComparison.Ordinal);
        Assert.Contains("'bin'", warnings, StringComparison.Ordinal);
        Assert.Equal("2024-06-03", page.Find("#filter-from").GetAttribute("value"));
        Assert.Equal("week", page.Find("#filter-bin").GetAttribute("value"));
    }

    [Fact]
    public void UnknownTopicShowsAllPapers()
    {
        var page = RenderAt("/?topic=42");

        page.WaitForAssertion(
            () => Assert.Contains("Topic 42 is not in the current model run", page.Find(".alert-warning").TextContent, StringComparison.Ordinal),
            LoadTimeout);
        Assert.Equal(string.Empty, page.Find("#filter-topic").GetAttribute("value"));
    }

    [Fact]
    public async Task FilterChangeWritesUrl()
    {
        var page = RenderAt("/?from=2024-06-10&to=2024-06-23");
        WaitUntilLoaded(page);

        await page.Find("#filter-bin").ChangeAsync(new ChangeEventArgs { Value = "month" });

        var navigation = Services.GetRequiredService<NavigationManager>();
        var query = QueryHelpers.ParseQuery(new Uri(navigation.Uri).Query);
        Assert.Equal("2024-06-10", query["from"]);
        Assert.Equal("2024-06-23", query["to"]);
        Assert.Equal("month", query["bin"]);
    }

    [Fact]
    public void LoadedChartsClearLoadingState()
    {
        var page = RenderAt("/?from=2024-06-03&to=2024-06-09");

        WaitUntilLoaded(page);
        Assert.Equal("false", page.Find("[data-chart='keywords'] .chart-body").GetAttribute("aria-busy"));
        Assert.Equal("false", page.Find("[data-chart='upvotes'] .chart-body").GetAttribute("aria-busy"));
        Assert.Contains("140", page.Find(".corpus-status").TextContent, StringComparison.Ordinal);
    }

    /// <summary>Waits until the three charts have their data, after which the page renders nothing on its own.</summary>
    private static void WaitUntilLoaded(IRenderedComponent<DashboardPage> page) =>
        page.WaitForAssertion(() => Assert.Equal("false", page.Find("[data-chart='volume'] .chart-body").GetAttribute("aria-busy")), LoadTimeout);

    private IRenderedComponent<DashboardPage> RenderAt(string relativeUrl)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(relativeUrl);
        return Render<DashboardPage>();
    }
}
