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
}
