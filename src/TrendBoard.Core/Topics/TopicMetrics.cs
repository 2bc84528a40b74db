using System.Numerics;

namespace TrendBoard.Core.Topics;

/// <summary>
/// Quality measures of a topic model: topic diversity and NPMI coherence of its word lists, and
/// agreement of its assignments with reference labels or with another run.
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

    /// <summary>
    /// Computes the mean NPMI coherence of the topics' first <paramref name="topN"/> words with
    /// probabilities from sliding windows of <paramref name="windowSize"/> tokens, the way gensim
    /// 4.2's <c>CoherenceModel(coherence="c_npmi")</c> counts them.
    /// </summary>
    /// <param name="topicWords">Each topic's words, best first. Words that occur in no document are dropped before the first <paramref name="topN"/> are taken.</param>
    /// <param name="documents">Each document's tokens in text order, for example from <see cref="CoherenceTokenizer.Tokenize(string)"/>.</param>
    /// <param name="topN">Words taken from each topic, 10 in the usual definition.</param>
    /// <param name="windowSize">Tokens per window, 10 for gensim's c_npmi.</param>
    /// <returns>
    /// The mean over topics of the mean over word pairs of
    /// <c>ln((p(a, b) + ε) / (p(a) p(b))) / -ln(p(a, b) + ε)</c> with ε = 1e-12, where p is the share
    /// of windows that contain the word or both words. Topics with fewer than 2 known words are
    /// skipped. Returns 0 when no topic can be scored.
    /// </returns>
    /// <remarks>
    /// A document of at most <paramref name="windowSize"/> tokens is one window, and a longer one
    /// gives one window per start position. Like gensim, a window's word set is updated
    /// incrementally: the token that leaves the window is removed from the set even when another
    /// copy of it is still inside the window. Reproducing that quirk keeps this score within
    /// rounding of gensim's.
    /// </remarks>
    public static double WindowedNpmi(
        IReadOnlyList<IReadOnlyList<string>> topicWords,
        IReadOnlyList<IReadOnlyList<string>> documents,
        int topN,
        int windowSize)
    {
        ArgumentNullException.ThrowIfNull(topicWords);
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentOutOfRangeException.ThrowIfLessThan(topN, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, 1);

        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            known.UnionWith(document);
        }

        var topics = topicWords
            .Select(words => words.Where(known.Contains).Distinct(StringComparer.Ordinal).Take(topN).ToArray())
            .Where(words => words.Length >= 2)
            .ToArray();
        if (topics.Length == 0)
        {
            return 0;
        }

        var idOfWord = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in topics.SelectMany(words => words))
        {
            idOfWord.TryAdd(word, idOfWord.Count);
        }

        var counts = WindowCounts.Count(documents, idOfWord, windowSize);
        var topicSum = 0.0;
        foreach (var words in topics)
        {
            var pairSum = 0.0;
            var pairCount = 0;
            for (var i = 0; i < words.Length; i++)
            {
                for (var j = i + 1; j < words.Length; j++)
                {
                    pairSum += counts.Npmi(idOfWord[words[i]], idOfWord[words[j]]);
                    pairCount++;
                }
            }

            topicSum += pairSum / pairCount;
        }

        return topicSum / topics.Length;
    }

    /// <summary>
    /// Computes the normalized mutual information of two labelings of the same items, with the
    /// arithmetic mean of the two entropies as normaliser (scikit-learn's default).
    /// </summary>
    /// <returns>
    /// A value in [0, 1]: 1 when the labelings are the same partition. When both labelings put
    /// every item in one group, returns 1; when only one does, returns 0.
    /// </returns>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static double NormalizedMutualInformation<TFirst, TSecond>(IReadOnlyList<TFirst> first, IReadOnlyList<TSecond> second)
        where TFirst : notnull
        where TSecond : notnull
    {
        var table = ContingencyTable.Build(first, second);
        if (table.RowSums.Length == 1 && table.ColumnSums.Length == 1)
        {
            return 1;
        }

        var n = (double)table.Total;
        var mutualInformation = 0.0;
        foreach (var ((row, column), count) in table.Cells)
        {
            mutualInformation += count / n * Math.Log(n * count / ((double)table.RowSums[row] * table.ColumnSums[column]));
        }

        var entropyFirst = Entropy(table.RowSums, n);
        var entropySecond = Entropy(table.ColumnSums, n);
        var normaliser = (entropyFirst + entropySecond) / 2;
        return normaliser <= 0 ? 0 : Math.Clamp(mutualInformation / normaliser, 0, 1);
    }

    /// <summary>
    /// Computes the adjusted Rand index of two labelings of the same items (Hubert and Arabie 1985).
    /// </summary>
    /// <returns>
    /// 1 for the same partition, about 0 for independent labelings, negative below chance. When
    /// the index is undefined because both labelings are one group or both are all singletons,
    /// returns 1, as scikit-learn does.
    /// </returns>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static double AdjustedRandIndex<TFirst, TSecond>(IReadOnlyList<TFirst> first, IReadOnlyList<TSecond> second)
        where TFirst : notnull
        where TSecond : notnull
    {
        var table = ContingencyTable.Build(first, second);
        static double Pairs(long count) => count * (count - 1) / 2.0;

        var index = table.Cells.Values.Sum(c => Pairs(c));
        var rowPairs = table.RowSums.Sum(c => Pairs(c));
        var columnPairs = table.ColumnSums.Sum(c => Pairs(c));
        var totalPairs = Pairs(table.Total);
        if (totalPairs == 0)
        {
            return 1;
        }

        var expected = rowPairs * columnPairs / totalPairs;
        var maximum = (rowPairs + columnPairs) / 2;
        if (maximum == expected)
        {
            return 1;
        }

        return (index - expected) / (maximum - expected);
    }

    private static double Entropy(long[] sums, double total)
    {
        var entropy = 0.0;
        foreach (var sum in sums)
        {
            if (sum > 0)
            {
                var share = sum / total;
                entropy -= share * Math.Log(share);
            }
        }

        return entropy;
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

    /// <summary>Counts of two labelings: joint counts per (first, second) pair and the group sizes of each.</summary>
    private sealed record ContingencyTable(Dictionary<(int Row, int Column), long> Cells, long[] RowSums, long[] ColumnSums, long Total)
    {
        public static ContingencyTable Build<TFirst, TSecond>(IReadOnlyList<TFirst> first, IReadOnlyList<TSecond> second)
            where TFirst : notnull
            where TSecond : notnull
        {
            ArgumentNullException.ThrowIfNull(first);
            ArgumentNullException.ThrowIfNull(second);
            if (first.Count != second.Count)
            {
                throw new ArgumentException($"The labelings differ in length ({first.Count} and {second.Count}); pass one label per item in both.", nameof(second));
            }

            if (first.Count == 0)
            {
                throw new ArgumentException("The labelings are empty; pass at least one item.", nameof(first));
            }

            var rows = new Dictionary<TFirst, int>();
            var columns = new Dictionary<TSecond, int>();
            var cells = new Dictionary<(int Row, int Column), long>();
            for (var i = 0; i < first.Count; i++)
            {
                var row = rows.TryGetValue(first[i], out var r) ? r : rows[first[i]] = rows.Count;
                var column = columns.TryGetValue(second[i], out var c) ? c : columns[second[i]] = columns.Count;
                cells[(row, column)] = cells.GetValueOrDefault((row, column)) + 1;
            }

            var rowSums = new long[rows.Count];
            var columnSums = new long[columns.Count];
            foreach (var ((row, column), count) in cells)
            {
                rowSums[row] += count;
                columnSums[column] += count;
            }

            return new ContingencyTable(cells, rowSums, columnSums, first.Count);
        }
    }
}
