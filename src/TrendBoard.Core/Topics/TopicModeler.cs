using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;

namespace TrendBoard.Core.Topics;

/// <summary>
/// Clusters papers into topics with ML.NET k-means over L2-normalised TF-IDF vectors of the
/// unigrams and bigrams of title and abstract. Topics are labelled with class-based TF-IDF,
/// and every paper gets keywords from the same vocabulary.
/// </summary>
/// <remarks>
/// The same papers in the same order with the same options give the same topics, assignments,
/// terms and keywords bit for bit, because ML.NET runs with the options' seed on one thread
/// and every tie is broken by term or paper order.
/// </remarks>
public sealed partial class TopicModeler(ILogger<TopicModeler> logger)
{
    /// <summary>Maximum vocabulary size. Above it, the terms found in the most papers are kept.</summary>
    public const int MaxVocabularySize = 30_000;

    /// <summary>Topic words per topic that <see cref="TopicMetrics.Diversity"/> counts.</summary>
    public const int DiversityWordCount = 25;

    /// <summary>Topic words per topic that <see cref="TopicMetrics.NpmiCoherence"/> pairs.</summary>
    public const int CoherenceWordCount = 10;

    private const int MaxKMeansIterations = 100;

    private const double KeywordMinDocumentShare = 0.001;

    private readonly ILogger<TopicModeler> _logger = logger;

    /// <summary>
    /// Fits a topic model to <paramref name="papers"/> and returns topics, one assignment per
    /// paper, keywords per paper and quality metrics.
    /// </summary>
    /// <param name="papers">Papers with distinct ids. Title and abstract are read as one text.</param>
    /// <param name="options">Topic count, seed, output sizes and outlier rule.</param>
    /// <param name="progress">Receives the stage and the share of the run done, or null.</param>
    /// <param name="cancellationToken">Checked between stages and inside the loops over papers.</param>
    /// <returns>
    /// Topics ordered by size (topic 0 is the largest) with ids 0..n-1, where n can be smaller
    /// than <see cref="TopicModelOptions.TopicCount"/> when k-means leaves a cluster empty. The
    /// metrics are <c>topic_diversity</c>, <c>npmi_coherence</c>, <c>outlier_share</c>,
    /// <c>seconds</c>, <c>paper_count</c>, <c>topic_count</c> and <c>vocabulary_size</c>.
    /// </returns>
    /// <exception cref="ArgumentException">
    /// The papers are empty, contain a duplicate id, have fewer papers with text than topics, or
    /// an option is out of range.
    /// </exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public TopicModelResult Fit(
        IReadOnlyList<PaperText> papers,
        TopicModelOptions options,
        IProgress<TopicModelProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(papers);
        ArgumentNullException.ThrowIfNull(options);
        ValidateOptions(options);
        ValidatePapers(papers);

        var stopwatch = Stopwatch.StartNew();
        LogFitStarted(papers.Count, options.TopicCount, options.Seed);

        Report(progress, "tokenize", 0.0);
        var tokenized = Tokenize(papers, cancellationToken);

        Report(progress, "vectorize", 0.15);
        var matrix = TfIdfMatrix.Build(tokenized, MaxVocabularySize, cancellationToken);
        var papersWithTerms = Enumerable.Range(0, papers.Count).Where(p => matrix.Rows[p].Indices.Length > 0).ToArray();
        if (papersWithTerms.Length < options.TopicCount)
        {
            throw new ArgumentException(
                $"Only {papersWithTerms.Length} of {papers.Count} papers contain terms of the vocabulary, fewer than the {options.TopicCount} topics requested. Lower TopicCount or add papers.",
                nameof(papers));
        }

        Report(progress, "cluster", 0.3);
        cancellationToken.ThrowIfCancellationRequested();
        var clustering = ClusterWithKMeans(matrix, papersWithTerms, options, cancellationToken);

        Report(progress, "outliers", 0.7);
        cancellationToken.ThrowIfCancellationRequested();
        var assignment = AssignTopics(papers.Count, papersWithTerms, clustering, options);

        Report(progress, "label", 0.75);
        cancellationToken.ThrowIfCancellationRequested();
        var topicTerms = TopicTermSelection.ScoreTopicTerms(matrix, assignment.TopicOfPaper, assignment.TopicCount, options.TermsPerTopic);
        var topics = new TopicInfo[assignment.TopicCount];
        for (var t = 0; t < topics.Length; t++)
        {
            topics[t] = new TopicInfo(t, TopicTermSelection.BuildLabel(topicTerms[t]), assignment.TopicSizes[t], topicTerms[t]);
        }

        var assignments = new TopicAssignment[papers.Count];
        for (var p = 0; p < papers.Count; p++)
        {
            assignments[p] = new TopicAssignment(papers[p].PaperId, assignment.TopicOfPaper[p], assignment.Similarity[p]);
        }

