using TrendBoard.Core.Topics;

namespace TrendBoard.TopicBench;

/// <summary>The topic model candidates the harness compares, by name.</summary>
internal static class Candidates
{
    private static readonly Dictionary<string, TopicModelOptions> _byName = new(StringComparer.Ordinal)
    {
        ["default"] = new TopicModelOptions(),
        ["nmf"] = new TopicModelOptions { Algorithm = TopicAlgorithm.Nmf },
        ["kmeans"] = new TopicModelOptions { Algorithm = TopicAlgorithm.KMeans },
        ["nmf-kmeans"] = new TopicModelOptions { Algorithm = TopicAlgorithm.NmfKMeans },
        ["lda"] = new TopicModelOptions { Algorithm = TopicAlgorithm.Lda },
    };

    public static IEnumerable<string> Names => _byName.Keys;

    public static TopicModelOptions Create(string name) =>
        _byName.TryGetValue(name, out var options)
            ? options
            : throw new ArgumentException($"Unknown candidate '{name}'; use one of {string.Join(", ", Names)}.", nameof(name));
}
