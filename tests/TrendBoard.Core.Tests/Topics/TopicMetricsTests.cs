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

    [Fact]
    public void WindowedNpmiCountsSlidingWindows()
    {
        // Window 3. "a b c a" gives the windows {a, b, c} and {b, c, a}; "a x" and "y" are shorter
        // than a window, so each is one window. 4 windows: a in 3, b in 2, a with b in 2.
        // ln((2/4) / ((3/4) (2/4))) / -ln(2/4) = ln(4/3) / ln 2 = 0.415037.
        string[][] documents = [["a", "b", "c", "a"], ["a", "x"], ["y"]];

        Assert.Equal(0.415037, TopicMetrics.WindowedNpmi([["a", "b"]], documents, topN: 10, windowSize: 3), precision: 6);
    }

    [Fact]
    public void WindowedNpmiFollowsGensimWindowUpdate()
    {
        // Window 2 over "a a b": the windows are {a} and, after the first "a" leaves, {b}. gensim
        // removes "a" although a copy is still inside, so a and b never share a window:
        // ln((0 + 1e-12) / (1/2 x 1/2)) / -ln(1e-12) = (ln 4 - 27.631021) / 27.631021 = -0.949828.
        string[][] documents = [["a", "a", "b"]];

        Assert.Equal(-0.949828, TopicMetrics.WindowedNpmi([["a", "b"]], documents, topN: 10, windowSize: 2), precision: 6);
    }

    [Fact]
    public void WindowedNpmiAddsWindowsOfAllDocuments()
    {
        // "a a b" adds the windows {a} and {b}, "a b" adds {a, b}: 3 windows, a in 2, b in 2, both in 1.
        // ln((1/3) / (2/3 x 2/3)) / -ln(1/3) = ln(0.75) / ln 3 = -0.261860.
        string[][] documents = [["a", "a", "b"], ["a", "b"]];

        Assert.Equal(-0.261860, TopicMetrics.WindowedNpmi([["a", "b"]], documents, topN: 10, windowSize: 2), precision: 6);
    }

    [Fact]
    public void WindowedNpmiDropsUnknownWordsBeforeTakingTopWords()
    {
        // "zebra" occurs in no document, so the topic's first two known words are a and b.
        string[][] documents = [["a", "b", "c", "a"], ["a", "x"], ["y"]];

        Assert.Equal(0.415037, TopicMetrics.WindowedNpmi([["zebra", "a", "b", "c"]], documents, topN: 2, windowSize: 3), precision: 6);
    }

    [Fact]
    public void NmiMatchesHandComputation()
    {
        // Cells (a,0) = 2, (b,0) = 1, (b,1) = 1 of 4 items.
        // MI = 0.5 ln(4/3) + 0.25 ln(2/3) + 0.25 ln 2 = 0.215762; H(labels) = ln 2 = 0.693147;
        // H(clusters) = -(0.75 ln 0.75 + 0.25 ln 0.25) = 0.562335. NMI = 0.215762 / 0.627741.
        string[] labels = ["a", "a", "b", "b"];
        int[] clusters = [0, 0, 0, 1];

        Assert.Equal(0.343711, TopicMetrics.NormalizedMutualInformation(labels, clusters), precision: 6);
    }

    [Fact]
    public void NmiOfSamePartitionIsOne()
    {
        string[] labels = ["x", "x", "y", "z", "z"];
        int[] clusters = [7, 7, 3, 5, 5];

        Assert.Equal(1.0, TopicMetrics.NormalizedMutualInformation(labels, clusters), precision: 12);
    }

    [Fact]
    public void NmiOfIndependentLabelingsIsZero()
    {
        // Every label meets every cluster equally often, so MI = 0.
        string[] labels = ["a", "a", "b", "b"];
        int[] clusters = [0, 1, 0, 1];

        Assert.Equal(0.0, TopicMetrics.NormalizedMutualInformation(labels, clusters), precision: 12);
    }

    [Fact]
    public void AriMatchesHandComputation()
    {
        // Cells (a,0) = 2, (b,1) = 2, (c,1) = 1, (c,2) = 1. Pairs within cells: 1 + 1 = 2.
        // Label pairs: 3 x C(2,2) = 3; cluster pairs: C(2,2) + C(3,2) = 4; all pairs C(6,2) = 15.
        // Expected = 3 x 4 / 15 = 0.8; maximum = (3 + 4) / 2 = 3.5; ARI = 1.2 / 2.7.
        string[] labels = ["a", "a", "b", "b", "c", "c"];
        int[] clusters = [0, 0, 1, 1, 1, 2];

        Assert.Equal(1.2 / 2.7, TopicMetrics.AdjustedRandIndex(labels, clusters), precision: 12);
    }

    [Fact]
    public void AriAtChanceLevelIsZero()
    {
        // Pairs within cells: C(2,2) = 1. Label pairs 2, cluster pairs C(3,2) = 3, all pairs 6:
        // expected = 2 x 3 / 6 = 1, so the index is (1 - 1) / (2.5 - 1) = 0.
        string[] labels = ["a", "a", "b", "b"];
        int[] clusters = [0, 0, 0, 1];

        Assert.Equal(0.0, TopicMetrics.AdjustedRandIndex(labels, clusters), precision: 12);
    }

    [Fact]
    public void AriOfRenamedPartitionIsOne()
    {
        int[] first = [0, 0, 1, 1, 2];
        string[] second = ["q", "q", "r", "r", "s"];

        Assert.Equal(1.0, TopicMetrics.AdjustedRandIndex(first, second), precision: 12);
    }

    [Fact]
    public void LabelingsOfDifferentLengthAreRejected()
    {
        Assert.Throws<ArgumentException>(() => TopicMetrics.NormalizedMutualInformation(["a", "b"], new[] { 0 }));
        Assert.Throws<ArgumentException>(() => TopicMetrics.AdjustedRandIndex(["a", "b"], new[] { 0 }));
    }
}
