using System.Net;
using AngleSharp.Html.Parser;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Hosting;

/// <summary>
/// The app in the Production environment, as <c>dotnet run --no-launch-profile</c> starts it,
/// serves every script and style sheet that its host page links.
/// </summary>
public sealed class ProductionAssetsTests : IAsyncLifetime
{
    private TestDatabase _database = default!;
    private TrendBoardApp _app = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new TrendBoardApp(_database.DatabasePath, new Dictionary<string, string> { ["environment"] = "Production" });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task ProductionServesLinkedAssets()
    {
        using var client = _app.CreateClient();
        var document = new HtmlParser().ParseDocument(await client.GetStringAsync("/"));
        var links = document.QuerySelectorAll("link[rel=stylesheet][href], script[src]")
            .Select(element => element.GetAttribute("href") ?? element.GetAttribute("src"))
            .Where(link => !string.IsNullOrEmpty(link))
            .ToList();

        Assert.Contains(links, link => link!.Contains("blazor.web", StringComparison.Ordinal));
        Assert.Contains(links, link => link!.Contains("_content/BootstrapBlazor", StringComparison.Ordinal));
        foreach (var link in links)
        {
            using var response = await client.GetAsync(link);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link} answered {(int)response.StatusCode}");
        }
    }
}
