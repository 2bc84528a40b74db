using TrendBoard.Core.Text;

namespace TrendBoard.Core.Tests.Text;

public sealed class ArxivCategoryTests
{
    [Theory]
    [InlineData("cs.CL")]
    [InlineData("eess.IV")]
    [InlineData("astro-ph.CO")]
    [InlineData("cond-mat.stat-mech")]
    [InlineData("physics.comp-ph")]
    [InlineData("q-bio.NC")]
    [InlineData("hep-th")]
    [InlineData("quant-ph")]
    [InlineData("cmp-lg")]
    public void CategoryIsValid(string category)
    {
        Assert.True(ArxivCategory.IsValid(category));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("I.2.7")]
    [InlineData("I.2.6; I.2.7")]
    [InlineData("68T45")]
    [InlineData("68T10,")]
    [InlineData("J.5")]
    [InlineData("CS.CL")]
    [InlineData("foo.CL")]
    [InlineData("cs.cl.x")]
    [InlineData("Computer Science - Computation and Language")]
    public void NonCategoryIsInvalid(string? text)
    {
        Assert.False(ArxivCategory.IsValid(text));
    }

    [Fact]
    public void CleanDropsClassStringsAndKeepsOrder()
    {
        var cleaned = ArxivCategory.Clean(["cs.CV", "68T10, 68T07, 68T45,", "I.4.9; I.4.8", "eess.IV", "cs.CV", null]);

        Assert.Equal(["cs.CV", "eess.IV"], cleaned);
    }

    [Fact]
    public void CleanSplitsSpaceSeparatedString()
    {
        Assert.Equal(["math.CO", "cs.CG"], ArxivCategory.Clean(["math.CO  cs.CG"]));
    }
}
