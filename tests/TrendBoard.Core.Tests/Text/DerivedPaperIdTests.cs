using System.Security.Cryptography;
using System.Text;
using TrendBoard.Core.Text;

namespace TrendBoard.Core.Tests.Text;

public sealed class DerivedPaperIdTests
{
    [Fact]
    public void IdIsPrefixedSha256OfLowercasedTitle()
    {
        var expected = "title:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("kimi k1.5: scaling reinforcement learning with llms")))[..16];

        Assert.Equal(expected, DerivedPaperId.FromTitle("Kimi k1.5: Scaling Reinforcement Learning with LLMs"));
    }

    [Fact]
    public void CaseAndWhitespaceGiveTheSameId()
    {
        Assert.Equal(
            DerivedPaperId.FromTitle("Kimi k1.5: Scaling Reinforcement Learning with LLMs"),
            DerivedPaperId.FromTitle("  KIMI k1.5:  scaling reinforcement\nlearning with LLMs "));
    }

    [Fact]
    public void DifferentTitlesGiveDifferentIds()
    {
        Assert.NotEqual(DerivedPaperId.FromTitle("Planting a SEED of Vision"), DerivedPaperId.FromTitle("Planting a SEED of Vision 2"));
    }

    [Fact]
    public void DerivedIdIsNeverAnArxivId()
    {
        var id = DerivedPaperId.FromTitle("Any title");

        Assert.True(DerivedPaperId.IsDerived(id));
        Assert.False(ArxivId.TryParseReference(id, out _));
        Assert.False(DerivedPaperId.IsDerived("2501.00001"));
    }

    [Fact]
    public void BlankTitleThrows()
    {
        Assert.Throws<ArgumentException>(() => DerivedPaperId.FromTitle("  "));
    }
}
