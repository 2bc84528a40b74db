using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Tests.Topics;

public sealed class CoherenceTokenizerTests
{
    [Fact]
    public void TokensAreLowerCaseWordsOfThreeOrMoreCharacters()
    {
        var tokens = CoherenceTokenizer.Tokenize("Diffusion Models go far");

        Assert.Equal(["diffusion", "models", "far"], tokens);
    }

    [Fact]
    public void HyphenatedWordsStayWhole()
    {
        var tokens = CoherenceTokenizer.Tokenize("State-of-the-art fine-tuning");

        Assert.Equal(["state-of-the-art", "fine-tuning"], tokens);
    }

    [Fact]
    public void TokensStartWithLetterAndMayContainDigits()
    {
        // "3D" starts with a digit; the regex restarts at "d", which is too short alone.
        var tokens = CoherenceTokenizer.Tokenize("3D scenes with GPT4o and 2x speed");

        Assert.Equal(["scenes", "gpt4o", "speed"], tokens);
    }

    [Fact]
    public void StopWordsOfTheGlasgowListAreRemoved()
    {
        // "system" and "detail" are on scikit-learn's English stop list; "computer" is not.
        var tokens = CoherenceTokenizer.Tokenize("The system describes computer vision in detail");

        Assert.Equal(["describes", "computer", "vision"], tokens);
    }

    [Fact]
    public void NonAsciiLetterEndsToken()
    {
        var tokens = CoherenceTokenizer.Tokenize("Schrödinger bridges");

        Assert.Equal(["schr", "dinger", "bridges"], tokens);
    }

    [Fact]
    public void PaperTextJoinsTitleAndAbstractWithFullStop()
    {
        Assert.Equal("Graph Nets. We study graphs.", CoherenceTokenizer.PaperText("Graph  Nets", " We study\n graphs."));
    }
}
