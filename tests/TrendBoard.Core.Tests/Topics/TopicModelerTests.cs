using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Tests.Topics;

/// <summary>Fits the topic model once on the real fixture papers for the tests that only read the result.</summary>
public sealed class FittedTopicModel
{
    public static readonly TopicModelOptions Options = new() { TopicCount = 6, Seed = 7, TermsPerTopic = 25, KeywordsPerPaper = 8 };

    public FittedTopicModel()
    {
        Papers = TopicTestCorpus.Papers;
        Logger = new ListLogger<TopicModeler>();
        Result = new TopicModeler(Logger).Fit(Papers, Options, progress: null, CancellationToken.None);
    }

    public IReadOnlyList<PaperText> Papers { get; }

    public ListLogger<TopicModeler> Logger { get; }

    public TopicModelResult Result { get; }
}

public sealed class TopicModelerTests(FittedTopicModel model) : IClassFixture<FittedTopicModel>
{
    private static TopicModeler CreateModeler() => new(NullLogger<TopicModeler>.Instance);

    [Fact]
    public void FitTwiceWithSameSeedGivesIdenticalResults()
    {
        var options = new TopicModelOptions { TopicCount = 5, Seed = 123 };

        var first = CreateModeler().Fit(TopicTestCorpus.Papers, options, null, CancellationToken.None);
        var second = CreateModeler().Fit(TopicTestCorpus.Papers, options, null, CancellationToken.None);

        Assert.Equal(first.Assignments, second.Assignments);
        Assert.Equal(first.Keywords, second.Keywords);
        Assert.Equal(first.Topics.Count, second.Topics.Count);
        for (var t = 0; t < first.Topics.Count; t++)
        {
            Assert.Equal(first.Topics[t].Label, second.Topics[t].Label);
            Assert.Equal(first.Topics[t].Size, second.Topics[t].Size);
            Assert.Equal(first.Topics[t].Terms, second.Topics[t].Terms);
        }

        Assert.Equal(first.Metrics["npmi_coherence"], second.Metrics["npmi_coherence"]);
        Assert.Equal(first.Metrics["topic_diversity"], second.Metrics["topic_diversity"]);
    }

    [Fact]
    public void FitWithOtherSeedIsValidAndRepeatable()
    {
        var options = new TopicModelOptions { TopicCount = 5, Seed = 99 };

        var first = CreateModeler().Fit(TopicTestCorpus.Papers, options, null, CancellationToken.None);
        var second = CreateModeler().Fit(TopicTestCorpus.Papers, options, null, CancellationToken.None);

        // Another seed may pick other clusters, but it must still assign every paper and repeat itself.
        Assert.Equal(TopicTestCorpus.Papers.Count, first.Assignments.Count);
        Assert.InRange(first.Topics.Count, 2, 5);
        Assert.Equal(first.Assignments, second.Assignments);
    }

    [Fact]
    public void EveryPaperGetsOneAssignment()
    {
        var assignments = model.Result.Assignments;

        Assert.Equal(model.Papers.Select(p => p.PaperId), assignments.Select(a => a.PaperId));
        Assert.All(assignments, a => Assert.InRange(a.TopicId, -1, model.Result.Topics.Count - 1));
        foreach (var topic in model.Result.Topics)
        {
            Assert.Equal(topic.Size, assignments.Count(a => a.TopicId == topic.TopicId));
        }
    }

    [Fact]
    public void TopicsAreNumberedBySizeLargestFirst()
    {
        var topics = model.Result.Topics;

        Assert.Equal(Enumerable.Range(0, topics.Count), topics.Select(t => t.TopicId));
        Assert.True(topics.Count >= 2, $"Expected at least 2 non-empty topics, got {topics.Count}.");
        Assert.All(topics, t => Assert.True(t.Size > 0, $"Topic {t.TopicId} is empty."));
        Assert.Equal(topics.Select(t => t.Size).OrderDescending(), topics.Select(t => t.Size));
    }

    [Fact]
    public void TopicTermsAreRankedByScore()
    {
        foreach (var topic in model.Result.Topics)
        {
            Assert.Equal(FittedTopicModel.Options.TermsPerTopic, topic.Terms.Count);
            Assert.Equal(Enumerable.Range(1, topic.Terms.Count), topic.Terms.Select(t => t.Rank));
            Assert.Equal(topic.Terms.Select(t => t.Score).OrderDescending(), topic.Terms.Select(t => t.Score));
            Assert.Equal(topic.Terms.Count, topic.Terms.Select(t => t.Term).Distinct().Count());
        }
    }

    [Fact]
    public void LabelsContainNoStopWords()
    {
        foreach (var topic in model.Result.Topics)
        {
            var labelTerms = topic.Label.Split(" / ");
            Assert.InRange(labelTerms.Length, 2, 3);
            foreach (var word in labelTerms.SelectMany(term => term.Split(' ')))
            {
                Assert.False(TopicStopWords.Contains(word), $"Label '{topic.Label}' contains the stop word '{word}'.");
                Assert.Equal(word.ToLowerInvariant(), word);
                Assert.True(word.Length >= 3, $"Label '{topic.Label}' contains the short word '{word}'.");
            }

        }
    }

