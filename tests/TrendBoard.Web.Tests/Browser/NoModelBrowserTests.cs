using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Browser;

/// <summary>
/// The dashboard in Debian's Chromium on a database with one imported Daily Papers day and no
/// topic model run, against the app on Kestrel at http://127.0.0.1.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class NoModelBrowserTests : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("trendboard-nomodel-browser-");
    private TrendBoardApp _app = default!;
    private Uri _baseAddress = default!;
    private IPlaywright _playwright = default!;
    private IBrowser _browser = default!;

    public async Task InitializeAsync()
    {
        var path = Path.Combine(_folder.FullName, "papers-only.duckdb");
        await using (var store = await TrendStore.OpenAsync(path, logger: null, CancellationToken.None))
        {
            await new CorpusBuilder(NullLoggerFactory.Instance).ImportAsync(store, [RealData.DailyPapersPath], progress: null, CancellationToken.None);
        }

        _app = new TrendBoardApp(path);
        _baseAddress = _app.StartKestrel();

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file that is still open cannot always be deleted; the folder then stays in the temp directory.
        }
    }

    [Fact]
    public async Task EmptyChartLinkOpensTopicsPage()
    {
        await using var context = await _browser.NewContextAsync();
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync(_baseAddress.ToString());
        var link = page.Locator("[data-chart='volume'] .chart-empty a");
        await link.WaitForAsync();
        Assert.Contains("No topic model has been run yet", await page.InnerTextAsync("[data-chart='volume'] .chart-empty"), StringComparison.Ordinal);

        // A real click, which fails when the overlay lets pointer events through to the chart below it.
        await link.ClickAsync(new LocatorClickOptions { Timeout = 10_000 });

        await page.WaitForURLAsync(new Uri(_baseAddress, "topics").ToString());
        await page.Locator("#refit-start").WaitForAsync();
    }
}
