namespace TrendBoard.Core.Topics;

/// <summary>
/// Topic terms from class-based TF-IDF, topic labels, and the rule that keeps a label or a
/// keyword list free of near-duplicate terms.
/// </summary>
internal static class TopicTermSelection
{
    /// <summary>Terms joined into a label.</summary>
    public const int LabelTermCount = 3;

    /// <summary>Ranked terms searched for label terms, so that a bigram further down can replace its two words.</summary>
    public const int LabelLookAhead = 12;

    private const int MinSharedStemLength = 4;

    private const int MaxVariantEndingLength = 5;

    /// <summary>Longest word that <see cref="AreVariants"/> treats as a possible acronym.</summary>
    private const int MaxAcronymLength = 8;

    /// <summary>
    /// Scores every vocabulary term for every topic with class-based TF-IDF and returns each
    /// topic's best <paramref name="termsPerTopic"/> terms.
    /// </summary>
    /// <remarks>
    /// score(t, c) = (papers of topic c that contain t / papers of topic c)
    /// x ln(1 + average papers per topic / papers of any topic that contain t).
    /// Counting papers instead of occurrences keeps one abstract that repeats a word from
    /// dominating its topic. Outliers (topic -1) count nowhere. Ties go to the term that sorts
    /// first in ordinal order.
    /// </remarks>
    public static IReadOnlyList<TopicTerm>[] ScoreTopicTerms(
        TfIdfMatrix matrix,
        int[] topicOfPaper,
        int topicCount,
        int termsPerTopic)
    {
        var vocabularySize = matrix.Terms.Length;
        var topicCounts = new int[topicCount][];
        for (var t = 0; t < topicCount; t++)
        {
            topicCounts[t] = new int[vocabularySize];
        }

        var totalCounts = new int[vocabularySize];
        var topicSizes = new int[topicCount];
        for (var p = 0; p < topicOfPaper.Length; p++)
        {
            var topic = topicOfPaper[p];
            if (topic < 0)
            {
                continue;
            }

            topicSizes[topic]++;
            foreach (var index in matrix.Rows[p].Indices)
            {
                topicCounts[topic][index]++;
                totalCounts[index]++;
            }
        }

        var averageTopicSize = (double)topicSizes.Sum() / topicCount;
        var result = new IReadOnlyList<TopicTerm>[topicCount];
        for (var t = 0; t < topicCount; t++)
        {
            var counts = topicCounts[t];
            var size = topicSizes[t];
            var ranked = Enumerable.Range(0, vocabularySize)
                .Where(i => counts[i] > 0)
                .Select(i => (Index: i, Score: (double)counts[i] / size * Math.Log(1.0 + averageTopicSize / totalCounts[i])))
                .OrderByDescending(e => e.Score)
                .ThenBy(e => matrix.Terms[e.Index], StringComparer.Ordinal)
                .Take(termsPerTopic)
                .Select((e, rank) => new TopicTerm(rank + 1, matrix.Terms[e.Index], e.Score))
                .ToArray();
            result[t] = ranked;
        }

        return result;
    }

