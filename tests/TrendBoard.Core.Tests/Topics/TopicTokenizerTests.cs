using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Tests.Topics;

public sealed class TopicTokenizerTests
{
    private static string[] Words(string text) => TopicTokenizer.Tokenize(string.Empty, text).Words;

    [Fact]
    public void TexCommandsAndDollarSignsAreStripped()
    {
        var words = Words(@"We train \textbf{FlowNet} on $\mathcal{O}(n)$ tokens, a 54.6\% speedup over \method{} decoders.");

        Assert.Equal(["train", "flownet", "token", "speedup", "decoder"], words);
    }

    [Fact]
    public void TexAccentKeepsItsLetter()
    {
        Assert.Equal(["plucker", "coordinate"], Words(@"Pl\""ucker coordinates"));
        Assert.Equal(["plucker", "coordinate"], Words("Plücker coordinates"));
    }

    [Fact]
    public void ComposedAndDecomposedAccentsGiveOneToken()
    {
        var composed = Words("na\u00EFve retrieval");
        var decomposed = Words("nai\u0308ve retrieval");

        Assert.Equal(composed, decomposed);
        Assert.Equal(["naive", "retrieval"], composed);
    }

    [Fact]
    public void HardWrapsAreJoined()
    {
        Assert.Equal(["pre-trained", "encoder"], Words("a pre-\ntrained encoder"));
        Assert.Equal(["open", "closed-source", "llm"], Words("both open-\nand closed-source LLMs"));
        Assert.Equal(["speech", "recognition"], Words("speech\n  recognition"));
        Assert.Equal(["speech recognition"], TopicTokenizer.Tokenize(string.Empty, "speech\n  recognition").Bigrams);
    }

    [Fact]
    public void StopWordsShortTokensAndNumbersAreRemoved()
    {
        var words = Words("In this paper, we propose a novel framework that achieves state-of-the-art results on 3D scene graphs with 7B models.");

        Assert.Equal(["scene", "graph"], words);
    }

    [Fact]
    public void AdverbsAreRemoved()
    {
        Assert.Equal(["adapt", "family", "anomaly"], Words("adapts dynamically to a family of anomalies surprisingly"));
    }

    [Fact]
    public void HyphenatedWordsStayWhole()
    {
        Assert.Equal(["fine-tuning", "chain-of-thought", "gpt-4o"], Words("Fine-tuning chain-of-thought GPT-4o"));
    }

    [Fact]
    public void TypographicHyphensBecomeHyphens()
    {
        Assert.Equal(["vision-language", "vision-language"], Words("vision\u2013language vision\u2010language"));
    }

    [Theory]
    [InlineData("networks", "network")]
    [InlineData("policies", "policy")]
    [InlineData("losses", "loss")]
    [InlineData("patches", "patch")]
    [InlineData("boxes", "box")]
    [InlineData("videos", "video")]
    [InlineData("llms", "llm")]
    [InlineData("analyses", "analysis")]
    [InlineData("matrices", "matrix")]
    [InlineData("biases", "bias")]
    [InlineData("multi-agents", "multi-agent")]
    [InlineData("time-series", "time-series")]
    [InlineData("physics", "physics")]
    [InlineData("robotics", "robotics")]
    [InlineData("topics", "topic")]
    [InlineData("analysis", "analysis")]
    [InlineData("corpus", "corpus")]
    [InlineData("class", "class")]
    [InlineData("news", "news")]
    [InlineData("gps", "gps")]
    public void PluralFoldsToSingular(string word, string expected)
    {
        Assert.Equal(expected, TopicTokenizer.FoldPlural(word));
    }

    [Fact]
    public void BigramsNeverSpanPunctuationOrRemovedWords()
    {
        var paper = TopicTokenizer.Tokenize(
            "Gaussian Splatting",
            "Gaussian splatting. Scene graphs of a robot arm, robot arm control");

        Assert.Equal(
            ["gaussian splatting", "gaussian splatting", "scene graph", "robot arm", "robot arm", "arm control"],
            paper.Bigrams);
    }

    [Fact]
    public void TitleAndAbstractDoNotFormABigram()
    {
        var paper = TopicTokenizer.Tokenize("Diffusion", "Transformers scale");

        Assert.Equal(["diffusion", "transformer", "scale"], paper.Words);
        Assert.Equal(["transformer scale"], paper.Bigrams);
    }

    [Fact]
    public void HyphenSpellingsUnifyToMostFrequent()
    {
        TokenizedPaper[] papers =
        [
            TopicTokenizer.Tokenize(string.Empty, "multimodal pretraining"),
            TopicTokenizer.Tokenize(string.Empty, "multimodal pre-training"),
            TopicTokenizer.Tokenize(string.Empty, "multi-modal pre-training"),
        ];

        var unified = TopicTokenizer.UnifyHyphenSpellings(papers);

        Assert.All(unified, p => Assert.Equal(["multimodal", "pre-training"], p.Words));
        Assert.All(unified, p => Assert.Equal(["multimodal pre-training"], p.Bigrams));
    }
}
