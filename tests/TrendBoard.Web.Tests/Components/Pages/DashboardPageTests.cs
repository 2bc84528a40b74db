using TrendBoard.Web.Hosting;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Plotly.Blazor;
using Plotly.Blazor.Interop;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Storage;
using TrendBoard.Web.Components.Charts;
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

    private readonly DashboardDatabaseFixture _fixture;

    public DashboardPageTests(DashboardDatabaseFixture fixture)
    {
        _fixture = fixture;
        JSInterop.Mode = JSRuntimeMode.Loose;
        JSInterop.SetupModule(PlotlyInteropModule).Mode = JSRuntimeMode.Loose;
        Services.AddBootstrapBlazor();
        Services.AddSingleton<ITrendAnalytics>(new TrendAnalytics(fixture.Store));
        Services.AddSingleton(TimeProvider.System);
        _buildState.MarkReady();
        Services.AddSingleton(_buildState);
        Services.AddSingleton(_notifier);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private readonly CorpusBuildState _buildState = new();
    private readonly CorpusChangeNotifier _notifier = new(NullLogger<CorpusChangeNotifier>.Instance);

    [Theory]
    [InlineData("day")]
    [InlineData("week")]
    [InlineData("month")]
    public void SubtitleNamesChosenBin(string bin)
    {
        var page = RenderAt($"/?bin={bin}");

        WaitUntilLoaded(page);
        Assert.Equal($"What machine-learning research is working on, {bin} by {bin}", page.Find("[data-testid='page-subtitle']").TextContent);
    }

    [Fact]
    public void EmptyRangeShowsMessageInsteadOfChart()
    {
        // The test corpus ends on 2024-07-28, so this range has no papers.
        var page = RenderAt("/?from=2025-01-06&to=2025-01-19");

        WaitUntilLoaded(page);
        Assert.Equal("No papers in this range.", page.Find("[data-chart='volume'] .chart-empty").TextContent);
        Assert.Empty(page.FindComponents<TopicVolumeChart>());
        Assert.Empty(page.FindComponents<TopicUpvotesChart>());
    }

    [Fact]
    public void ChartClickOpensPaperList()
    {
        var page = RenderAt("/?from=2024-06-03&to=2024-06-30");
        WaitUntilLoaded(page);

        // plotly.js calls ClickEvent through JS interop with the clicked trace and point;
        // trace 1 is topic 1 and point 2 its third week, 2024-06-17.
        var plotly = page.FindComponent<TopicVolumeChart>().FindComponent<PlotlyChart>();
        page.InvokeAsync(() => plotly.Instance.ClickEvent([new EventDataPoint { CurveNumber = 1, PointNumber = 2 }]));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#drilldown .drilldown-table tbody tr")), LoadTimeout);
        var expected = _fixture.Database.Papers
            .Where(paper => paper.TopicId == 1 && ExpectedRows.Monday(paper.Paper.PublishedOn) == new DateOnly(2024, 6, 17))
            .Select(paper => paper.Paper.Id)
            .Order(StringComparer.Ordinal)
            .ToList();
        var listed = page.FindAll("#drilldown tbody tr").Select(row => row.GetAttribute("data-paper")!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, listed);
        Assert.Contains("topic 1, week of 2024-06-17", page.Find("#drilldown h2").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposedPageStopsListening()
    {
        var page = RenderAt("/");
        WaitUntilLoaded(page);
        var field = typeof(CorpusChangeNotifier).GetField("Changed", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!;
        Assert.NotNull(field.GetValue(_notifier));

        await DisposeComponentsAsync();

        // A handler left behind would keep the page alive and call InvokeAsync on a disposed renderer.
        Assert.Null(field.GetValue(_notifier));
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
    public void KeywordFilterWritesUrlAndNarrowsCharts()
    {
        var page = RenderAt("/?from=2024-06-03&to=2024-06-30");
        WaitUntilLoaded(page);

        page.Find("#filter-keyword").Input("planning");
        page.Find("#filter-keyword-add").Click();

        // The click reaches the page through the renderer's dispatcher, which may still be rendering a panel.
        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(
            () => Assert.Equal("planning", QueryHelpers.ParseQuery(new Uri(navigation.Uri).Query).GetValueOrDefault("keyword").ToString()),
            LoadTimeout);
        page.WaitForAssertion(
            () => Assert.Contains("keyword=planning", page.Find("[data-export='volume-csv']").GetAttribute("href"), StringComparison.Ordinal),
            LoadTimeout);
        Assert.Equal("planning", page.Find("[data-keyword]").TextContent.Trim());
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
    [Fact]
    public void TopicCardOffersModelExports()
    {
        var page = RenderAt("/");

        WaitUntilLoaded(page);
        var card = page.Find("section[aria-labelledby='topics-heading']");
        Assert.Equal("api/export/topics?format=csv", card.QuerySelector("[data-export='topics-csv']")?.GetAttribute("href"));
        Assert.Equal("api/export/assignments?format=json", card.QuerySelector("[data-export='assignments-json']")?.GetAttribute("href"));
    }

    private static void WaitUntilLoaded(IRenderedComponent<DashboardPage> page) =>
        page.WaitForAssertion(() => Assert.Equal("false", page.Find("[data-chart='volume'] .chart-body").GetAttribute("aria-busy")), LoadTimeout);

    private IRenderedComponent<DashboardPage> RenderAt(string relativeUrl)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(relativeUrl);
        return Render<DashboardPage>();
    }
}
