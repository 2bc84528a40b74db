namespace TrendBoard.Core.Topics;

/// <summary>The topic count an automatic choice picked and its score.</summary>
internal sealed record TopicCountChoice(int TopicCount, double Score, IReadOnlyDictionary<int, double> ScoreByCount);

/// <summary>Chooses the number of topics.</summary>
internal static class TopicCountSelector
{
    public static TopicCountChoice Choose(
        IReadOnlyList<PaperText> papers,
        TokenizedPaper[] tokenized,
        TopicModelOptions options,
        int maxTopicCount,
        CancellationToken cancellationToken)
    {
        return new TopicCountChoice(options.MinTopicCount, 0, new Dictionary<int, double>());
    }
}
