using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Tests.Topics;

public sealed class TopicMetricsTests
{
    // Four documents: "a" is in 3, "b" in 2, "c" in 2; "a b" co-occur in 2, "a c" in 1, "b c" in none.
    private static readonly string[][] _documents =
    [
        ["a", "b"],
        ["a", "b", "b"],
        ["a", "c"],
        ["c"],
    ];

    [Fact]
    public void DiversityCountsDistinctWordsOverAllWords()
    {
        string[][] topics = [["a", "b", "c"], ["a", "d", "e"]];

        // Words counted: 6; distinct: a, b, c, d, e.
        Assert.Equal(5.0 / 6.0, TopicMetrics.Diversity(topics, 3), precision: 12);
    }

    [Fact]
    public void DiversityTakesOnlyTopWords()
    {
        string[][] topics = [["a", "b", "c"], ["a", "b", "e"]];

        // Top 2 of each: a, b, a, b -> 2 distinct of 4.
        Assert.Equal(0.5, TopicMetrics.Diversity(topics, 2), precision: 12);
    }

    [Fact]
    public void DiversityOfDisjointTopicsIsOne()
    {
        string[][] topics = [["a", "b"], ["c", "d"], ["e", "f"]];

        Assert.Equal(1.0, TopicMetrics.Diversity(topics, 25), precision: 12);
    }

    [Fact]
    public void NpmiOfCoOccurringPairMatchesHandComputation()
    {
        string[][] topics = [["a", "b"]];

        // p(a) = 3/4, p(b) = 2/4, p(a, b) = 2/4: ln(0.5 / 0.375) / -ln(0.5) = 0.2877 / 0.6931.
        Assert.Equal(0.415037, TopicMetrics.NpmiCoherence(topics, _documents, 10), precision: 6);
    }

    [Fact]
    public void NpmiOfDisjointPairIsMinusOne()
    {
        string[][] topics = [["b", "c"]];

        Assert.Equal(-1.0, TopicMetrics.NpmiCoherence(topics, _documents, 10), precision: 12);
    }

    [Fact]
    public void NpmiAveragesOverPairsThenTopics()
    {
        string[][] topics = [["a", "b", "c"], ["a", "b"]];

        // Topic 1 pairs: ab = 0.415037; ac: p(a, c) = 1/4, ln(0.25 / 0.375) / -ln(0.25) = -0.405465 / 1.386294 = -0.292481;
        // bc = -1. Topic 1 mean = (0.415037 - 0.292481 - 1) / 3 = -0.292481. Topic 2 = 0.415037.
        var expected = (-0.292481 + 0.415037) / 2;
        Assert.Equal(expected, TopicMetrics.NpmiCoherence(topics, _documents, 10), precision: 5);
    }

    [Fact]
    public void NpmiUsesOnlyTopWords()
    {
        // With topN = 2 the topic is the pair a-b, and c does not count.
        string[][] topics = [["a", "b", "c"]];

        Assert.Equal(0.415037, TopicMetrics.NpmiCoherence(topics, _documents, 2), precision: 6);
    }

    [Fact]
    public void NpmiSkipsSingleWordTopics()
    {
        string[][] topics = [["a", "b"], ["c"]];

        Assert.Equal(0.415037, TopicMetrics.NpmiCoherence(topics, _documents, 10), precision: 6);
    }

    [Fact]
    public void NpmiOfPairInEveryDocumentIsOne()
    {
        string[][] documents = [["x", "y"], ["x", "y"]];

        Assert.Equal(1.0, TopicMetrics.NpmiCoherence([["x", "y"]], documents, 10), precision: 12);
    }

    [Fact]
    public void NpmiOfUnknownWordIsMinusOne()
    {
        Assert.Equal(-1.0, TopicMetrics.NpmiCoherence([["a", "zebra"]], _documents, 10), precision: 12);
    }
}
