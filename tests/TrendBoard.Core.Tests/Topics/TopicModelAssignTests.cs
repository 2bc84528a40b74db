using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Tests.Topics;

/// <summary>Assigning papers with a fitted model: keywords and renumbered topic ids.</summary>
public sealed class TopicModelAssignTests(FittedTopicModel model) : IClassFixture<FittedTopicModel>
{
    [Fact]
    public void AssignWithKeywordsReproducesFitKeywords()
    {
        var placement = model.Result.Model!.AssignWithKeywords(model.Papers, FittedTopicModel.Options.KeywordsPerPaper, model.Papers.Count);

        Assert.Equal(model.Result.Assignments, placement.Assignments);
        Assert.NotEmpty(placement.Keywords);
        Assert.Equal(model.Result.Keywords, placement.Keywords);
    }

    [Fact]
    public void AssignWithoutKeywordsReturnsNone()
    {
        var placement = model.Result.Model!.AssignWithKeywords(model.Papers, keywordsPerPaper: 0, model.Papers.Count);

        Assert.Empty(placement.Keywords);
        Assert.Equal(model.Papers.Count, placement.Assignments.Count);
    }

    [Fact]
    public void RenumberedModelAssignsStableIds()
    {
        var previous = model.Result.Topics.Select(t => t with { TopicId = t.TopicId + 100 }).ToArray();
        var match = TopicIdMatcher.Match(previous, model.Result.Topics);

        var renumbered = TopicIdMatcher.Renumber(model.Result, match);
        var assigned = renumbered.Model!.Assign(model.Papers);

        Assert.Equal(renumbered.Assignments, assigned);
        Assert.All(assigned, a => Assert.True(a.TopicId == -1 || a.TopicId >= 100, $"Paper {a.PaperId} got topic {a.TopicId}."));
        Assert.Equal(previous.Select(t => t.TopicId).Order(), renumbered.Model.TopicIds);
    }

    [Fact]
    public void WithTopicIdsRejectsDuplicateIds()
    {
        var ids = model.Result.Topics.ToDictionary(t => t.TopicId, _ => 5);

        var error = Assert.Throws<ArgumentException>(() => model.Result.Model!.WithTopicIds(ids));

        Assert.Contains("both map to id 5", error.Message, StringComparison.Ordinal);
    }
}
