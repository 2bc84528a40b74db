using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Tests.Topics;

public sealed class TopicTermSelectionTests
{
    [Fact]
    public void ClassTfIdfMatchesHandComputation()
    {
        // Topic 0 contains papers 0 and 1, topic 1 contains papers 2 and 3. Every term is in 2 of
        // the 4 papers, so the vocabulary keeps all four, and the average topic size A is 2.
        TokenizedPaper[] papers =
        [
            new(["alpha", "beta"], []),
            new(["alpha", "gamma"], []),
            new(["beta", "delta"], []),
            new(["delta", "gamma"], []),
        ];
        var matrix = TfIdfMatrix.Build(papers, maxTerms: 100, includeBigrams: true, CancellationToken.None);

        var terms = TopicTermSelection.ScoreTopicTerms(matrix, [0, 0, 1, 1], topicCount: 2, termsPerTopic: 10);

        // alpha in topic 0: share 2/2, in 2 papers overall: 1 x ln(1 + 2/2). beta and gamma: share 1/2.
        Assert.Equal(["alpha", "beta", "gamma"], terms[0].Select(t => t.Term));
        Assert.Equal(Math.Log(2), terms[0][0].Score, precision: 12);
        Assert.Equal(0.5 * Math.Log(2), terms[0][1].Score, precision: 12);
        Assert.Equal(0.5 * Math.Log(2), terms[0][2].Score, precision: 12);
        Assert.Equal(["delta", "beta", "gamma"], terms[1].Select(t => t.Term));
    }

    [Fact]
    public void ClassTfIdfIgnoresOutliers()
    {
        TokenizedPaper[] papers =
        [
            new(["alpha", "beta"], []),
            new(["alpha", "beta"], []),
            new(["gamma", "beta"], []),
            new(["gamma", "beta"], []),
        ];
        var matrix = TfIdfMatrix.Build(papers, maxTerms: 100, includeBigrams: true, CancellationToken.None);

        // Paper 3 is an outlier, so gamma is in one paper of topic 1 and in one paper overall.
        // Beta is in all 4 papers, more than half the corpus, so it is not in the vocabulary.
        var terms = TopicTermSelection.ScoreTopicTerms(matrix, [0, 0, 1, -1], topicCount: 2, termsPerTopic: 10);

        var gamma = Assert.Single(terms[1]);
        Assert.Equal("gamma", gamma.Term);
        Assert.Equal(1.0 * Math.Log(1 + 1.5 / 1), gamma.Score, precision: 12);
    }

    [Fact]
    public void BigramReplacesItsWordsInLabel()
    {
        var label = TopicTermSelection.SelectDistinct(["gaussian", "splatting", "scene", "gaussian splatting", "rendering"], 3);

        Assert.Equal(["gaussian splatting", "scene", "rendering"], label);
    }

    [Fact]
    public void VariantsAreSkipped()
    {
        var picked = TopicTermSelection.SelectDistinct(["editing", "edited", "image editing", "agent", "agentic", "optimizer", "optimization"], 5);

        Assert.Equal(["image editing", "agent", "optimizer"], picked);
    }

    [Fact]
    public void UnrelatedTermsAreKeptInRankOrder()
    {
        var picked = TopicTermSelection.SelectDistinct(["speech", "audio", "music", "voice"], 3);

        Assert.Equal(["speech", "audio", "music"], picked);
    }

    [Fact]
    public void LabelJoinsTermsWithSlash()
    {
        TopicTerm[] terms = [new(1, "rag", 3), new(2, "retrieval", 2), new(3, "retriever", 1.5), new(4, "document", 1)];

        Assert.Equal("rag / retrieval / document", TopicTermSelection.BuildLabel(terms));
    }

    [Theory]
    [InlineData("llm", "language model")]
    [InlineData("rag", "retrieval-augmented generation")]
    [InlineData("vla", "vision-language-action")]
    [InlineData("moe", "mixture-of-expert")]
    public void AcronymIsVariantOfItsPhrase(string acronym, string phrase)
    {
        Assert.True(TopicTermSelection.AreVariants([acronym], phrase.Split(' ')));
        Assert.True(TopicTermSelection.AreVariants(phrase.Split(' '), [acronym]));
    }

    [Theory]
    [InlineData("gan", "language model")]
    [InlineData("robot", "reinforcement learning")]
    [InlineData("vision", "vision-language")]
    public void UnrelatedShortWordIsNoAcronym(string word, string phrase)
    {
        // "vision" and "vision-language" share a stem, which is a variant for another reason.
        var isAcronym = !phrase.Split(' ').Any(p => p.StartsWith(word, StringComparison.Ordinal))
            && TopicTermSelection.AreVariants([word], phrase.Split(' '));

        Assert.False(isAcronym);
    }

    [Fact]
    public void LabelFoldsAcronymWithItsPhrase()
    {
        var picked = TopicTermSelection.SelectDistinct(["language model", "llm", "rag", "retrieval-augmented generation", "agent"], 3);

        Assert.Equal(["language model", "rag", "agent"], picked);
    }

    [Fact]
    public void WrittenTermsKeepOneSpelling()
    {
        // Topic 0 has papers 0 and 1, topic 1 has papers 2 and 3, so the average topic size A is 2.
        // "robot" and "robots" occur in one paper each, below the minimum of 2 papers.
        TokenizedPaper[] papers =
        [
            new(["agent", "tool"], []) { SurfaceWords = ["agents", "tools"] },
            new(["agent", "agent"], []) { SurfaceWords = ["agents", "agent"] },
            new(["robot", "tool"], []) { SurfaceWords = ["robot", "tools"] },
            new(["robot", "agent"], []) { SurfaceWords = ["robots", "agent"] },
        ];

        var terms = TopicTermSelection.ScoreWrittenTerms(papers, [0, 0, 1, 1], topicCount: 2, termsPerTopic: 5);

        // agents: in 2 of 2 topic papers and 2 papers overall: 1 x ln(1 + 2/2). tools and agent:
        // 1/2 x ln(1 + 2/2) each; "agent" sorts first but folds to the word of "agents", so it goes.
        Assert.Equal(["agents", "tools"], terms[0].Select(t => t.Term));
        Assert.Equal(Math.Log(2), terms[0][0].Score, precision: 12);
        Assert.Equal(0.5 * Math.Log(2), terms[0][1].Score, precision: 12);
        Assert.Equal([1, 2], terms[0].Select(t => t.Rank));

        // In topic 1 "agent" and "tools" tie at 1/2 x ln(1 + 2/2), and ties go to ordinal order.
        Assert.Equal(["agent", "tools"], terms[1].Select(t => t.Term));
    }

    [Fact]
    public void WrittenFormIsMostFrequentSpelling()
    {
        TokenizedPaper[] papers =
        [
            new(["gui", "agent"], ["gui agent"]) { SurfaceWords = ["gui", "agents"] },
            new(["gui", "agent"], ["gui agent"]) { SurfaceWords = ["gui", "agents"] },
            new(["gui", "agent"], ["gui agent"]) { SurfaceWords = ["gui", "agent"] },
        ];

        var forms = TopicTermSelection.FindWrittenForms(papers, new HashSet<string>(["agent", "gui agent", "robot"]));

        Assert.Equal("agents", forms["agent"]);
        Assert.Equal("gui agents", forms["gui agent"]);
        Assert.False(forms.ContainsKey("robot"));
    }
}
