using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Tests.Topics;

public sealed class TopicIdMatcherTests
{
    private static TopicInfo Topic(int id, params string[] terms) =>
        new(id, string.Join(" / ", terms.Take(3)), 10, terms.Select((t, i) => new TopicTerm(i + 1, t, 1.0 / (i + 1))).ToArray());

    private static readonly TopicInfo[] _previous =
    [
        Topic(0, "video", "motion", "frames", "temporal"),
        Topic(1, "speech", "audio", "voice", "acoustic"),
        Topic(2, "robot", "manipulation", "embodied", "policy"),
    ];

    [Fact]
    public void SameTopicsKeepTheirIds()
    {
        var match = TopicIdMatcher.Match(_previous, _previous);

        Assert.Equal([0, 1, 2], match.Topics.Select(t => t.TopicId));
        Assert.All(match.Lineage, l => Assert.Equal(TopicLineageKind.Continued, l.Kind));
        Assert.Empty(match.EndedTopicIds);
    }

    [Fact]
    public void ShuffledTopicsAreMappedBack()
    {
        // The new run numbered the same topics differently: robot 0, video 1, speech 2.
        TopicInfo[] current = [_previous[2] with { TopicId = 0 }, _previous[0] with { TopicId = 1 }, _previous[1] with { TopicId = 2 }];

        var match = TopicIdMatcher.Match(_previous, current);

        Assert.Equal([2, 0, 1], match.Topics.Select(t => t.TopicId));
        Assert.Equal(2, match.StableIdOfTopic[0]);
        Assert.Equal(0, match.StableIdOfTopic[1]);
        Assert.Equal(1, match.StableIdOfTopic[2]);
    }

    [Fact]
    public void UnmatchedTopicGetsFreshId()
    {
        TopicInfo[] current = [Topic(0, "video", "motion", "frames", "camera"), Topic(1, "graph", "node", "edge", "molecule")];

        var match = TopicIdMatcher.Match(_previous, current);

        Assert.Equal([0, 3], match.Topics.Select(t => t.TopicId));
        Assert.Equal(TopicLineageKind.Continued, match.Lineage[0].Kind);
        Assert.Equal(TopicLineageKind.New, match.Lineage[1].Kind);
        Assert.Empty(match.Lineage[1].PreviousTopicIds);
        Assert.Equal([1, 2], match.EndedTopicIds);
    }

    [Fact]
    public void SplitIsRecorded()
    {
        // The video topic split into a generation topic and a motion topic.
        TopicInfo[] current =
        [
            Topic(0, "video", "motion", "frames", "temporal"),
            Topic(1, "video", "motion", "generation", "diffusion"),
            _previous[1] with { TopicId = 2 },
            _previous[2] with { TopicId = 3 },
        ];

        var match = TopicIdMatcher.Match(_previous, current);

        Assert.Equal(0, match.Topics[0].TopicId);
        var split = match.Lineage[1];
        Assert.Equal(TopicLineageKind.Split, split.Kind);
        Assert.Equal(3, split.TopicId);
        Assert.Equal([0], split.PreviousTopicIds);
    }

    [Fact]
    public void MergeIsRecorded()
    {
        // Audio and video became one multimodal topic; robots continue.
        TopicInfo[] current =
        [
            Topic(0, "video", "audio", "motion", "speech", "frames", "voice"),
            _previous[2],
        ];

        var match = TopicIdMatcher.Match(_previous, current);

        var merged = match.Lineage[0];
        Assert.Equal(TopicLineageKind.Merged, merged.Kind);
        Assert.Equal(2, merged.PreviousTopicIds.Count);
        Assert.Contains(0, merged.PreviousTopicIds);
        Assert.Contains(1, merged.PreviousTopicIds);
        Assert.Empty(match.EndedTopicIds);
    }

    [Fact]
    public void ReRunKeepsTopicIds()
    {
        var modeler = new TopicModeler(NullLogger<TopicModeler>.Instance);
        var options = new TopicModelOptions { TopicCount = 5, Seed = 9 };
        var first = modeler.Fit(TopicTestCorpus.Papers, options, null, CancellationToken.None);

        // Give the first run's topics other stable ids, as an earlier matching may have.
        var previous = first.Topics.Select(t => t with { TopicId = t.TopicId + 100 }).ToArray();
        var second = modeler.Fit(TopicTestCorpus.Papers, options, null, CancellationToken.None);
        var match = TopicIdMatcher.Match(previous, second.Topics);
        var renumbered = TopicIdMatcher.Renumber(second, match);

        Assert.Equal(previous.Select(t => t.TopicId), renumbered.Topics.Select(t => t.TopicId));
        Assert.Equal(previous.Select(t => t.TopicId), renumbered.Lineage.Select(l => l.TopicId));
        Assert.All(renumbered.Lineage, l => Assert.Equal(TopicLineageKind.Continued, l.Kind));
        Assert.All(renumbered.Lineage, l => Assert.Equal(1.0, l.Similarity, precision: 12));
        Assert.Equal(
            first.Assignments.Select(a => a.TopicId < 0 ? -1 : a.TopicId + 100),
            renumbered.Assignments.Select(a => a.TopicId));
    }

    [Fact]
    public void TermSimilarityIsCosineOfScores()
    {
        TopicTerm[] first = [new(1, "a", 3), new(2, "b", 4)];
        TopicTerm[] second = [new(1, "b", 1), new(2, "c", 1)];

        // Dot 4; norms 5 and sqrt 2.
        Assert.Equal(4 / (5 * Math.Sqrt(2)), TopicIdMatcher.TermSimilarity(first, second), precision: 12);
    }

    [Fact]
    public void DuplicateIdsAreRejected()
    {
        TopicInfo[] duplicated = [Topic(1, "a"), Topic(1, "b")];

        Assert.Throws<ArgumentException>(() => TopicIdMatcher.Match(duplicated, _previous));
        Assert.Throws<ArgumentException>(() => TopicIdMatcher.Match(_previous, duplicated));
    }
}
