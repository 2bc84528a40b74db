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
    }
}
