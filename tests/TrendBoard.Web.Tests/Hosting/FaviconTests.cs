using System.Net;
using System.Xml.Linq;
using AngleSharp.Html.Parser;
using TrendBoard.Web.Tests.Exports;

namespace TrendBoard.Web.Tests.Hosting;

/// <summary>The icon that the host page links, served by the in-process app.</summary>
public sealed class FaviconTests(ExportAppFixture fixture) : IClassFixture<ExportAppFixture>
{
    private readonly HttpClient _client = fixture.App.CreateClient();

    [Fact]
    public async Task HostPageLinksServedSvgIcon()
    {
        var html = await _client.GetStringAsync("/");
        var document = new HtmlParser().ParseDocument(html);
        var icon = document.QuerySelector("head link[rel=icon]");

        Assert.NotNull(icon);
        Assert.Equal("image/svg+xml", icon.GetAttribute("type"));
        var href = icon.GetAttribute("href");
        Assert.False(string.IsNullOrEmpty(href));

        using var response = await _client.GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), svg.Root?.Name);
    }
}
