using System.Numerics;

namespace TrendBoard.Core.Topics;

/// <summary>
/// Quality measures of a topic model's word lists: topic diversity and NPMI coherence.
/// </summary>
public static class TopicMetrics
{
    /// <summary>
    /// Computes topic diversity: the number of distinct words among every topic's first
    /// <paramref name="topN"/> words, divided by the number of words counted.
    /// </summary>
    /// <param name="topicWords">Each topic's words, best first, without duplicates inside a topic.</param>
    /// <param name="topN">Words taken from each topic, 25 in the usual definition.</param>
    /// <returns>
    /// A value in (0, 1]: 1 when no word appears in two topics. The denominator is
    /// <c>topN x topics</c> when every topic has at least <paramref name="topN"/> words, otherwise
    /// the number of words actually counted. Returns 0 when there are no words.
    /// </returns>
    public static double Diversity(IReadOnlyList<IReadOnlyList<string>> topicWords, int topN)
    {
        ArgumentNullException.ThrowIfNull(topicWords);
        ArgumentOutOfRangeException.ThrowIfLessThan(topN, 1);

        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var counted = 0;
        foreach (var words in topicWords)
        {
            foreach (var word in words.Take(topN))
            {
                distinct.Add(word);
                counted++;
            }
        }

        return counted == 0 ? 0 : (double)distinct.Count / counted;
    }

    /// <summary>
    /// Computes the mean NPMI coherence of the topics' first <paramref name="topN"/> words, with
    /// probabilities from document co-occurrence.
    /// </summary>
    /// <param name="topicWords">Each topic's words, best first, without duplicates inside a topic.</param>
    /// <param name="documents">The words of each document, in any order and with any repeats.</param>
    /// <param name="topN">Words taken from each topic, 10 in the usual definition.</param>
    /// <returns>
    /// The mean over topics of the mean over word pairs of
    /// <c>NPMI(a, b) = ln(p(a, b) / (p(a) p(b))) / -ln p(a, b)</c>, where p is the share of
    /// documents that contain the word or both words. A pair that never co-occurs scores -1, and
    /// a pair that occurs in every document scores 1. Topics with fewer than 2 words are skipped.
    /// Returns 0 when no topic can be scored or there are no documents.
    /// </returns>
    public static double NpmiCoherence(
        IReadOnlyList<IReadOnlyList<string>> topicWords,
        IReadOnlyList<IEnumerable<string>> documents,
        int topN)
    {
        ArgumentNullException.ThrowIfNull(topicWords);
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentOutOfRangeException.ThrowIfLessThan(topN, 2);

        if (documents.Count == 0)
        {
            return 0;
        }

        var topics = topicWords.Select(words => words.Take(topN).ToArray()).Where(words => words.Length >= 2).ToArray();
        var occurrences = BuildOccurrenceSets(topics, documents);
        var documentCount = (double)documents.Count;

        var topicSum = 0.0;
        foreach (var words in topics)
        {
            var pairSum = 0.0;
            var pairCount = 0;
            for (var i = 0; i < words.Length; i++)
            {
                for (var j = i + 1; j < words.Length; j++)
                {
                    pairSum += Npmi(occurrences[words[i]], occurrences[words[j]], documentCount);
                    pairCount++;
                }
            }

            topicSum += pairSum / pairCount;
        }

        return topics.Length == 0 ? 0 : topicSum / topics.Length;
    }

    private static double Npmi(ulong[] first, ulong[] second, double documentCount)
    {
        var jointCount = 0;
        for (var i = 0; i < first.Length; i++)
        {
            jointCount += BitOperations.PopCount(first[i] & second[i]);
        }

        if (jointCount == 0)
        {
            return -1;
        }

        var joint = jointCount / documentCount;
        if (joint >= 1)
        {
            return 1;
        }

        var firstShare = CountSetBits(first) / documentCount;
        var secondShare = CountSetBits(second) / documentCount;
        return Math.Log(joint / (firstShare * secondShare)) / -Math.Log(joint);
    }

    /// <summary>Maps every word the topics use to a bit set of the documents that contain it.</summary>
    private static Dictionary<string, ulong[]> BuildOccurrenceSets(string[][] topics, IReadOnlyList<IEnumerable<string>> documents)
    {
        var wordCount = (documents.Count + 63) / 64;
        var occurrences = new Dictionary<string, ulong[]>(StringComparer.Ordinal);
        foreach (var word in topics.SelectMany(words => words))
        {
            occurrences.TryAdd(word, new ulong[wordCount]);
        }

        for (var d = 0; d < documents.Count; d++)
        {
            foreach (var word in documents[d])
            {
                if (occurrences.TryGetValue(word, out var set))
                {
                    set[d / 64] |= 1UL << (d % 64);
                }
            }
        }

        return occurrences;
    }

    private static int CountSetBits(ulong[] bits)
    {
        var count = 0;
        foreach (var block in bits)
        {
            count += BitOperations.PopCount(block);
        }

        return count;
    }
}
