using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Browser;

/// <summary>
/// Drives the dashboard in Debian's Chromium through Playwright, against the app on Kestrel at
/// http://127.0.0.1 and a real DuckDB file. Playwright's driver ships inside its NuGet package
/// and the browser is the system one, so nothing is downloaded.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private TestDatabase _database = default!;
    private TrendBoardApp _app = default!;
    private Uri _baseAddress = default!;
    private IPlaywright _playwright = default!;
    private IBrowser _browser = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new TrendBoardApp(_database.DatabasePath);
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
        _database.Dispose();
    }

    [Fact]
    public async Task DashboardDrawsFiltersAndExports()
    {
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1440, Height = 1100 },
        });
        context.SetDefaultTimeout(60_000);

        // Every request must stay on the app's own address: plotly.js and the CSS ship with the app.
        var foreignRequests = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "http" or "https" or "ws" or "wss" && url.Authority != _baseAddress.Authority)
            {
                foreignRequests.Add(route.Request.Url);
                await route.AbortAsync();
                return;
            }

            await route.ContinueAsync();
        });

        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };

        // The whole corpus: three topics plus outliers in the volume and upvote charts.
        await page.GotoAsync(_baseAddress.ToString());
        try
        {
            await WaitForChartAsync(page, "volume-chart");
        }
        catch (TimeoutException)
        {
            await SaveScreenshotAsync(page);
            Assert.Fail("The volume chart was not drawn. Browser console errors: " + string.Join(" | ", consoleErrors) + " Text: " + await page.InnerTextAsync("body"));
        }

        await WaitForChartAsync(page, "keywords-chart");
        await WaitForChartAsync(page, "upvotes-chart");

        Assert.Equal(4, await page.Locator("#volume-chart .scatterlayer .trace").CountAsync());
        Assert.Equal(4, await page.Locator("#upvotes-chart .scatterlayer .trace").CountAsync());
        Assert.True(await page.Locator("#keywords-chart .barlayer .point").CountAsync() > 0, "The keyword chart has no bars.");

        // Hostile labels are shown as text: no element made from them, no script run.
        var legend = await page.Locator("#volume-chart .legendtext").AllTextContentsAsync();
        Assert.Contains("2: " + TestCorpus.HostileLabel, legend);
        Assert.Equal(0, await page.Locator(".chart-panel img").CountAsync());
        Assert.Contains(TestCorpus.HostileLabel, await page.Locator(".topics-table").InnerTextAsync(), StringComparison.Ordinal);

        // A new start date goes into the URL, the charts and the export links.
        await page.FillAsync("#filter-from", "2024-07-01");
        try
        {
            // Blazor changes the URL with history.replaceState, which fires no load event, so the
            // test polls location.search instead of waiting for a navigation.
            await page.WaitForFunctionAsync("() => location.search.includes('from=2024-07-01')");
        }
        catch (TimeoutException)
        {
            await SaveScreenshotAsync(page);
            Assert.Fail($"URL stayed {page.Url}; input shows {await page.InputValueAsync("#filter-from")}; console errors: {string.Join(" | ", consoleErrors)}; body: {await page.InnerTextAsync("body")}");
        }

        await WaitForFirstBinAsync(page, "volume-chart", "2024-07-01");
        await WaitForFirstBinAsync(page, "upvotes-chart", "2024-07-01");
        Assert.Contains("from=2024-07-01", await page.GetAttributeAsync("[data-export='volume-csv']", "href"), StringComparison.Ordinal);

        // The export link downloads exactly the rows behind the volume chart.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-export='volume-csv']"));
        var csvPath = await download.PathAsync();
        var (_, rows) = CsvReader.Parse(await File.ReadAllTextAsync(csvPath));
        var expected = ExpectedRows.Volume(_database, new DateOnly(2024, 7, 1), TestCorpus.LastDay);

        Assert.Equal($"trendboard-volume-2024-07-01-to-{Day(TestCorpus.LastDay)}.csv", download.SuggestedFilename);
        Assert.Equal(
            expected.Select(point => $"{Day(point.BinStart)} {point.TopicId} {point.Papers}"),
            rows.Select(row => $"{row["bin_start"]} {row["topic_id"]} {row["papers"]}"));

        // A reload of the URL restores the view.
        await page.ReloadAsync();
        await WaitForFirstBinAsync(page, "volume-chart", "2024-07-01");
        Assert.Equal("2024-07-01", await page.InputValueAsync("#filter-from"));

        // A click on a point of the upvotes chart lists the papers behind it: topic 0, second week of the range.
        await page.Locator("#upvotes-chart").ScrollIntoViewIfNeededAsync();
        var point = await page.EvaluateAsync<double[]>(
            @"([id, trace, index]) => {
                const el = document.getElementById(id);
                const xa = el._fullLayout.xaxis, ya = el._fullLayout.yaxis, data = el._fullData[trace];
                const box = el.getBoundingClientRect();
                return [box.left + xa._offset + xa.l2p(xa.d2l(data.x[index])), box.top + ya._offset + ya.l2p(ya.d2l(data.y[index]))];
            }",
            new object[] { "upvotes-chart", 0, 1 });
        await page.Mouse.ClickAsync((float)point[0], (float)point[1]);
        try
        {
            await page.WaitForSelectorAsync("#drilldown .drilldown-table tbody tr");
        }
        catch (TimeoutException)
        {
            await SaveScreenshotAsync(page);
            Assert.Fail($"No paper list after clicking ({point[0]}, {point[1]}); console errors: {string.Join(" | ", consoleErrors)}");
        }

        var expectedIds = _database.Papers
            .Where(paper => paper.TopicId == 0 && ExpectedRows.Monday(paper.Paper.PublishedOn) == new DateOnly(2024, 7, 8))
            .Select(paper => paper.Paper.Id)
            .Order(StringComparer.Ordinal)
            .ToList();
        var listedIds = (await page.Locator("#drilldown tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.paper)"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains("topic 0, week of 2024-07-08", await page.InnerTextAsync("#drilldown h2"), StringComparison.Ordinal);
        Assert.Equal(expectedIds, listedIds);

        // The list opens above the charts, so the page must bring it into view after the click.
        await Assertions.Expect(page.Locator("#drilldown h2")).ToBeInViewportAsync();
        Assert.Equal(
            "https://huggingface.co/papers/" + listedIds[0],
            await page.GetAttributeAsync($"#drilldown a[data-paper-id='{listedIds[0]}']", "href"));

        // The URL names the point, so a reload opens the same paper list.
        var query = QueryHelpers.ParseQuery(new Uri(page.Url).Query);
        Assert.Equal("upvotes", query["point"].ToString());
        Assert.Equal("0", query["point_topic"].ToString());
        Assert.Equal("2024-07-08", query["bin_start"].ToString());
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#drilldown .drilldown-table tbody tr");
        Assert.Contains("topic 0, week of 2024-07-08", await page.InnerTextAsync("#drilldown h2"), StringComparison.Ordinal);
        var reloadedIds = (await page.Locator("#drilldown tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.paper)"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expectedIds, reloadedIds);

        await SaveScreenshotAsync(page);
        Assert.Empty(foreignRequests);
        Assert.Empty(dialogs);
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task ShiftsTableStaysInsideCardAt1400()
    {
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync(_baseAddress.ToString());
        await page.Locator("[data-panel='topic_shifts'] .shifts-table tbody tr").First.WaitForAsync();
        var layout = await page.EvaluateAsync<ShiftsLayout>(
            """
            () => {
                const card = document.querySelector("[data-panel='topic_shifts']");
                const column = card.parentElement;
                const table = card.querySelector('.shifts-table');
                const container = table.parentElement;
                return {
                    cardRight: card.getBoundingClientRect().right,
                    columnRight: column.getBoundingClientRect().right,
                    cardScrollWidth: card.scrollWidth,
                    cardClientWidth: card.clientWidth,
                    tableScrollWidth: table.scrollWidth,
                    containerScrollWidth: container.scrollWidth,
                    containerClientWidth: container.clientWidth,
                    containerOverflowX: getComputedStyle(container).overflowX,
                };
            }
            """);

        var message = $"Layout at 1400x900: {layout}";
        // The card stays in its grid column, and the table, hostile long labels included, fits the
        // card at this width, so the Direction column is visible without scrolling sideways.
        // Narrower windows scroll it inside the card, which the overflow check keeps possible.
        Assert.True(layout.CardRight <= layout.ColumnRight + 0.5, message);
        Assert.True(layout.CardScrollWidth <= layout.CardClientWidth, message);
        Assert.True(layout.TableScrollWidth <= layout.ContainerClientWidth, message);
        Assert.Contains(layout.ContainerOverflowX, new[] { "auto", "scroll" });
    }

    /// <summary>Sizes in CSS pixels of the emerging and fading topics card, its grid column and its table.</summary>
    private sealed record ShiftsLayout
    {
        public double CardRight { get; init; }

        public double ColumnRight { get; init; }

        public double CardScrollWidth { get; init; }

        public double CardClientWidth { get; init; }

        public double TableScrollWidth { get; init; }

        public double ContainerScrollWidth { get; init; }

        public double ContainerClientWidth { get; init; }

        public string ContainerOverflowX { get; init; } = string.Empty;
    }

    /// <summary>Waits until plotly.js has drawn an SVG with at least one trace in the chart's element.</summary>
    private static Task WaitForChartAsync(IPage page, string chartId) =>
        page.WaitForFunctionAsync(
            "id => { const el = document.getElementById(id); return !!el && !!el.querySelector('svg.main-svg') && Array.isArray(el.data) && el.data.length > 0; }",
            chartId);

    /// <summary>Waits until every trace of a time chart starts on <paramref name="day"/> or later.</summary>
    private static Task WaitForFirstBinAsync(IPage page, string chartId, string day) =>
        page.WaitForFunctionAsync(
            "([id, day]) => { const el = document.getElementById(id); return !!el && Array.isArray(el.data) && el.data.length > 0 && el.data.every(t => t.x.length > 0 && t.x.every(x => x >= day)); }",
            new[] { chartId, day });

    private static async Task SaveScreenshotAsync(IPage page)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "browser-artifacts");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "dashboard.png"), FullPage = true });
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