    [Fact]
    public void LabelWordsComeFromTopicPapers()
    {
        var topicOfPaper = model.Result.Assignments.ToDictionary(a => a.PaperId, a => a.TopicId);
        foreach (var topic in model.Result.Topics)
        {
            var writtenWords = model.Papers
                .Where(p => topicOfPaper[p.PaperId] == topic.TopicId)
                .SelectMany(p => TopicTokenizer.Tokenize(p.Title, p.Abstract).SurfaceWords)
                .ToHashSet(StringComparer.Ordinal);
            foreach (var word in topic.Label.Split(" / ").SelectMany(term => term.Split(' ')))
            {
                Assert.True(writtenWords.Contains(word), $"Label '{topic.Label}' of topic {topic.TopicId} has the word '{word}', which none of its papers writes.");
            }
        }
    }

    [Fact]
    public void TopicTermsAreWrittenWordsFoldingToDistinctWords()
    {
        foreach (var topic in model.Result.Topics)
        {
            Assert.All(topic.Terms, t => Assert.DoesNotContain(' ', t.Term));
            var folded = topic.Terms.Select(t => TopicTokenizer.FoldPlural(t.Term).Replace("-", string.Empty, StringComparison.Ordinal)).ToArray();
            Assert.Equal(folded.Length, folded.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public void LabelTermsAreNotVariantsOfEachOther()
    {
        foreach (var topic in model.Result.Topics)
        {
            var labelTerms = topic.Label.Split(" / ");
            for (var i = 0; i < labelTerms.Length; i++)
            {
                for (var j = i + 1; j < labelTerms.Length; j++)
                {
                    Assert.False(
                        labelTerms[i].Contains(labelTerms[j], StringComparison.Ordinal) || labelTerms[j].Contains(labelTerms[i], StringComparison.Ordinal),
                        $"Label '{topic.Label}' repeats a term inside another.");
                }
            }
        }
    }

    [Fact]
    public void KeywordsStayWithinLimitAndCoverNormalAbstracts()
    {
        var keywordsByPaper = model.Result.Keywords.ToLookup(k => k.PaperId);

        foreach (var paper in model.Papers)
        {
            var keywords = keywordsByPaper[paper.PaperId].ToArray();
            Assert.True(keywords.Length <= FittedTopicModel.Options.KeywordsPerPaper, $"Paper {paper.PaperId} has {keywords.Length} keywords.");
            if (paper.Abstract.Length >= 400)
            {
                Assert.True(keywords.Length > 0, $"Paper {paper.PaperId} with a {paper.Abstract.Length}-character abstract has no keywords.");
            }

            Assert.Equal(keywords.Length, keywords.Select(k => k.Keyword).Distinct().Count());
            Assert.All(keywords, k => Assert.InRange(k.Score, 0.0, 1.0));
        }
    }

    [Fact]
    public void KeywordsAreContentTermsSpelledOneWay()
    {
        var keywords = model.Result.Keywords;

        Assert.NotEmpty(keywords);
        foreach (var keyword in keywords)
        {
            Assert.Equal(keyword.Keyword.ToLowerInvariant(), keyword.Keyword);
            Assert.All(keyword.Keyword.Split(' '), word => Assert.False(TopicStopWords.Contains(word), $"Keyword '{keyword.Keyword}' contains a stop word."));
            Assert.Equal(keyword.Keyword, string.Join(' ', keyword.Keyword.Split(' ').Select(TopicTokenizer.FoldPlural)));
        }

        // A keyword feeds co-occurrence counts, so every keyword must occur in at least two papers.
        var tokenized = TopicTokenizer.UnifyHyphenSpellings(model.Papers.Select(p => TopicTokenizer.Tokenize(p.Title, p.Abstract)).ToArray());
        foreach (var keyword in keywords.Select(k => k.Keyword).Distinct())
        {
            var papersWithKeyword = tokenized.Count(t => t.Words.Contains(keyword) || t.Bigrams.Contains(keyword));
            Assert.True(papersWithKeyword >= 2, $"Keyword '{keyword}' occurs in {papersWithKeyword} papers.");
        }
    }

    [Fact]
    public void MetricsReportQualityAndOutlierShare()
    {
        var metrics = model.Result.Metrics;
        var outliers = model.Result.Assignments.Count(a => a.TopicId == -1);

        Assert.InRange(metrics["topic_diversity"], 0.0, 1.0);
        Assert.InRange(metrics["npmi_coherence"], -1.0, 1.0);
        Assert.Equal((double)outliers / model.Papers.Count, metrics["outlier_share"]);
        Assert.True(metrics["outlier_share"] < 0.1, $"Outlier share {metrics["outlier_share"]} is 10% or more.");
        Assert.True(metrics["seconds"] > 0, "The run time is missing.");
        Assert.Equal(model.Papers.Count, metrics["paper_count"]);
        Assert.Equal(model.Result.Topics.Count, metrics["topic_count"]);
    }

    [Fact]
    public void OutliersAreLeastSimilarUpToCap()
    {
        var options = new TopicModelOptions { TopicCount = 5, Seed = 3, OutlierSimilarity = 1.0, MaxOutlierShare = 0.08 };

        var result = CreateModeler().Fit(TopicTestCorpus.Papers, options, null, CancellationToken.None);

        var outliers = result.Assignments.Where(a => a.TopicId == -1).ToArray();
        var assigned = result.Assignments.Where(a => a.TopicId >= 0).ToArray();
        Assert.Equal((int)Math.Floor(0.08 * TopicTestCorpus.Papers.Count), outliers.Length);
        Assert.True(outliers.Max(a => a.Score) <= assigned.Min(a => a.Score), "An outlier is more similar to its centroid than an assigned paper.");
    }

    [Fact]
    public void FitWithCancelledTokenThrows()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(
            () => CreateModeler().Fit(TopicTestCorpus.Papers, new TopicModelOptions { TopicCount = 5 }, null, cancellation.Token));
    }

    [Theory]
    [InlineData("vectorize")]
    [InlineData("cluster")]
    [InlineData("keywords")]
    public void CancellationDuringStageThrows(string stage)
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new CallbackProgress(p =>
        {
            if (p.Stage == stage)
            {
                cancellation.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(
            () => CreateModeler().Fit(TopicTestCorpus.Papers, new TopicModelOptions { TopicCount = 5 }, progress, cancellation.Token));
    }

    [Fact]
    public void ProgressRunsThroughStagesToOne()
    {
        var reports = new List<TopicModelProgress>();

        CreateModeler().Fit(TopicTestCorpus.Papers, new TopicModelOptions { TopicCount = 4 }, new CallbackProgress(reports.Add), CancellationToken.None);

        Assert.Equal("tokenize", reports[0].Stage);
        Assert.Equal(0.0, reports[0].Fraction);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal(reports.Select(r => r.Fraction).Order(), reports.Select(r => r.Fraction));
        Assert.Contains(reports, r => r.Stage == "cluster");
    }

    [Fact]
    public void FitLogsStartAndFinishWithCounts()
    {
        var entries = model.Logger.Entries;

        var started = Assert.Single(entries, e => e.EventId.Id == 1);
        var finished = Assert.Single(entries, e => e.EventId.Id == 2);
        Assert.Equal(LogLevel.Information, started.Level);
        Assert.Contains($"{model.Papers.Count} papers", started.Message);
        Assert.Contains($"{FittedTopicModel.Options.TopicCount} topics", started.Message);
        Assert.Contains($"{model.Result.Topics.Count} topics", finished.Message);
        Assert.Matches(@"\d+\.\d s", finished.Message);
    }

    [Fact]
    public void DuplicatePaperIdIsRejected()
    {
        var papers = TopicTestCorpus.Papers.Append(TopicTestCorpus.Papers[3]).ToArray();

        var exception = Assert.Throws<ArgumentException>(
            () => CreateModeler().Fit(papers, new TopicModelOptions { TopicCount = 3 }, null, CancellationToken.None));

        Assert.Contains(TopicTestCorpus.Papers[3].PaperId, exception.Message);
    }

    [Fact]
    public void MoreTopicsThanPapersIsRejected()
    {
        var papers = TopicTestCorpus.Papers.Take(4).ToArray();

        var exception = Assert.Throws<ArgumentException>(
            () => CreateModeler().Fit(papers, new TopicModelOptions { TopicCount = 10 }, null, CancellationToken.None));

        Assert.Contains("fewer than the 10 topics requested", exception.Message);
        Assert.Contains("Ask for fewer topics", exception.Message);
    }

    [Theory]
    [InlineData(0, 25, 8)]
    [InlineData(5, 0, 8)]
    [InlineData(5, 25, -1)]
    public void OutOfRangeOptionIsRejected(int topicCount, int termsPerTopic, int keywordsPerPaper)
    {
        var options = new TopicModelOptions { TopicCount = topicCount, TermsPerTopic = termsPerTopic, KeywordsPerPaper = keywordsPerPaper };

        Assert.Throws<ArgumentException>(() => CreateModeler().Fit(TopicTestCorpus.Papers, options, null, CancellationToken.None));
    }

    [Fact]
    public void PaperWithoutTextBecomesOutlier()
    {
        var papers = TopicTestCorpus.Papers.Append(new PaperText("0000.00000", "The", "We propose a new method.")).ToArray();

        var result = CreateModeler().Fit(papers, new TopicModelOptions { TopicCount = 4 }, null, CancellationToken.None);

        var assignment = Assert.Single(result.Assignments, a => a.PaperId == "0000.00000");
        Assert.Equal(-1, assignment.TopicId);
        Assert.DoesNotContain(result.Keywords, k => k.PaperId == "0000.00000");
    }

    private sealed class CallbackProgress(Action<TopicModelProgress> callback) : IProgress<TopicModelProgress>
    {
        public void Report(TopicModelProgress value) => callback(value);
    }
}
