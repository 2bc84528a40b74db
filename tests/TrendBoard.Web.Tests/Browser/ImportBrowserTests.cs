using System.Globalization;
using Microsoft.Playwright;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Browser;

/// <summary>
/// Uploads a bundled corpus file through the Import page in Debian's Chromium, against the app on
/// Kestrel at http://127.0.0.1 and a real DuckDB file.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class ImportBrowserTests : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private string _folder = default!;
    private TrendBoardApp _app = default!;
    private Uri _baseAddress = default!;
    private IPlaywright _playwright = default!;
    private IBrowser _browser = default!;

    private string DatabasePath => Path.Combine(_folder, "trendboard.duckdb");

    private string UploadPath => Path.Combine(_folder, "uploads");

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("trendboard-import-browser-").FullName;

        // No first-start build: the app opens an empty database, so every paper of the file is new.
        _app = new TrendBoardApp(DatabasePath, new Dictionary<string, string>
        {
            ["TrendBoard:UploadPath"] = UploadPath,
            ["TrendBoard:BuildOnFirstStart"] = "false",
        });
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
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file that is still open cannot always be deleted; the folder then stays in the temp directory.
        }
    }

    [Fact]
    public async Task UploadedFilesShowReport()
    {
        // Two files, because the browser reads each chosen file through the file input while the
        // upload runs, so a page that hid the input broke every file after the first.
        var secondPath = Path.Combine(Path.GetDirectoryName(RealData.DailyPapersPath)!, "2024-05-28.json.gz");
        var (items, paperIds) = RealData.CountDailyPapers(RealData.DailyPapersPath);
        var (secondItems, secondIds) = RealData.CountDailyPapers(secondPath);
        await using var context = await _browser.NewContextAsync();
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            // The host page links favicon.svg, so Chromium requests no missing favicon.ico either.
            if (message.Type == "error")
            {
                consoleErrors.Add($"{message.Text} ({message.Location})");
            }
        };

        await page.GotoAsync(new Uri(_baseAddress, "import").ToString());

        // The prerendered page disables the file input until the circuit has connected, and the
        // InputFile component attaches its change handler a moment later, when its JavaScript
        // init sets _blazorInputFileNextFileId on the element. Files chosen before that are lost.
        await page.Locator("#import-files:not([disabled])").WaitForAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('#import-files')?._blazorInputFileNextFileId !== undefined");
        await page.SetInputFilesAsync("#import-files", new[] { RealData.DailyPapersPath, secondPath });
        await page.Locator("#import-start:not([disabled])").WaitForAsync();

        await page.ClickAsync("#import-start");

        var report = page.Locator("[data-testid=import-report]");
        try
        {
            await report.GetByText("Finished").WaitForAsync();
        }
        catch (TimeoutException)
        {
            await SaveScreenshotAsync(page);
            Assert.Fail("No finished report appeared. Console errors: " + string.Join(" | ", consoleErrors) + " Body: " + await page.InnerTextAsync("body"));
        }

        var rows = report.Locator("[data-file-row]");
        Assert.Equal(2, await rows.CountAsync());
        var row = rows.Nth(0);
        Assert.Contains(RealData.DailyPapersFileName, await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(Count(items), await row.Locator("[data-count=read]").InnerTextAsync());
        Assert.Equal(Count(paperIds.Count), await row.Locator("[data-count=new]").InnerTextAsync());
        Assert.Equal("0", await row.Locator("[data-count=rejected]").InnerTextAsync());
        var second = rows.Nth(1);
        Assert.Contains("2024-05-28.json.gz", await second.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(Count(secondItems), await second.Locator("[data-count=read]").InnerTextAsync());
        Assert.Equal(Count(secondIds.Except(paperIds).Count()), await second.Locator("[data-count=new]").InnerTextAsync());

        // The upload was written under a server-chosen name and deleted after the import.
        Assert.Empty(Directory.GetFiles(UploadPath, "*", SearchOption.AllDirectories));
        await SaveScreenshotAsync(page);
        Assert.True(consoleErrors.Count == 0, "Browser console errors: " + string.Join(" | ", consoleErrors));
    }

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static async Task SaveScreenshotAsync(IPage page)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "browser-artifacts");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "import.png"), FullPage = true });
    }
}