    /// <summary>
    /// Scores every word, as written, for every topic with class-based TF-IDF and returns each
    /// topic's best <paramref name="termsPerTopic"/> words, one spelling per word.
    /// </summary>
    /// <remarks>
    /// The score is the one of <see cref="ScoreTopicTerms"/>, counted over the words as the
    /// papers write them ("agents", "multi-modal") instead of their folded forms. Coherence
    /// tools count written words, so a topic's list names the spellings its papers use. When two
    /// spellings fold to the same word (plural, hyphenation), only the better-scoring one is kept.
    /// A word must occur in at least <c>max(2, 0.0003 N)</c> and at most half of the N papers,
    /// the vocabulary bounds of <see cref="TfIdfMatrix.Build"/>.
    /// </remarks>
    public static IReadOnlyList<TopicTerm>[] ScoreWrittenTerms(
        IReadOnlyList<TokenizedPaper> papers,
        int[] topicOfPaper,
        int topicCount,
        int termsPerTopic)
    {
        var idOfWord = new Dictionary<string, int>(StringComparer.Ordinal);
        var foldedOfWord = new List<string>();
        var wordOfId = new List<string>();
        var paperWordIds = new int[papers.Count][];
        var seen = new HashSet<int>();
        for (var p = 0; p < papers.Count; p++)
        {
            seen.Clear();
            var surfaceWords = papers[p].SurfaceWords;
            for (var i = 0; i < surfaceWords.Length; i++)
            {
                if (!idOfWord.TryGetValue(surfaceWords[i], out var id))
                {
                    id = idOfWord.Count;
                    idOfWord[surfaceWords[i]] = id;
                    wordOfId.Add(surfaceWords[i]);
                    foldedOfWord.Add(papers[p].Words[i]);
                }

                seen.Add(id);
            }

            paperWordIds[p] = [.. seen];
        }

        var wordCount = wordOfId.Count;
        var documentFrequencies = new int[wordCount];
        var topicCounts = new int[topicCount][];
        for (var t = 0; t < topicCount; t++)
        {
            topicCounts[t] = new int[wordCount];
        }

        var totalCounts = new int[wordCount];
        var topicSizes = new int[topicCount];
        for (var p = 0; p < papers.Count; p++)
        {
            foreach (var id in paperWordIds[p])
            {
                documentFrequencies[id]++;
            }

            var topic = topicOfPaper[p];
            if (topic < 0)
            {
                continue;
            }

            topicSizes[topic]++;
            foreach (var id in paperWordIds[p])
            {
                topicCounts[topic][id]++;
                totalCounts[id]++;
            }
        }

        var minFrequency = Math.Max(2, (int)Math.Ceiling(0.0003 * papers.Count));
        var maxFrequency = Math.Max(minFrequency, papers.Count / 2);
        var averageTopicSize = (double)topicSizes.Sum() / topicCount;
        var result = new IReadOnlyList<TopicTerm>[topicCount];
        for (var t = 0; t < topicCount; t++)
        {
            var counts = topicCounts[t];
            var size = topicSizes[t];
            var ranked = Enumerable.Range(0, wordCount)
                .Where(i => counts[i] > 0 && documentFrequencies[i] >= minFrequency && documentFrequencies[i] <= maxFrequency)
                .Select(i => (Index: i, Score: (double)counts[i] / size * Math.Log(1.0 + averageTopicSize / totalCounts[i])))
                .OrderByDescending(e => e.Score)
                .ThenBy(e => wordOfId[e.Index], StringComparer.Ordinal);

            var picked = new List<TopicTerm>(termsPerTopic);
            var pickedFolded = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (index, score) in ranked)
            {
                if (!pickedFolded.Add(foldedOfWord[index]))
                {
                    continue;
                }

                picked.Add(new TopicTerm(picked.Count + 1, wordOfId[index], score));
                if (picked.Count == termsPerTopic)
                {
                    break;
                }
            }

            result[t] = picked;
        }

