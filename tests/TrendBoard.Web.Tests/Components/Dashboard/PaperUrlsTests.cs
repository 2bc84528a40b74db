using Bunit;
using TrendBoard.Web.Components.Dashboard;

namespace TrendBoard.Web.Tests.Components.Dashboard;

public sealed class PaperUrlsTests : BunitContext
{
    [Theory]
    [InlineData("2604.07429", "https://huggingface.co/papers/2604.07429")]
    [InlineData("1501.00001", "https://huggingface.co/papers/1501.00001")]
    [InlineData("cs/0610004", "https://arxiv.org/abs/cs/0610004")]
    [InlineData("hep-th/9901001", "https://arxiv.org/abs/hep-th/9901001")]
    public void ArxivIdGetsPaperPage(string paperId, string expected)
    {
        Assert.Equal(expected, PaperUrls.For(paperId));
    }

    [Theory]
    [InlineData("2604.07429v2")]
    [InlineData("arXiv:2604.07429")]
    [InlineData("2604.07429?x=1")]
    [InlineData("javascript:alert(1)")]
    [InlineData("../../admin")]
    [InlineData("")]
    [InlineData(null)]
    public void OtherTextGetsNoLink(string? paperId)
    {
        Assert.Null(PaperUrls.For(paperId));
    }

    [Fact]
    public void TitleWithoutLinkRendersAsText()
    {
        var title = Render<PaperTitle>(parameters => parameters
            .Add(p => p.PaperId, "not-an-id")
            .Add(p => p.Title, "<script>alert(1)</script> & more"));

        Assert.Empty(title.FindAll("a"));
        Assert.Empty(title.FindAll("script"));
        Assert.Equal("<script>alert(1)</script> & more", title.Find("span").TextContent);
    }

    [Fact]
    public void LinkedTitleOpensSafely()
    {
        var title = Render<PaperTitle>(parameters => parameters
            .Add(p => p.PaperId, "2604.07429")
            .Add(p => p.Title, "<b>Bold</b> claims"));

        var link = title.Find("a");
        Assert.Equal("https://huggingface.co/papers/2604.07429", link.GetAttribute("href"));
        Assert.Equal("<b>Bold</b> claims", link.TextContent);
        Assert.Contains("noopener", link.GetAttribute("rel"), StringComparison.Ordinal);
        Assert.Empty(link.QuerySelectorAll("b"));
    }
}
