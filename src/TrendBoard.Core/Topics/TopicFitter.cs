using Microsoft.ML;
using Microsoft.ML.Data;

namespace TrendBoard.Core.Topics;

/// <summary>
/// A corpus ready for fitting: tokens with unified spellings, the TF-IDF matrix and its rows
/// scaled to unit length.
/// </summary>
internal sealed class PreparedCorpus
{
    private CsrMatrix? _transpose;

    public PreparedCorpus(IReadOnlyList<PaperText> papers, TokenizedPaper[] tokenized, IReadOnlyDictionary<string, string> spellings, TfIdfMatrix matrix)
    {
        Papers = papers;
        Tokenized = tokenized;
        Spellings = spellings;
        Matrix = matrix;
        Rows = CsrMatrix.FromNormalizedRows(matrix.Rows, matrix.Terms.Length);
    }

    public IReadOnlyList<PaperText> Papers { get; }

    public TokenizedPaper[] Tokenized { get; }

    /// <summary>Hyphenated spellings rewritten to the corpus's preferred spelling, as <see cref="TopicTokenizer.UnifyHyphenSpellings"/> chose them.</summary>
    public IReadOnlyDictionary<string, string> Spellings { get; }

    public TfIdfMatrix Matrix { get; }

    /// <summary>TF-IDF rows scaled to unit L2 norm, one per paper.</summary>
    public CsrMatrix Rows { get; }

    public CsrMatrix Transpose => _transpose ??= Rows.Transpose();

    public int PaperCount => Rows.RowCount;

    public int TermCount => Rows.ColumnCount;
}

/// <summary>
/// The clusters of one fit: each paper's cluster (-1 for a paper without vocabulary terms) and
/// the rule that puts new papers into them.
/// </summary>
internal sealed record ClusterFit(ClusterRule Rule, int[] ClusterOfPaper);

/// <summary>Runs the chosen clustering algorithm on a prepared corpus.</summary>
internal static class TopicFitter
{
    /// <summary>Sweeps of coordinate descent at most; scikit-learn's default is 200.</summary>
    public const int NmfMaxIterations = 200;

    /// <summary>
    /// Relative projected-gradient tolerance that ends the NMF fit. scikit-learn's default is
    /// 1e-4; on the bundled Daily Papers corpus (20 topics, seed 42) 1e-3 stopped after 36
    /// instead of 72 sweeps and its topic words scored the same windowed NPMI (0.175 against 0.171).
    /// </summary>
    public const double NmfTolerance = 1e-3;

    private const int LdaIterations = 100;

    /// <summary>
    /// Dirichlet prior of each topic in a paper's topic mix. LightLDA's default sums to 100 over
    /// all topics (5 per topic at 20 topics), which spread every paper over all topics and left
    /// 15 of 20 topics without a paper on the bundled Daily Papers corpus.
    /// </summary>
    private const double LdaAlphaPerTopic = 0.1;