        Report(progress, "keywords", 0.85);
        var keywords = SelectKeywords(papers, matrix, options.KeywordsPerPaper, cancellationToken);

        Report(progress, "metrics", 0.9);
        cancellationToken.ThrowIfCancellationRequested();
        var metrics = ComputeMetrics(topics, tokenized, assignment, matrix);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        metrics["seconds"] = seconds;
        Report(progress, "done", 1.0);
        LogFitFinished(papers.Count, topics.Length, metrics["outlier_share"], seconds);

        return new TopicModelResult(options, topics, assignments, keywords, metrics, DescribeAlgorithm());
    }

    /// <summary>
    /// Builds and runs the ML.NET pipeline that clusters the papers that have terms.
    /// </summary>
    /// <remarks>
    /// NOTE: two alternatives scored no better on the bundled Daily Papers corpus (20 topics,
    /// seeds 42, 7 and 1234, document NPMI of the topic words). k-means++ initialisation gave a
    /// mean of 0.247 against 0.254 for k-means||. A rank-100 PCA projection (LSA)
    /// before k-means gave 0.244 and made a fit take about 100 s instead of about 10 s on a
    /// shared 2-core machine.
    /// </remarks>
    private static KMeansClustering ClusterWithKMeans(
        TfIdfMatrix matrix,
        int[] paperIndices,
        TopicModelOptions options,
        CancellationToken cancellationToken)
    {
        // One context per run, seeded, so the k-means initialisation repeats exactly.
        var mlContext = new MLContext(options.Seed);

        // The TF-IDF rows enter as sparse vectors whose length is the vocabulary size, which is
        // only known at run time, so the schema is set here and not by an attribute.
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.TfIdf)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, matrix.Terms.Length);
        var rows = paperIndices.Select(p => new FeatureRow
        {
            TfIdf = new VBuffer<float>(matrix.Terms.Length, matrix.Rows[p].Indices.Length, matrix.Rows[p].Values, matrix.Rows[p].Indices),
        });
        var data = mlContext.Data.LoadFromEnumerable(WithCancellation(rows, cancellationToken), schema);

        var pipeline = mlContext.Transforms
            // Unit length, so Euclidean k-means groups papers by cosine similarity of their terms.
            .NormalizeLpNorm(outputColumnName: "Features", inputColumnName: nameof(FeatureRow.TfIdf), norm: LpNormNormalizingEstimatorBase.NormFunction.L2)
            // k-means|| initialisation (the ML.NET default) and Yinyang-accelerated iterations.
            // One thread, because ML.NET 6.0 documents NumberOfThreads as "lock-free parallelism"
            // with "determinism not guaranteed".
            .Append(mlContext.Clustering.Trainers.KMeans(new KMeansTrainer.Options
            {
                FeatureColumnName = "Features",
                NumberOfClusters = options.TopicCount,
                NumberOfThreads = 1,
                MaximumNumberOfIterations = MaxKMeansIterations,
                InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansYinyang,
            }));

        TransformerChain<ClusteringPredictionTransformer<KMeansModelParameters>> model;
        int[] clusterOfRow;
        try
        {
            model = pipeline.Fit(data);
            var predictions = model.Transform(data);
            clusterOfRow = predictions.GetColumn<uint>("PredictedLabel").Select(label => (int)label - 1).ToArray();
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested && exception is not OperationCanceledException)
        {
            // ML.NET reads the rows on worker threads and wraps the cancellation from
            // WithCancellation in an InvalidOperationException.
            throw new OperationCanceledException("The topic model fit was cancelled during k-means clustering.", exception, cancellationToken);
        }

        VBuffer<float>[] centroids = [];
        model.LastTransformer.Model.GetClusterCentroids(ref centroids, out var clusterCount);
        var denseCentroids = centroids.Take(clusterCount).Select(c => c.DenseValues().ToArray()).ToArray();

        return new KMeansClustering(clusterOfRow, denseCentroids, paperIndices.Select(p => matrix.Rows[p]).ToArray());
    }

    /// <summary>
    /// Turns k-means clusters into topics: marks outliers, drops empty clusters and numbers the
    /// topics by size, largest first.
    /// </summary>
    private static TopicAssignmentTable AssignTopics(
        int paperCount,
        int[] paperIndices,
        KMeansClustering clustering,
        TopicModelOptions options)
    {
        var centroidNorms = clustering.Centroids.Select(c => Math.Sqrt(c.Sum(v => (double)v * v))).ToArray();
        var similarity = new double[paperCount];
        var clusterOfPaper = Enumerable.Repeat(-1, paperCount).ToArray();
        for (var r = 0; r < paperIndices.Length; r++)
        {
            var cluster = clustering.ClusterOfRow[r];
            var row = clustering.Rows[r];
            var centroid = clustering.Centroids[cluster];
            var dot = 0.0;
            for (var i = 0; i < row.Indices.Length; i++)
            {
                dot += (double)row.Values[i] * centroid[row.Indices[i]];
            }

            var norms = row.Norm * centroidNorms[cluster];
            similarity[paperIndices[r]] = norms > 0 ? dot / norms : 0;
            clusterOfPaper[paperIndices[r]] = cluster;
        }

        // The least similar papers below the threshold become outliers, at most MaxOutlierShare of all papers.
        var maxOutliers = (int)Math.Floor(options.MaxOutlierShare * paperCount);
        var outliers = paperIndices
            .Where(p => similarity[p] < options.OutlierSimilarity)
            .OrderBy(p => similarity[p])
            .ThenBy(p => p)
            .Take(maxOutliers);
        foreach (var p in outliers)
        {
            clusterOfPaper[p] = -1;
        }

        var clusterSizes = new int[clustering.Centroids.Length];
        foreach (var cluster in clusterOfPaper.Where(c => c >= 0))
        {
            clusterSizes[cluster]++;
        }

        var clustersBySize = Enumerable.Range(0, clusterSizes.Length)
            .Where(c => clusterSizes[c] > 0)
            .OrderByDescending(c => clusterSizes[c])
            .ThenBy(c => c)
            .ToArray();
        var topicOfCluster = Enumerable.Repeat(-1, clusterSizes.Length).ToArray();
        for (var t = 0; t < clustersBySize.Length; t++)
        {
            topicOfCluster[clustersBySize[t]] = t;
        }

        var topicOfPaper = clusterOfPaper.Select(c => c < 0 ? -1 : topicOfCluster[c]).ToArray();
        var topicSizes = clustersBySize.Select(c => clusterSizes[c]).ToArray();
        return new TopicAssignmentTable(topicOfPaper, similarity, topicSizes);
    }

    /// <summary>
    /// Picks each paper's keywords: its vocabulary terms with the highest TF-IDF weight, without
    /// variants of a term already picked. A paper without a recurring term gets no keywords.
    /// </summary>
    private static PaperKeyword[] SelectKeywords(
        IReadOnlyList<PaperText> papers,
        TfIdfMatrix matrix,
        int keywordsPerPaper,
        CancellationToken cancellationToken)
    {
        if (keywordsPerPaper == 0)
        {
            return [];
        }

        // A keyword feeds co-occurrence counts, so a term must recur: at least 0.1% of the
        // papers (and 2) contain it.
        var minFrequency = Math.Max(2, (int)Math.Ceiling(KeywordMinDocumentShare * papers.Count));
        var keywords = new List<PaperKeyword>(papers.Count * keywordsPerPaper);
        for (var p = 0; p < papers.Count; p++)
        {
            if (p % 256 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var row = matrix.Rows[p];
            if (row.Indices.Length == 0)
            {
                continue;
            }

            // Ties go to the term that sorts first, so the choice never depends on input order.
            var ranked = Enumerable.Range(0, row.Indices.Length)
                .Where(i => matrix.DocumentFrequencies[row.Indices[i]] >= minFrequency)
                .OrderByDescending(i => row.Values[i])
                .ThenBy(i => row.Indices[i])
                .Take(keywordsPerPaper * 3)
                .ToArray();
            var weightOfTerm = ranked.ToDictionary(i => matrix.Terms[row.Indices[i]], i => row.Values[i] / row.Norm, StringComparer.Ordinal);
            var picked = TopicTermSelection.SelectDistinct(ranked.Select(i => matrix.Terms[row.Indices[i]]), keywordsPerPaper);
            foreach (var term in picked)
            {
                keywords.Add(new PaperKeyword(papers[p].PaperId, term, weightOfTerm[term]));
            }
        }

        return [.. keywords];
    }

    /// <summary>
    /// Computes the quality metrics of a run: topic diversity over each topic's first 25 words,
    /// document NPMI over its first 10 words, and the outlier share.
    /// </summary>
    /// <remarks>
    /// Bigram terms count as their two words, the way coherence tools such as gensim score
    /// phrases. NPMI reads every paper's tokens, outliers included.
    /// </remarks>
    private static Dictionary<string, double> ComputeMetrics(
        TopicInfo[] topics,
        TokenizedPaper[] tokenized,
        TopicAssignmentTable assignment,
        TfIdfMatrix matrix)
    {
        var topicWords = topics.Select(t => (IReadOnlyList<string>)SplitIntoWords(t.Terms)).ToArray();
        var documents = tokenized.Select(t => (IEnumerable<string>)t.Words).ToArray();
        var paperCount = assignment.TopicOfPaper.Length;
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["topic_diversity"] = TopicMetrics.Diversity(topicWords, DiversityWordCount),
            ["npmi_coherence"] = TopicMetrics.NpmiCoherence(topicWords, documents, CoherenceWordCount),
            ["outlier_share"] = (double)assignment.TopicOfPaper.Count(t => t < 0) / paperCount,
            ["paper_count"] = paperCount,
            ["topic_count"] = topics.Length,
            ["vocabulary_size"] = matrix.Terms.Length,
        };
    }

    /// <summary>Splits topic terms into words (a bigram gives two) and keeps each word's first occurrence.</summary>
    internal static string[] SplitIntoWords(IEnumerable<TopicTerm> terms) =>
        terms.SelectMany(t => t.Term.Split(' ')).Distinct(StringComparer.Ordinal).ToArray();

    private static IEnumerable<T> WithCancellation<T>(IEnumerable<T> source, CancellationToken cancellationToken)
    {
        foreach (var item in source)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }

    private static TokenizedPaper[] Tokenize(IReadOnlyList<PaperText> papers, CancellationToken cancellationToken)
    {
        var tokenized = new TokenizedPaper[papers.Count];
        for (var p = 0; p < papers.Count; p++)
        {
            if (p % 256 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            tokenized[p] = TopicTokenizer.Tokenize(papers[p].Title, papers[p].Abstract);
        }

        return TopicTokenizer.UnifyHyphenSpellings(tokenized);
    }

    private static void ValidateOptions(TopicModelOptions options)
    {
        if (options.TopicCount < 1)
        {
            throw new ArgumentException($"TopicCount must be at least 1, but was {options.TopicCount}.", nameof(options));
        }

        if (options.TermsPerTopic < 1)
        {
            throw new ArgumentException($"TermsPerTopic must be at least 1, but was {options.TermsPerTopic}.", nameof(options));
        }

        if (options.KeywordsPerPaper < 0)
        {
            throw new ArgumentException($"KeywordsPerPaper must be 0 or more, but was {options.KeywordsPerPaper}.", nameof(options));
        }

        if (!(options.OutlierSimilarity >= 0 && options.OutlierSimilarity <= 1))
        {
            throw new ArgumentException($"OutlierSimilarity must be between 0 and 1, but was {options.OutlierSimilarity}.", nameof(options));
        }

        if (!(options.MaxOutlierShare >= 0 && options.MaxOutlierShare <= 1))
        {
            throw new ArgumentException($"MaxOutlierShare must be between 0 and 1, but was {options.MaxOutlierShare}.", nameof(options));
        }
    }

    private static void ValidatePapers(IReadOnlyList<PaperText> papers)
    {
        if (papers.Count == 0)
        {
            throw new ArgumentException("The paper list is empty; a topic model needs at least as many papers as topics.", nameof(papers));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var p = 0; p < papers.Count; p++)
        {
            var paper = papers[p] ?? throw new ArgumentException($"The paper at position {p} is null.", nameof(papers));
            if (string.IsNullOrEmpty(paper.PaperId))
            {
                throw new ArgumentException($"The paper at position {p} has an empty id; give every paper its arXiv or source id.", nameof(papers));
            }

            if (!ids.Add(paper.PaperId))
            {
                throw new ArgumentException($"Paper id '{paper.PaperId}' appears more than once (again at position {p}); remove duplicates before fitting.", nameof(papers));
            }
        }
    }

    private static void Report(IProgress<TopicModelProgress>? progress, string stage, double fraction) =>
        progress?.Report(new TopicModelProgress(stage, fraction));

    private static string DescribeAlgorithm()
    {
        var version = typeof(MLContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return $"tfidf-unigram-bigram+kmeans (ML.NET {(plus < 0 ? version : version[..plus])})";
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Topic model fit started: {PaperCount} papers, {TopicCount} topics, seed {Seed}")]
    private partial void LogFitStarted(int paperCount, int topicCount, int seed);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Topic model fit finished: {PaperCount} papers, {TopicCount} topics, outlier share {OutlierShare:F3}, {Seconds:F1} s")]
    private partial void LogFitFinished(int paperCount, int topicCount, double outlierShare, double seconds);

    /// <summary>A row of the ML.NET input: one paper's TF-IDF vector.</summary>
    private sealed class FeatureRow
    {
        public VBuffer<float> TfIdf { get; set; }
    }

    private sealed record KMeansClustering(int[] ClusterOfRow, float[][] Centroids, SparseRow[] Rows);

    private sealed record TopicAssignmentTable(int[] TopicOfPaper, double[] Similarity, int[] TopicSizes)
    {
        public int TopicCount => TopicSizes.Length;
    }
}
