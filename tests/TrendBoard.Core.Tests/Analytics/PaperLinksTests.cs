using TrendBoard.Core.Analytics;

namespace TrendBoard.Core.Tests.Analytics;

public sealed class PaperLinksTests
{
    [Theory]
    [InlineData("2406.01234")]
    [InlineData("1412.6980")]
    public void NewStyleIdGetsPaperPage(string paperId)
    {
        Assert.Equal($"https://huggingface.co/papers/{paperId}", PaperLinks.GetHuggingFaceUrl(paperId));
    }

    [Theory]
    [InlineData("2406.01234v2")]
    [InlineData("arXiv:2406.01234")]
    [InlineData(" 2406.01234")]
    [InlineData("2406.01234\n")]
    [InlineData("2413.01234")]
    [InlineData("2406.012345")]
    [InlineData("2406.01234/../../login")]
    [InlineData("2406.01234?next=https://example.org")]
    [InlineData("javascript:alert(1)")]
    [InlineData("cs/0610004")]
    [InlineData("")]
    public void OtherIdsAreRejected(string paperId)
    {
        Assert.False(PaperLinks.TryGetHuggingFaceUrl(paperId, out var url));
        Assert.Null(url);

        var error = Assert.Throws<FormatException>(() => PaperLinks.GetHuggingFaceUrl(paperId));
        Assert.Contains("new-style arXiv id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullIdGetsNoLink()
    {
        Assert.False(PaperLinks.TryGetHuggingFaceUrl(null, out _));
        Assert.False(PaperLinks.TryGetPaperUrl(null, out _));
    }

    [Theory]
    [InlineData("2406.01234", "https://huggingface.co/papers/2406.01234")]
    [InlineData("cs/0610004", "https://arxiv.org/abs/cs/0610004")]
    [InlineData("hep-th/9901001", "https://arxiv.org/abs/hep-th/9901001")]
    public void PaperUrlFollowsIdStyle(string paperId, string expected)
    {
        Assert.True(PaperLinks.TryGetPaperUrl(paperId, out var url));
        Assert.Equal(expected, url);
    }

    [Theory]
    [InlineData("2406.01234v2")]
    [InlineData("cs/0610004v1")]
    [InlineData("cs/0610004/../../login")]
    [InlineData("javascript:alert(1)")]
    [InlineData("")]
    public void PaperUrlRejectsOtherText(string paperId)
    {
        Assert.False(PaperLinks.TryGetPaperUrl(paperId, out var url));
        Assert.Null(url);
    }
}
