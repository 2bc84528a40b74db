using TrendBoard.Core.Text;

namespace TrendBoard.Core.Tests.Text;

public sealed class TextCleanerTests
{
    [Theory]
    [InlineData("Large Multimodal\n  Models", "Large Multimodal Models")]
    [InlineData("trailing \t\r\n\tindent", "trailing indent")]
    [InlineData("old\rmac", "old mac")]
    [InlineData("two\n\nparagraphs", "two paragraphs")]
    [InlineData("low-\nand high-quality", "low- and high-quality")]
    [InlineData("keeps  inner   spaces", "keeps  inner   spaces")]
    [InlineData("$\\nabla^2$\n  DFT", "$\\nabla^2$ DFT")]
    public void JoinHardWrapsJoinsLines(string input, string expected)
    {
        Assert.Equal(expected, TextCleaner.JoinHardWraps(input));
    }

    [Fact]
    public void JoinHardWrapsKeepsUnbrokenText()
    {
        const string title = "A title without breaks";

        Assert.Same(title, TextCleaner.JoinHardWraps(title));
    }

    [Theory]
    [InlineData("  a \t b\u00A0c\n", "a b c")]
    [InlineData("a\u0000b\u0007c", "abc")]
    [InlineData("\u2003em\u2009thin\u3000ideographic", "em thin ideographic")]
    [InlineData("", "")]
    [InlineData(" \n\t ", "")]
    public void CollapseWhitespaceLeavesSingleSpaces(string input, string expected)
    {
        Assert.Equal(expected, TextCleaner.CollapseWhitespace(input));
    }

    [Theory]
    [InlineData("a\u00A0b", "a b")]
    [InlineData("ends ", "ends")]
    [InlineData(" starts", "starts")]
    [InlineData("two  spaces", "two spaces")]
    [InlineData("x\u007Fy", "xy")]
    [InlineData("tab\tinside", "tab inside")]
    public void CollapseWhitespaceFixesNearlyCleanText(string input, string expected)
    {
        Assert.Equal(expected, TextCleaner.CollapseWhitespace(input));
    }

    [Theory]
    [InlineData("Large Multimodal Models")]
    [InlineData("Caf\u00E9 \u03BCLO $\\nabla^2$ 10\\%")]
    [InlineData("x")]
    public void CollapseWhitespaceKeepsCleanText(string input)
    {
        Assert.Same(input, TextCleaner.CollapseWhitespace(input));
    }

    [Theory]
    [InlineData("Mu\u0308ller", "M\u00FCller")]
    [InlineData("\u212B", "\u00C5")]
    [InlineData("e\u0301te\u0301", "\u00E9t\u00E9")]
    [InlineData("\u1100\u1161\u11A8", "\uAC01")]
    [InlineData("\u03BCLO and \u03C4-bench", "\u03BCLO and \u03C4-bench")]
    [InlineData("plain ASCII", "plain ASCII")]
    public void NormalizeNfcComposes(string input, string expected)
    {
        Assert.Equal(expected, TextCleaner.NormalizeNfc(input));
    }

    [Theory]
    [InlineData("Q&amp;A", "Q&A")]
    [InlineData("&#956;LO &eacute;t&eacute;", "\u03BCLO \u00E9t\u00E9")]
    [InlineData("&lt;b&gt;", "<b>")]
    [InlineData("a & b", "a & b")]
    [InlineData("R&D;", "R&D;")]
    public void DecodeHtmlEntitiesDecodesReferences(string input, string expected)
    {
        Assert.Equal(expected, TextCleaner.DecodeHtmlEntities(input));
    }

    [Fact]
    public void CleanTitleDoesEverything()
    {
        var title = TextCleaner.CleanTitle("  Q&amp;A for Mu\u0308ller&nbsp;and\n  $\\tau$-bench ");

        Assert.Equal("Q&A for M\u00FCller and $\\tau$-bench", title);
    }

    [Fact]
    public void CleanAbstractKeepsTexAndEntities()
    {
        var summary = TextCleaner.CleanAbstract("A 54.6\\% speedup with $a \\in B$ &amp;\n  \\textsc{AIEV}.\n");

        Assert.Equal("A 54.6\\% speedup with $a \\in B$ &amp; \\textsc{AIEV}.", summary);
    }

    [Fact]
    public void CleanLabelTrimsNames()
    {
        Assert.Equal("Jos\u00E9 Garc\u00EDa", TextCleaner.CleanLabel("  Jose\u0301\n Garc\u00EDa "));
    }

    [Fact]
    public void CleanPlainTitleKeepsEntitiesLiteral()
    {
        var cleaned = TextCleaner.CleanPlainTitle("Q&amp;A for\n  Cafe\u0301s");

        Assert.Equal("Q&amp;A for Caf\u00E9s", cleaned);
    }
}
