using TrendBoard.Core.Storage;
using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Tests.Storage;

/// <summary>Topic id matching when the store saves runs whose topics differ.</summary>
public sealed class TopicLineageStoreTests : IDisposable
{
    private static readonly TopicInfo Agents = Topic(0, "agents", "agents", "tools", "planning");
    private static readonly TopicInfo Diffusion = Topic(1, "diffusion", "diffusion", "video", "sampling");
    private static readonly TopicInfo Speech = Topic(2, "speech", "speech", "audio", "asr");
    private static readonly TopicInfo Proteins = Topic(2, "proteins", "protein", "folding", "molecule");

    private readonly TempDatabase _temp = new();
    private readonly CancellationToken _none = CancellationToken.None;

    public void Dispose()
    {
        _temp.Dispose();
    }

    [Fact]
    public async Task EndedTopicIdIsNeverReused()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await store.SaveModelRunAsync(Run(Agents, Diffusion, Speech), "f1", _none);
        await store.RenameTopicAsync(2, "Speech recognition", _none);

        var second = await store.SaveModelRunAsync(Run(Diffusion with { TopicId = 0 }, Agents with { TopicId = 1 }), "f2", _none);
        var secondLineage = await store.GetTopicLineageAsync(second, _none);
        var third = await store.SaveModelRunAsync(Run(Agents, Diffusion, Proteins), "f3", _none);
        var thirdLineage = await store.GetTopicLineageAsync(third, _none);
        var topics = await store.GetCurrentTopicsAsync(_none);

        Assert.Equal([2], secondLineage.EndedTopicIds);
        Assert.Equal(2, secondLineage.Count(TopicLineageKind.Continued));
        Assert.Equal([(0, "agents"), (1, "diffusion"), (3, "proteins")], topics.Select(t => (t.TopicId, t.DisplayName)));
        Assert.All(topics, t => Assert.Null(t.Name));
        var fresh = Assert.Single(thirdLineage.Topics, l => l.Kind == TopicLineageKind.New);
        Assert.Equal(3, fresh.TopicId);
        Assert.Empty(fresh.PreviousTopicIds);
        Assert.Empty(thirdLineage.EndedTopicIds);
    }

    [Fact]
    public async Task AssignmentsFollowStableIds()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await store.SaveModelRunAsync(Run(Agents, Diffusion), "f1", _none);

        // The same topics fitted in the other order: every paper must keep its topic id.
        var swapped = Run(Diffusion with { TopicId = 0 }, Agents with { TopicId = 1 }) with
        {
            Assignments = [new TopicAssignment("2401.00001", 1, 0.9), new TopicAssignment("2401.00002", 0, 0.8), new TopicAssignment("2401.00003", -1, 0.01)],
        };
        await store.SaveModelRunAsync(swapped, "f2", _none);
        var assignments = await store.GetCurrentAssignmentsAsync(_none);

        Assert.Equal([("2401.00001", 0), ("2401.00002", 1), ("2401.00003", -1)], assignments.Select(a => (a.PaperId, a.TopicId)));
    }

    private static TopicInfo Topic(int id, string label, params string[] terms) =>
        new(id, label, 10, terms.Select((term, i) => new TopicTerm(i + 1, term, 1.0 / (i + 1))).ToList());

    private static TopicModelResult Run(params TopicInfo[] topics) =>
        new(new TopicModelOptions { TopicCount = topics.Length }, topics, [], [], new Dictionary<string, double>(), "test-nmf");
}