        return result;
    }

    /// <summary>
    /// Builds a readable label from a topic's ranked terms: up to three distinct terms joined
    /// with " / ", each written as <paramref name="writtenForms"/> gives it when it has the term.
    /// </summary>
    public static string BuildLabel(IReadOnlyList<TopicTerm> terms, IReadOnlyDictionary<string, string>? writtenForms = null)
    {
        var candidates = terms.Take(LabelLookAhead).Select(t => t.Term);
        var picked = SelectDistinct(candidates, LabelTermCount)
            .Select(term => writtenForms is not null && writtenForms.TryGetValue(term, out var written) ? written : term);
        return string.Join(" / ", picked);
    }

    /// <summary>
    /// Finds the most frequent written form of each folded term in <paramref name="terms"/>
    /// (unigrams and bigrams), for example "mixture-of-experts" for "mixture-of-expert" or
    /// "gui agents" for "gui agent". Ties go to the form that sorts first; terms never seen stay out.
    /// </summary>
    public static Dictionary<string, string> FindWrittenForms(IReadOnlyList<TokenizedPaper> papers, IReadOnlySet<string> terms)
    {
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        void Count(string term, string written)
        {
            if (!terms.Contains(term))
            {
                return;
            }

            if (!counts.TryGetValue(term, out var forms))
            {
                counts[term] = forms = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            forms[written] = forms.GetValueOrDefault(written) + 1;
        }

        foreach (var paper in papers)
        {
            var words = paper.Words;
            var written = paper.SurfaceWords;
            for (var i = 0; i < words.Length && i < written.Length; i++)
            {
                Count(words[i], written[i]);
                if (i + 1 < words.Length && i + 1 < written.Length)
                {
                    Count(words[i] + " " + words[i + 1], written[i] + " " + written[i + 1]);
                }
            }
        }

        return counts.ToDictionary(
            e => e.Key,
            e => e.Value.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).First().Key,
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Picks up to <paramref name="count"/> terms from <paramref name="rankedTerms"/> (best first)
    /// so that no two picked terms are variants of each other.
    /// </summary>
    /// <remarks>
    /// Two terms are variants when they share a word stem (<see cref="AreVariants"/>), as "agent"
    /// and "agentic" or "video" and "video generation" do. A later bigram that contains
    /// picked unigrams as whole words replaces them at the first one's place, so "gaussian",
    /// "splatting" become "gaussian splatting". Every candidate is examined before the list is
    /// cut to <paramref name="count"/>, so pass only the top of a long ranking.
    /// </remarks>
    public static IReadOnlyList<string> SelectDistinct(IEnumerable<string> rankedTerms, int count)
    {
        var picked = new List<string[]>();
        foreach (var candidate in rankedTerms)
        {
            var candidateWords = candidate.Split(' ');
            var overlapping = picked.Where(words => AreVariants(words, candidateWords)).ToList();
            if (overlapping.Count == 0)
            {
                picked.Add(candidateWords);
                continue;
            }

            var replacesAll = overlapping.All(words =>
                words.Length < candidateWords.Length && words.All(w => candidateWords.Contains(w, StringComparer.Ordinal)));
            if (!replacesAll)
            {
                continue;
            }

            var position = picked.IndexOf(overlapping[0]);
            picked.RemoveAll(overlapping.Contains);
            picked.Insert(position, candidateWords);
        }

        return picked.Take(count).Select(words => string.Join(' ', words)).ToArray();
    }

    /// <summary>
    /// Returns whether the single word <paramref name="acronym"/> abbreviates the phrase
    /// <paramref name="phrase"/>: the initials of the phrase's words and hyphen parts end the
    /// acronym ("lm" ends "llm", so "llm" counts as an acronym of "language model"; "vla" is
    /// "vision-language-action"). The phrase needs at least two parts.
    /// </summary>
    private static bool IsAcronymOf(string[] acronym, string[] phrase)
    {
        if (acronym.Length != 1 || acronym[0].Length > MaxAcronymLength || acronym[0].Contains('-', StringComparison.Ordinal))
        {
            return false;
        }

        // Initials of the words and of their hyphen parts, without allocating.
        Span<char> initials = stackalloc char[MaxAcronymLength + 1];
        var count = 0;
        foreach (var word in phrase)
        {
            for (var i = 0; i < word.Length; i++)
            {
                if ((i == 0 || word[i - 1] == '-') && word[i] != '-')
                {
                    if (count == initials.Length)
                    {
                        return false;
                    }

                    initials[count++] = word[i];
                }
            }
        }

        return count >= 2 && acronym[0].AsSpan().EndsWith(initials[..count], StringComparison.Ordinal);
    }

    /// <summary>
    /// Returns whether two terms name the same thing: one is an acronym of the other ("rag" and
    /// "retrieval-augmented generation", "llm" and "language model"), or they share a word stem:
    /// a word of one is a prefix of a word of the other, or two words share at least
    /// <see cref="MinSharedStemLength"/> leading characters and differ only in endings of at most
    /// <see cref="MaxVariantEndingLength"/> characters ("edited" and "editing", "optimizer" and
    /// "optimization").
    /// </summary>
    internal static bool AreVariants(string[] first, string[] second)
    {
        if (IsAcronymOf(first, second) || IsAcronymOf(second, first))
        {
            return true;
        }

        foreach (var a in first)
        {
            foreach (var b in second)
            {
                if (a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal))
                {
                    return true;
                }

                var shared = a.AsSpan().CommonPrefixLength(b);
                if (shared >= MinSharedStemLength
                    && a.Length - shared <= MaxVariantEndingLength
                    && b.Length - shared <= MaxVariantEndingLength)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
