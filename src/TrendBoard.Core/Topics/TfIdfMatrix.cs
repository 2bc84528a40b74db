using System.Runtime.CompilerServices;

namespace TrendBoard.Core.Topics;

/// <summary>
/// One paper's sparse TF-IDF row: vocabulary indices in ascending order and their weights.
/// </summary>
internal sealed record SparseRow(int[] Indices, float[] Values)
{
    /// <summary>Euclidean (L2) norm of the weights, 0 for a paper without vocabulary terms.</summary>
    public double Norm { get; } = Math.Sqrt(Values.Sum(v => (double)v * v));
}

/// <summary>
/// The vocabulary of a corpus (unigrams and bigrams) and a TF-IDF row per paper.
/// </summary>
/// <remarks>
/// Weights are sublinear TF-IDF: (1 + ln tf) x (ln((1 + N) / (1 + df)) + 1), the smoothed IDF
/// that scikit-learn uses. Terms are sorted by ordinal string order, so a term's index depends
/// only on the vocabulary and never on the order in which the papers arrive.
/// </remarks>
internal sealed class TfIdfMatrix
{
    private TfIdfMatrix(string[] terms, int[] documentFrequencies, double[] idf, SparseRow[] rows)
    {
        Terms = terms;
        DocumentFrequencies = documentFrequencies;
        Idf = idf;
        Rows = rows;
    }

    /// <summary>Vocabulary terms in ordinal order. A bigram is two words joined by one space.</summary>
    public string[] Terms { get; }

    /// <summary>Number of papers that contain each term, indexed like <see cref="Terms"/>.</summary>
    public int[] DocumentFrequencies { get; }

    /// <summary>Inverse document frequency of each term, indexed like <see cref="Terms"/>.</summary>
    public double[] Idf { get; }

    /// <summary>One row per paper, in the order of the input papers.</summary>
    public SparseRow[] Rows { get; }

    /// <summary>Returns the index of every vocabulary term.</summary>
    public static Dictionary<string, int> IndexTerms(string[] terms)
    {
        var termIndex = new Dictionary<string, int>(terms.Length, StringComparer.Ordinal);
        for (var i = 0; i < terms.Length; i++)
        {
            termIndex[terms[i]] = i;
        }

        return termIndex;
    }

    /// <summary>
    /// Weighs one paper's terms: sublinear term frequency times <paramref name="idf"/>. Terms
    /// outside the vocabulary are ignored. Fitting and assigning new papers both weigh papers here,
    /// so a paper gets the same row either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SparseRow Weigh(TokenizedPaper paper, IReadOnlyDictionary<string, int> termIndex, double[] idf)
    {
        var counts = new Dictionary<int, int>();
        CountTerms(paper.Words, termIndex, counts);
        CountTerms(paper.Bigrams, termIndex, counts);

        var indices = counts.Keys.Order().ToArray();
        var values = new float[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            values[i] = (float)((1.0 + Math.Log(counts[indices[i]])) * idf[indices[i]]);
        }

        return new SparseRow(indices, values);
    }

    /// <summary>
    /// Builds the vocabulary from the papers' unigrams and bigrams and weighs every paper.
    /// </summary>
    /// <remarks>
    /// A unigram enters the vocabulary when at least <c>max(2, 0.0003 N)</c> papers contain it,
    /// a bigram at <c>max(2, 0.0005 N)</c> papers (bigrams are sparser, so a higher floor
    /// keeps accidental word pairs out). Terms in more than half of the papers are dropped
    /// because they cannot separate topics. When more than <paramref name="maxTerms"/> terms
    /// remain, the ones with the highest document frequency are kept.
    /// </remarks>
    public static TfIdfMatrix Build(IReadOnlyList<TokenizedPaper> papers, int maxTerms, bool includeBigrams, CancellationToken cancellationToken)
    {
        var paperCount = papers.Count;
        var minUnigramFrequency = Math.Max(2, (int)Math.Ceiling(0.0003 * paperCount));
        var minBigramFrequency = Math.Max(2, (int)Math.Ceiling(0.0005 * paperCount));
        var maxFrequency = Math.Max(minUnigramFrequency, paperCount / 2);

        var unigramFrequencies = CountDocumentFrequencies(papers, p => p.Words, cancellationToken);
        var bigramFrequencies = includeBigrams
            ? CountDocumentFrequencies(papers, p => p.Bigrams, cancellationToken)
            : new Dictionary<string, int>(StringComparer.Ordinal);

        var candidates = unigramFrequencies
            .Where(e => e.Value >= minUnigramFrequency && e.Value <= maxFrequency)
            .Concat(bigramFrequencies.Where(e => e.Value >= minBigramFrequency && e.Value <= maxFrequency))
            .OrderByDescending(e => e.Value)
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .Take(maxTerms)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToArray();

        var terms = candidates.Select(e => e.Key).ToArray();
        var documentFrequencies = candidates.Select(e => e.Value).ToArray();
        var termIndex = IndexTerms(terms);
        var idf = documentFrequencies
            .Select(df => Math.Log((1.0 + paperCount) / (1.0 + df)) + 1.0)
            .ToArray();

        var rows = new SparseRow[paperCount];
        CsrMatrix.ForEachRowBlock(paperCount, cancellationToken, (start, end) =>
        {
            for (var p = start; p < end; p++)
            {
                rows[p] = Weigh(papers[p], termIndex, idf);
            }
        });

        return new TfIdfMatrix(terms, documentFrequencies, idf, rows);
    }

    /// <summary>
    /// Counts the papers that contain each term. Threads count blocks of papers and add their
    /// counts up; integer sums do not depend on the order of adding.
    /// </summary>
    private static Dictionary<string, int> CountDocumentFrequencies(
        IReadOnlyList<TokenizedPaper> papers,
        Func<TokenizedPaper, string[]> selectTerms,
        CancellationToken cancellationToken)
    {
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        var parallelOptions = new ParallelOptions { CancellationToken = cancellationToken };
        var blockCount = (papers.Count + CsrMatrix.RowBlockSize - 1) / CsrMatrix.RowBlockSize;
        Parallel.For(
            0,
            blockCount,
            parallelOptions,
            () => new Dictionary<string, int>(StringComparer.Ordinal),
            (block, _, local) =>
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var end = Math.Min(papers.Count, (block + 1) * CsrMatrix.RowBlockSize);
                for (var p = block * CsrMatrix.RowBlockSize; p < end; p++)
                {
                    seen.Clear();
                    foreach (var term in selectTerms(papers[p]))
                    {
                        if (seen.Add(term))
                        {
                            local[term] = local.GetValueOrDefault(term) + 1;
                        }
                    }
                }

                return local;
            },
            local =>
            {
                lock (frequencies)
                {
                    foreach (var (term, count) in local)
                    {
                        frequencies[term] = frequencies.GetValueOrDefault(term) + count;
                    }
                }
            });

        return frequencies;
    }

    private static void CountTerms(string[] tokens, IReadOnlyDictionary<string, int> termIndex, Dictionary<int, int> counts)
    {
        foreach (var token in tokens)
        {
            if (termIndex.TryGetValue(token, out var index))
            {
                counts[index] = counts.GetValueOrDefault(index) + 1;
            }
        }
    }
}
