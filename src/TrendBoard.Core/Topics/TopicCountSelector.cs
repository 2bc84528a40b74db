namespace TrendBoard.Core.Topics;

/// <summary>The topic count an automatic choice picked, its score, and the score of every count tried.</summary>
internal sealed record TopicCountChoice(int TopicCount, double Score, IReadOnlyDictionary<int, double> ScoreByCount);

/// <summary>
/// Chooses the number of topics by held-out quality: each candidate count is fitted on a seeded
/// half of the papers, and its topic words are scored on the other half by windowed NPMI
/// coherence times topic diversity.
/// </summary>
/// <remarks>
/// Coherence alone tends to rise with more, narrower topics while diversity falls as topics
/// start to share words, so their product peaks where topics are both specific and distinct.
/// Scoring on papers the fit did not see keeps the choice from rewarding topics that only
/// describe the training papers.
/// </remarks>
internal static class TopicCountSelector
{
    /// <summary>Step between candidate counts; the maximum is always a candidate too.</summary>
    public const int CountStep = 5;

    public static TopicCountChoice Choose(
        IReadOnlyList<PaperText> papers,
        TokenizedPaper[] tokenized,
        TopicModelOptions options,
        int maxTopicCount,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        // A seeded shuffle splits the papers into a fitting half and a scoring half.
        var order = Enumerable.Range(0, papers.Count).ToArray();
        new Random(options.Seed).Shuffle(order);
        var half = papers.Count / 2;
        var fitIndices = order.Take(half).Order().ToArray();
        var scoreIndices = order.Skip(half).Order().ToArray();

        var fitPapers = fitIndices.Select(i => papers[i]).ToArray();
        var fitCorpus = TopicModeler.Prepare(fitPapers, fitIndices.Select(i => tokenized[i]).ToArray(), cancellationToken);
        var heldOut = TopicModeler.TokenizeForCoherence(scoreIndices.Select(i => papers[i]).ToArray(), cancellationToken);

        var candidates = Candidates(options.MinTopicCount, maxTopicCount);
        var scores = new Dictionary<int, double>();
        for (var c = 0; c < candidates.Length; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = candidates[c];
            var topics = TopicModeler.FitTopics(fitCorpus, options with { TopicCount = count, KeywordsPerPaper = 0 }, cancellationToken);
            var words = topics.Select(t => (IReadOnlyList<string>)TopicModeler.CoherenceWords(t.Terms)).ToArray();
            var coherence = TopicMetrics.WindowedNpmi(words, heldOut, TopicModeler.CoherenceWordCount, TopicModeler.CoherenceWindowSize);
            var diversity = TopicMetrics.Diversity(words, TopicModeler.DiversityWordCount);
            scores[count] = coherence * diversity;
            progress?.Report((c + 1.0) / candidates.Length);
        }

        // Ties go to the smaller count.
        var best = scores.OrderByDescending(e => e.Value).ThenBy(e => e.Key).First();
        return new TopicCountChoice(best.Key, best.Value, scores);
    }

    /// <summary>Returns min, min + 5, ... below max, and max.</summary>
    internal static int[] Candidates(int min, int max)
    {
        var counts = new List<int>();
        for (var count = min; count < max; count += CountStep)
        {
            counts.Add(count);
        }

        counts.Add(max);
        return [.. counts];
    }
}