    public static ClusterFit Fit(
        PreparedCorpus corpus,
        int clusterCount,
        TopicAlgorithm algorithm,
        int seed,
        CancellationToken cancellationToken)
    {
        return algorithm switch
        {
            TopicAlgorithm.Nmf => FitNmf(corpus, clusterCount, seed, cancellationToken),
            TopicAlgorithm.KMeans => FitKMeans(corpus, clusterCount, seed, cancellationToken),
            TopicAlgorithm.NmfKMeans => FitNmfKMeans(corpus, clusterCount, seed, cancellationToken),
            TopicAlgorithm.Lda => FitLda(corpus, clusterCount, seed, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown topic algorithm; use one of the TopicAlgorithm values."),
        };
    }

    /// <summary>Fits NMF components, then puts each paper into the component with its largest (length-scaled) weight.</summary>
    public static NmfRule FitNmfRule(PreparedCorpus corpus, int rank, int seed, CancellationToken cancellationToken)
    {
        var factors = NmfSolver.Fit(corpus.Rows, corpus.Transpose, rank, seed, NmfMaxIterations, NmfTolerance, cancellationToken);
        var startValue = Math.Sqrt(corpus.Rows.Mean() / rank);
        return new NmfRule(factors.ComponentsTransposed, rank, corpus.TermCount, startValue);
    }

    private static ClusterFit FitNmf(PreparedCorpus corpus, int rank, int seed, CancellationToken cancellationToken)
    {
        var rule = FitNmfRule(corpus, rank, seed, cancellationToken);
        return new ClusterFit(rule, rule.Choose(corpus.Rows, cancellationToken));
    }

    private static ClusterFit FitKMeans(PreparedCorpus corpus, int clusterCount, int seed, CancellationToken cancellationToken)
    {
        var rows = NonEmptyRows(corpus.Rows).Select(i => ToVBuffer(corpus.Rows, i)).ToArray();
        var centroids = KMeansClusterer.FitCentroids(rows, corpus.TermCount, clusterCount, seed, cancellationToken);
        var rule = new KMeansRule(centroids);
        return new ClusterFit(rule, rule.Choose(corpus.Rows, cancellationToken));
    }

    private static ClusterFit FitNmfKMeans(PreparedCorpus corpus, int clusterCount, int seed, CancellationToken cancellationToken)
    {
        // The NMF rank equals the cluster count, so every cluster can follow one component or a mix.
        var nmf = FitNmfRule(corpus, clusterCount, seed, cancellationToken);
        var projection = new NmfKMeansRule(nmf, []).ProjectRows(corpus.Rows, cancellationToken);
        var rows = NonEmptyRows(projection).Select(i => ToVBuffer(projection, i)).ToArray();
        var centroids = KMeansClusterer.FitCentroids(rows, clusterCount, clusterCount, seed, cancellationToken);
        var rule = new NmfKMeansRule(nmf, centroids);
        return new ClusterFit(rule, KMeansClusterer.AssignNearest(projection, centroids, cancellationToken));
    }

    /// <summary>
    /// Fits ML.NET's LightLDA on unigram counts and puts each paper into its most probable topic.
    /// New papers go to the nearest TF-IDF centroid of these clusters, which is not always the
    /// topic LDA would infer.
    /// </summary>
    private static ClusterFit FitLda(PreparedCorpus corpus, int topicCount, int seed, CancellationToken cancellationToken)
    {
        var mlContext = new MLContext(seed);
        var terms = corpus.Matrix.Terms;
        var unigramIndices = Enumerable.Range(0, terms.Length).Where(i => !terms[i].Contains(' ', StringComparison.Ordinal)).ToArray();
        var slotOfTerm = new Dictionary<int, int>(unigramIndices.Length);
        for (var s = 0; s < unigramIndices.Length; s++)
        {
            slotOfTerm[unigramIndices[s]] = s;
        }

        var termIndex = TfIdfMatrix.IndexTerms(terms);
        var rows = corpus.Tokenized.Select(paper => CountRow(paper, termIndex, slotOfTerm)).ToArray();
        var schema = SchemaDefinition.Create(typeof(CountRowInput));
        schema[nameof(CountRowInput.Counts)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, unigramIndices.Length);
        var data = mlContext.Data.LoadFromEnumerable(rows.Select(r => new CountRowInput { Counts = r }), schema);

        // One thread so the sampler repeats exactly; beta is LightLDA's default.
        var estimator = mlContext.Transforms.Text.LatentDirichletAllocation(
            outputColumnName: "Topics",
            inputColumnName: nameof(CountRowInput.Counts),
            numberOfTopics: topicCount,
            alphaSum: (float)(LdaAlphaPerTopic * topicCount),
            beta: 0.01f,
            maximumNumberOfIterations: LdaIterations,
            numberOfThreads: 1,
            resetRandomGenerator: true);
        cancellationToken.ThrowIfCancellationRequested();
        var transformer = estimator.Fit(data);

        // GetColumn reuses one buffer for every row, so each row is copied while it is current.
        var topicsOfPapers = transformer.Transform(data).GetColumn<VBuffer<float>>("Topics").Select(v => v.DenseValues().ToArray()).ToArray();

        var clusters = new int[corpus.PaperCount];
        for (var p = 0; p < clusters.Length; p++)
        {
            var values = topicsOfPapers[p];
            var best = -1;
            var bestValue = 0f;
            for (var t = 0; t < values.Length; t++)
            {
                if (values[t] > bestValue)
                {
                    bestValue = values[t];
                    best = t;
                }
            }

            clusters[p] = corpus.Rows.RowStarts[p] == corpus.Rows.RowStarts[p + 1] ? -1 : best;
        }

        var centroids = ClusterCentroids(corpus.Rows, clusters, topicCount);
        return new ClusterFit(new KMeansRule(centroids), clusters);
    }

    /// <summary>Returns each cluster's mean row (the k-means centroid of its papers).</summary>
    public static double[][] ClusterCentroids(CsrMatrix rows, int[] clusterOfRow, int clusterCount)
    {
        var centroids = new double[clusterCount][];
        var sizes = new int[clusterCount];
        for (var c = 0; c < clusterCount; c++)
        {
            centroids[c] = new double[rows.ColumnCount];
        }

        for (var i = 0; i < rows.RowCount; i++)
        {
            var cluster = clusterOfRow[i];
            if (cluster < 0)
            {
                continue;
            }

            sizes[cluster]++;
            for (var e = rows.RowStarts[i]; e < rows.RowStarts[i + 1]; e++)
            {
                centroids[cluster][rows.Columns[e]] += rows.Values[e];
            }
        }

        for (var c = 0; c < clusterCount; c++)
        {
            if (sizes[c] == 0)
            {
                continue;
            }

            for (var j = 0; j < rows.ColumnCount; j++)
            {
                centroids[c][j] /= sizes[c];
            }
        }

        return centroids;
    }

    private static IEnumerable<int> NonEmptyRows(CsrMatrix rows) =>
        Enumerable.Range(0, rows.RowCount).Where(i => rows.RowStarts[i] < rows.RowStarts[i + 1]);

    private static VBuffer<float> ToVBuffer(CsrMatrix rows, int row)
    {
        var start = rows.RowStarts[row];
        var count = rows.RowStarts[row + 1] - start;
        var indices = rows.Columns.AsSpan(start, count).ToArray();
        var values = new float[count];
        for (var e = 0; e < count; e++)
        {
            values[e] = (float)rows.Values[start + e];
        }

        return new VBuffer<float>(rows.ColumnCount, count, values, indices);
    }

    private static VBuffer<float> CountRow(TokenizedPaper paper, IReadOnlyDictionary<string, int> termIndex, IReadOnlyDictionary<int, int> slotOfTerm)
    {
        var counts = new SortedDictionary<int, float>();
        foreach (var word in paper.Words)
        {
            if (termIndex.TryGetValue(word, out var term) && slotOfTerm.TryGetValue(term, out var slot))
            {
                counts[slot] = counts.GetValueOrDefault(slot) + 1;
            }
        }

        return new VBuffer<float>(slotOfTerm.Count, counts.Count, counts.Values.ToArray(), counts.Keys.ToArray());
    }

    /// <summary>A row of the LDA input: one paper's unigram counts.</summary>
    private sealed class CountRowInput
    {
        public VBuffer<float> Counts { get; set; }
    }
}
