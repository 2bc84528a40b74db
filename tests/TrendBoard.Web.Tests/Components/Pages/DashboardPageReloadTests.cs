using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Storage;
using TrendBoard.Web.Components.Pages.Dashboard;
using TrendBoard.Web.Hosting;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Components.Pages;

/// <summary>Uses a database of its own, because a test adds a paper to it.</summary>
public sealed class DashboardPageReloadTests : BunitContext, IAsyncLifetime
{
    private readonly CorpusChangeNotifier _notifier = new(NullLogger<CorpusChangeNotifier>.Instance);
    private TestDatabase _database = default!;
    private TrendStore _store = default!;

    public DashboardPageReloadTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddBootstrapBlazor();

        // Resolved at the first render, after InitializeAsync has opened the store.
        Services.AddSingleton<ITrendAnalytics>(_ => new TrendAnalytics(_store));
        Services.AddSingleton(TimeProvider.System);
        var buildState = new CorpusBuildState();
        buildState.MarkReady();
        Services.AddSingleton(buildState);
        Services.AddSingleton(_notifier);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _store = await TrendStore.OpenAsync(_database.DatabasePath, logger: null, CancellationToken.None);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _store.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public void UnknownKeywordGetsSimilarOnes()
    {
        var keywords = _database.Papers.SelectMany(p => p.Keywords).Select(k => k.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var known = keywords.Order(StringComparer.Ordinal).First(k => !keywords.Contains(k + "s"));
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/?keyword={Uri.EscapeDataString(known + "s")}");

        var page = Render<DashboardPage>();

        page.WaitForAssertion(
            () => Assert.Contains(
                page.FindAll("[role=alert]"),
                alert => alert.TextContent.Contains($"keyword '{known}s'", StringComparison.Ordinal)
                    && alert.TextContent.Contains($"Similar keywords: {known}", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task CorpusChangeReloadsWithoutRefresh()
    {
        var page = Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.Contains("140", page.Find(".corpus-status").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        var extra = _database.Papers[0].Paper with { Id = "2406.99999", Title = "A paper imported later" };
        await _store.ImportAsync(new ParsedFile("later.json", [extra], []), CancellationToken.None);
        _notifier.Publish(new CorpusChange("import", "1 file"));

        page.WaitForAssertion(() => Assert.Contains("141", page.Find(".corpus-status").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
    }
}
