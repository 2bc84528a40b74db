using TrendBoard.Core.Text;

namespace TrendBoard.Core.Tests.Text;

public sealed class ArxivIdTests
{
    [Theory]
    [InlineData("2604.07429", "2604.07429")]
    [InlineData("2604.07429v2", "2604.07429")]
    [InlineData("2604.07429v12", "2604.07429")]
    [InlineData("0704.0001", "0704.0001")]
    [InlineData("1412.6980v9", "1412.6980")]
    [InlineData(" arXiv:2405.15738v1 ", "2405.15738")]
    [InlineData("ARXIV:2405.15738", "2405.15738")]
    [InlineData("cs/0610004", "cs/0610004")]
    [InlineData("cs/0610004v3", "cs/0610004")]
    [InlineData("hep-th/9901001", "hep-th/9901001")]
    [InlineData("math.GT/0309136", "math/0309136")]
    public void ValidIdIsNormalised(string raw, string expected)
    {
        Assert.True(ArxivId.TryNormalize(raw, out var id));
        Assert.Equal(expected, id);
        Assert.Equal(expected, ArxivId.Normalize(raw));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("2604.074")]
    [InlineData("2604.074291")]
    [InlineData("2613.07429")]
    [InlineData("2600.07429")]
    [InlineData("2604.07429v")]
    [InlineData("2604.07429 v2")]
    [InlineData("CS/0610004")]
    [InlineData("cs/061000")]
    [InlineData("\u0662\u0666\u0660\u0664.07429")]
    [InlineData("https://arxiv.org/abs/2604.07429")]
    public void InvalidIdIsRejected(string? raw)
    {
        Assert.False(ArxivId.TryNormalize(raw, out var id));
        Assert.Null(id);
    }

    [Fact]
    public void NormalizeNamesTheBadValue()
    {
        var exception = Assert.Throws<FormatException>(() => ArxivId.Normalize("paper-42"));

        Assert.Contains("'paper-42'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://arxiv.org/abs/2510.14968v1", "2510.14968")]
    [InlineData("https://arxiv.org/abs/2510.14968", "2510.14968")]
    [InlineData("https://www.arxiv.org/pdf/2510.14968v2.pdf", "2510.14968")]
    [InlineData("http://export.arxiv.org/abs/cs/0610004v1", "cs/0610004")]
    [InlineData("https://arxiv.org/abs/2510.14968v1?context=cs#x", "2510.14968")]
    [InlineData("oai:arXiv.org:0704.0002", "0704.0002")]
    [InlineData("oai:arXiv.org:math/0309136", "math/0309136")]
    [InlineData("2510.14968v3", "2510.14968")]
    [InlineData("2510.14968", "2510.14968")]
    [InlineData("0704.0001", "0704.0001")]
    [InlineData(" 2510.14968 ", "2510.14968")]
    public void ReferenceIsNormalised(string raw, string expected)
    {
        Assert.True(ArxivId.TryParseReference(raw, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://arxiv.org/api/errors#incorrect_id_format_for_1234")]
    [InlineData("https://example.org/abs/2510.14968")]
    [InlineData("https://arxiv.org/list/cs.CL/recent")]
    [InlineData("oai:arXiv.org:not-an-id")]
    [InlineData("doi:10.1000/182")]
    [InlineData("2513.14968")]
    [InlineData("2500.14968")]
    [InlineData("25a0.14968")]
    [InlineData("2510-14968")]
    public void InvalidReferenceIsRefused(string? raw)
    {
        Assert.False(ArxivId.TryParseReference(raw, out var id));
        Assert.Null(id);
    }
}
