using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Tests.Topics;

/// <summary>Tests that every algorithm shares: determinism, model reuse, metrics and options.</summary>
public sealed class TopicAlgorithmTests
{
    private static TopicModelResult Fit(TopicModelOptions options, IReadOnlyDictionary<string, string>? labels = null) =>
        new TopicModeler(NullLogger<TopicModeler>.Instance).Fit(TopicTestCorpus.Papers, options, labels, progress: null, CancellationToken.None);

    [Fact]
    public void DefaultAlgorithmIsNmf()
    {
        var result = Fit(new TopicModelOptions { TopicCount = 5 });

        Assert.Equal(TopicAlgorithm.Nmf, result.Options.Algorithm);
        Assert.Contains("nmf", result.Algorithm, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TopicAlgorithm.Nmf)]
    [InlineData(TopicAlgorithm.KMeans)]
    [InlineData(TopicAlgorithm.NmfKMeans)]
    [InlineData(TopicAlgorithm.Lda)]
    public void SameSeedGivesIdenticalOutputBitForBit(TopicAlgorithm algorithm)
    {
        var options = new TopicModelOptions { TopicCount = 5, Seed = 11, Algorithm = algorithm };

        var first = Fit(options);
        var second = Fit(options);

        Assert.Equal(first.Assignments, second.Assignments);
        Assert.Equal(first.Keywords, second.Keywords);
        Assert.Equal(first.Topics.Select(t => (t.TopicId, t.Label, t.Size)), second.Topics.Select(t => (t.TopicId, t.Label, t.Size)));
        for (var t = 0; t < first.Topics.Count; t++)
        {
            Assert.Equal(first.Topics[t].Terms, second.Topics[t].Terms);
        }

        foreach (var (name, value) in first.Metrics.Where(m => m.Key != "seconds"))
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(second.Metrics[name]));
        }

        Assert.Equal(first.Model!.ToBytes(), second.Model!.ToBytes());
    }

    [Theory]
    [InlineData(TopicAlgorithm.Nmf)]
    [InlineData(TopicAlgorithm.KMeans)]
    [InlineData(TopicAlgorithm.NmfKMeans)]
    public void AssigningTrainingPapersReproducesFit(TopicAlgorithm algorithm)
    {
        var result = Fit(new TopicModelOptions { TopicCount = 5, Seed = 3, Algorithm = algorithm });

        var assigned = result.Model!.Assign(TopicTestCorpus.Papers);

        Assert.Equal(result.Assignments, assigned);
    }

    [Fact]
    public void AssigningOnePaperAloneGivesItsCorpusAssignment()
    {
        var result = Fit(new TopicModelOptions { TopicCount = 5, Seed = 3 });

        for (var p = 0; p < TopicTestCorpus.Papers.Count; p += 7)
        {
            var alone = Assert.Single(result.Model!.Assign([TopicTestCorpus.Papers[p]]));
            Assert.Equal(result.Assignments[p], alone);
        }
    }

    [Fact]
    public void LdaModelAssignsMostTrainingPapersToTheirTopic()
    {
        var result = Fit(new TopicModelOptions { TopicCount = 5, Seed = 3, Algorithm = TopicAlgorithm.Lda });

        var assigned = result.Model!.Assign(TopicTestCorpus.Papers);

        // LDA infers topics by sampling; the stored model assigns by the nearest topic centroid instead.
        Assert.Equal(result.Assignments.Select(a => a.PaperId), assigned.Select(a => a.PaperId));
        Assert.All(assigned, a => Assert.InRange(a.TopicId, -1, result.Topics.Count - 1));
    }

    [Fact]
    public void ModelRoundTripsThroughBytes()
    {
        var result = Fit(new TopicModelOptions { TopicCount = 5, Seed = 5, Algorithm = TopicAlgorithm.NmfKMeans });
        var bytes = result.Model!.ToBytes();

        var loaded = TopicModel.FromBytes(bytes);

        Assert.Equal(bytes, loaded.ToBytes());
        Assert.Equal(result.Model.Algorithm, loaded.Algorithm);
        Assert.Equal(result.Model.Vocabulary, loaded.Vocabulary);
        Assert.Equal(result.Topics.Count, loaded.TopicCount);
        Assert.Equal(result.Assignments, loaded.Assign(TopicTestCorpus.Papers));
    }

    [Fact]
    public void ModelAssignsUnseenPaperToTopicAboutItsWords()
    {
        var result = Fit(new TopicModelOptions { TopicCount = 5, Seed = 5 });
        var topicOfPaper = result.Assignments.ToDictionary(a => a.PaperId, a => a.TopicId);
        var template = TopicTestCorpus.Papers.First(p => topicOfPaper[p.PaperId] >= 0);

        // The same title and abstract under a new id is a paper the model has not seen.
        var assignment = Assert.Single(result.Model!.Assign([template with { PaperId = "new-paper" }]));

        Assert.Equal("new-paper", assignment.PaperId);
        Assert.Equal(topicOfPaper[template.PaperId], assignment.TopicId);
    }

    [Fact]
    public void PaperWithoutVocabularyIsOutlierWhenAssigned()
    {
        var result = Fit(new TopicModelOptions { TopicCount = 5 });

        var assignment = Assert.Single(result.Model!.Assign([new PaperText("empty", "The", "We propose.")]));

        Assert.Equal(-1, assignment.TopicId);
        Assert.Equal(0, assignment.Score);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { (byte)'T', (byte)'B', (byte)'T', (byte)'M', 9, 0, 0, 0 })]
    public void InvalidModelBytesAreRejected(byte[] bytes)
    {
        Assert.Throws<InvalidDataException>(() => TopicModel.FromBytes(bytes));
    }

    [Fact]
    public void TruncatedModelBytesAreRejected()
    {
        var bytes = Fit(new TopicModelOptions { TopicCount = 5 }).Model!.ToBytes();

        var exception = Assert.Throws<InvalidDataException>(() => TopicModel.FromBytes(bytes[..(bytes.Length / 2)]));

        Assert.Contains("cut short", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AutomaticTopicCountStaysInRangeAndIsRecorded()
    {
        var options = new TopicModelOptions { AutoTopicCount = true, MinTopicCount = 3, MaxTopicCount = 8, Seed = 2 };

        var result = Fit(options);

        Assert.InRange(result.Options.TopicCount, 3, 8);
        Assert.True(result.Options.AutoTopicCount);
        Assert.InRange(result.Topics.Count, 1, result.Options.TopicCount);
        var scores = result.Metrics.Where(m => m.Key.StartsWith("topic_count_score_", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["topic_count_score_3", "topic_count_score_8"], scores.Select(m => m.Key).Order(StringComparer.Ordinal));
        var best = scores.MaxBy(m => m.Value).Key;
        Assert.Equal($"topic_count_score_{result.Options.TopicCount}", best);
    }

    [Fact]
    public void CandidateCountsStepByFiveAndEndAtMaximum()
    {
        Assert.Equal([10, 15, 20, 25, 30, 35, 40], TopicCountSelector.Candidates(10, 40));
        Assert.Equal([3, 8, 9], TopicCountSelector.Candidates(3, 9));
        Assert.Equal([6], TopicCountSelector.Candidates(6, 6));
    }

    [Fact]
    public void StabilityIsReportedOnlyWhenAsked()
    {
        var plain = Fit(new TopicModelOptions { TopicCount = 4 });
        var checkedRun = Fit(new TopicModelOptions { TopicCount = 4, ComputeStability = true });

        Assert.False(plain.Metrics.ContainsKey("stability_ari"));
        Assert.InRange(checkedRun.Metrics["stability_ari"], -1.0, 1.0);
        Assert.Equal(plain.Assignments, checkedRun.Assignments);
    }

    [Fact]
    public void LabelsEqualToTopicsGiveNmiAndAriOfOne()
    {
        var options = new TopicModelOptions { TopicCount = 5, Seed = 4 };
        var first = Fit(options);
        var labels = first.Assignments.Where(a => a.TopicId >= 0).ToDictionary(a => a.PaperId, a => $"label-{a.TopicId}");

        var second = Fit(options, labels);

        Assert.Equal(1.0, second.Metrics["nmi_labels"], precision: 12);
        Assert.Equal(1.0, second.Metrics["ari_labels"], precision: 12);
        Assert.Equal(labels.Count, second.Metrics["labelled_papers"]);
    }

    [Fact]
    public void WindowedNpmiMetricScoresTheTopicTerms()
    {
        var result = Fit(new TopicModelOptions { TopicCount = 5 });
        var documents = TopicTestCorpus.Papers
            .Select(p => CoherenceTokenizer.Tokenize(CoherenceTokenizer.PaperText(p.Title, p.Abstract)))
            .ToArray();
        var words = result.Topics
            .Select(t => (IReadOnlyList<string>)t.Terms.SelectMany(term => CoherenceTokenizer.Tokenize(term.Term)).Distinct().ToArray())
            .ToArray();

        Assert.Equal(TopicMetrics.WindowedNpmi(words, documents, 10, 10), result.Metrics["npmi_window"], precision: 12);
        Assert.Equal(TopicMetrics.Diversity(words, 25), result.Metrics["topic_diversity"], precision: 12);
    }

    [Fact]
    public void ResultOptionsRoundTripThroughJson()
    {
        var options = new TopicModelOptions { Algorithm = TopicAlgorithm.NmfKMeans, AutoTopicCount = true, ComputeStability = true };

        var json = System.Text.Json.JsonSerializer.Serialize(options);
        var read = System.Text.Json.JsonSerializer.Deserialize<TopicModelOptions>(json);

        Assert.Contains("\"NmfKMeans\"", json, StringComparison.Ordinal);
        Assert.Equal(options, read);
    }

    [Fact]
    public void InvalidAutomaticRangeIsRejected()
    {
        var options = new TopicModelOptions { AutoTopicCount = true, MinTopicCount = 8, MaxTopicCount = 4 };

        var exception = Assert.Throws<ArgumentException>(() => Fit(options));

        Assert.Contains("MaxTopicCount", exception.Message, StringComparison.Ordinal);
    }
}
