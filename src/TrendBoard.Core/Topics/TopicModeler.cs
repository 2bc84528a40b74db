using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.ML;

namespace TrendBoard.Core.Topics;

/// <summary>
/// Groups papers into topics from the unigrams and bigrams of title and abstract, weighted by
/// TF-IDF. The default algorithm is non-negative matrix factorisation; k-means, k-means over NMF
/// weights and LDA can be chosen with <see cref="TopicModelOptions.Algorithm"/>. Topics are
/// labelled from their terms, and every paper gets keywords from the same vocabulary.
/// </summary>
/// <remarks>
/// The same papers in the same order with the same options give the same topics, assignments,
/// terms and keywords bit for bit. Every random choice uses the options' seed and ML.NET runs on
/// one thread. The parallel steps compute each paper or term row on its own in a fixed order,
/// and every tie is broken by term or paper order.
/// </remarks>
public sealed partial class TopicModeler(ILogger<TopicModeler> logger)
{
    /// <summary>Maximum vocabulary size. Above it, the terms found in the most papers are kept.</summary>
    public const int MaxVocabularySize = 30_000;

    /// <summary>Topic words per topic that <see cref="TopicMetrics.Diversity"/> counts.</summary>
    public const int DiversityWordCount = 25;

    /// <summary>Topic words per topic that the NPMI coherence metrics pair.</summary>
    public const int CoherenceWordCount = 10;

    /// <summary>Tokens per sliding window of the <c>npmi_window</c> metric, gensim's default for c_npmi.</summary>
    public const int CoherenceWindowSize = 10;

    /// <summary>How much the second seed of a stability check differs from the first.</summary>
    private const int StabilitySeedOffset = 1_000_003;

    private readonly ILogger<TopicModeler> _logger = logger;

    /// <summary>
    /// Fits a topic model to <paramref name="papers"/> and returns topics, one assignment per
    /// paper, keywords per paper and quality metrics.
    /// </summary>
    /// <inheritdoc cref="Fit(IReadOnlyList{PaperText}, TopicModelOptions, IReadOnlyDictionary{string, string}?, IProgress{TopicModelProgress}?, CancellationToken)"/>
    public TopicModelResult Fit(
        IReadOnlyList<PaperText> papers,
        TopicModelOptions options,
        IProgress<TopicModelProgress>? progress,
        CancellationToken cancellationToken) =>
        Fit(papers, options, labels: null, progress, cancellationToken);

    /// <summary>
    /// Fits a topic model to <paramref name="papers"/> and returns topics, one assignment per
    /// paper, keywords per paper, quality metrics and the model for assigning new papers.
    /// </summary>
    /// <param name="papers">Papers with distinct ids. Title and abstract are read as one text.</param>
    /// <param name="options">Algorithm, topic count, seed, output sizes and outlier rule.</param>
    /// <param name="labels">
    /// Reference labels by paper id (for example the arXiv primary category), or null. When given,
    /// the metrics include agreement with them.
    /// </param>
    /// <param name="progress">Receives the stage and the share of the run done, or null.</param>
    /// <param name="cancellationToken">Checked between stages and inside the loops over papers.</param>
    /// <returns>
    /// Topics ordered by size (topic 0 is the largest) with ids 0..n-1, where n can be smaller
    /// than the topic count when a cluster ends up empty. The result's options hold the topic
    /// count used. The metrics are <c>topic_diversity</c>, <c>npmi_coherence</c> (document
    /// co-occurrence), <c>npmi_window</c> (gensim's c_npmi: windows of 10 tokens of
    /// <see cref="CoherenceTokenizer"/>), <c>outlier_share</c>, <c>seconds</c>,
    /// <c>paper_count</c>, <c>topic_count</c> and <c>vocabulary_size</c>; with labels also
    /// <c>nmi_labels</c>, <c>ari_labels</c> and <c>labelled_papers</c> over the assigned papers
    /// that have a label; with <see cref="TopicModelOptions.ComputeStability"/> also
    /// <c>stability_ari</c>.
    /// </returns>
    /// <exception cref="ArgumentException">
    /// The papers are empty, contain a duplicate id, have fewer papers with text than topics, or
    /// an option is out of range.
    /// </exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public TopicModelResult Fit(
        IReadOnlyList<PaperText> papers,
        TopicModelOptions options,
        IReadOnlyDictionary<string, string>? labels,
        IProgress<TopicModelProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(papers);
        ArgumentNullException.ThrowIfNull(options);
        ValidateOptions(options);
        ValidatePapers(papers);

        var stopwatch = Stopwatch.StartNew();
        LogFitStarted(papers.Count, options.AutoTopicCount ? $"{options.MinTopicCount}-{options.MaxTopicCount}" : options.TopicCount.ToString(System.Globalization.CultureInfo.InvariantCulture), options.Seed, options.Algorithm);

        Report(progress, "tokenize", 0.0);
        var tokenized = Tokenize(papers, cancellationToken);

        Report(progress, "vectorize", 0.1);
        var corpus = Prepare(papers, tokenized, cancellationToken);
        var papersWithTerms = CountPapersWithTerms(corpus);
        var minimumTopics = options.AutoTopicCount ? options.MinTopicCount : options.TopicCount;
        if (papersWithTerms < minimumTopics)
        {
            throw new ArgumentException(
                $"Only {papersWithTerms} of {papers.Count} papers contain terms of the vocabulary, fewer than the {minimumTopics} topics requested. Ask for fewer topics (the topic count, or the minimum of an automatic count) or import more papers.",
                nameof(papers));
        }

        var topicCount = options.TopicCount;
        TopicCountChoice? topicCountChoice = null;
        if (options.AutoTopicCount)
        {
            Report(progress, "choose topic count", 0.15);
            var selectionProgress = progress is null ? null : new InlineProgress<double>(f => Report(progress, "choose topic count", 0.15 + (0.15 * f)));
            var choice = TopicCountSelector.Choose(papers, tokenized, options, Math.Max(options.MinTopicCount, Math.Min(options.MaxTopicCount, papersWithTerms / 2)), selectionProgress, cancellationToken);
            topicCount = choice.TopicCount;
            topicCountChoice = choice;
            LogTopicCountChosen(topicCount, options.MinTopicCount, options.MaxTopicCount, choice.Score);
        }

        Report(progress, "cluster", 0.3);
        cancellationToken.ThrowIfCancellationRequested();
        var fit = TopicFitter.Fit(corpus, topicCount, options.Algorithm, options.Seed, cancellationToken);

        Report(progress, "outliers", 0.7);
        cancellationToken.ThrowIfCancellationRequested();
        var (table, model) = AssignTopics(corpus, fit, options);

        Report(progress, "label", 0.75);
        cancellationToken.ThrowIfCancellationRequested();
        var topics = DescribeTopics(corpus, table, options);
        var assignments = new TopicAssignment[papers.Count];
        for (var p = 0; p < papers.Count; p++)
        {
            assignments[p] = new TopicAssignment(papers[p].PaperId, table.TopicOfPaper[p], table.Similarity[p]);
        }

        Report(progress, "keywords", 0.8);
        var keywords = SelectKeywords(papers, corpus.Matrix, options.KeywordsPerPaper, cancellationToken);

        Report(progress, "metrics", 0.85);
        cancellationToken.ThrowIfCancellationRequested();
        var metrics = ComputeMetrics(papers, topics, corpus, table, cancellationToken);
        if (labels is not null)
        {
            AddLabelMetrics(metrics, assignments, labels);
        }

        if (topicCountChoice is not null)
        {
            foreach (var (count, score) in topicCountChoice.ScoreByCount)
            {
                metrics[$"topic_count_score_{count}"] = score;
            }
        }

        if (options.ComputeStability)
        {
            Report(progress, "stability", 0.9);
            var second = TopicFitter.Fit(corpus, topicCount, options.Algorithm, unchecked(options.Seed + StabilitySeedOffset), cancellationToken);
            metrics["stability_ari"] = TopicMetrics.AdjustedRandIndex(fit.ClusterOfPaper, second.ClusterOfPaper);
        }

        var seconds = stopwatch.Elapsed.TotalSeconds;
        metrics["seconds"] = seconds;
        Report(progress, "done", 1.0);
        LogFitFinished(papers.Count, topics.Length, metrics["outlier_share"], seconds);

        var usedOptions = options with { TopicCount = topicCount };
        return new TopicModelResult(usedOptions, topics, assignments, keywords, metrics, DescribeAlgorithm(options.Algorithm))
        {
            Model = model,
        };
    }

    /// <summary>Tokenises every paper, unifies hyphen spellings and builds the TF-IDF matrix.</summary>
    internal static PreparedCorpus Prepare(IReadOnlyList<PaperText> papers, TokenizedPaper[] rawTokens, CancellationToken cancellationToken)
    {
        var spellings = TopicTokenizer.FindPreferredSpellings(rawTokens);
        var tokenized = TopicTokenizer.ApplySpellings(rawTokens, spellings);
        var matrix = TfIdfMatrix.Build(tokenized, MaxVocabularySize, includeBigrams: true, cancellationToken);
        return new PreparedCorpus(papers, tokenized, spellings, matrix);
    }

    /// <summary>Fits clusters on a prepared corpus and describes them as topics, without keywords or metrics.</summary>
    internal static TopicInfo[] FitTopics(PreparedCorpus corpus, TopicModelOptions options, CancellationToken cancellationToken)
    {
        var fit = TopicFitter.Fit(corpus, options.TopicCount, options.Algorithm, options.Seed, cancellationToken);
        var (table, _) = AssignTopics(corpus, fit, options);
        return DescribeTopics(corpus, table, options);
    }

    /// <summary>
    /// Turns clusters into topics: scores each paper's similarity to its cluster centroid, marks
    /// outliers, drops empty clusters and numbers the topics by size, largest first.
    /// </summary>
    private static (TopicAssignmentTable Table, TopicModel Model) AssignTopics(PreparedCorpus corpus, ClusterFit fit, TopicModelOptions options)
    {
        var clusterCount = fit.Rule.ClusterCount;
        var clusterOfPaper = fit.ClusterOfPaper;
        var centroids = TopicFitter.ClusterCentroids(corpus.Rows, clusterOfPaper, clusterCount);
        var similarity = TopicModel.Similarities(corpus.Rows, clusterOfPaper, centroids);
        var cutoff = OutlierCutoff(similarity, clusterOfPaper, options);

        var clusterSizes = new int[clusterCount];
        for (var p = 0; p < clusterOfPaper.Length; p++)
        {
            if (clusterOfPaper[p] >= 0 && similarity[p] >= cutoff)
            {
                clusterSizes[clusterOfPaper[p]]++;
            }
        }

        var clustersBySize = Enumerable.Range(0, clusterCount)
            .Where(c => clusterSizes[c] > 0)
            .OrderByDescending(c => clusterSizes[c])
            .ThenBy(c => c)
            .ToArray();
        var topicOfCluster = Enumerable.Repeat(-1, clusterCount).ToArray();
        for (var t = 0; t < clustersBySize.Length; t++)
        {
            topicOfCluster[clustersBySize[t]] = t;
        }

        var topicOfPaper = new int[clusterOfPaper.Length];
        for (var p = 0; p < topicOfPaper.Length; p++)
        {
            var cluster = clusterOfPaper[p];
            topicOfPaper[p] = cluster < 0 || similarity[p] < cutoff ? -1 : topicOfCluster[cluster];
        }

        var model = new TopicModel(
            options.Algorithm,
            corpus.Matrix.Terms,
            corpus.Matrix.Idf,
            corpus.Spellings,
            fit.Rule,
            centroids,
            topicOfCluster,
            cutoff);
        var table = new TopicAssignmentTable(topicOfPaper, similarity, clustersBySize.Select(c => clusterSizes[c]).ToArray(), clustersBySize);
        return (table, model);
    }

    /// <summary>
    /// Returns the similarity below which a paper is an outlier: <see cref="TopicModelOptions.OutlierSimilarity"/>,
    /// lowered so that at most <see cref="TopicModelOptions.MaxOutlierShare"/> of all papers fall below it.
    /// </summary>
    private static double OutlierCutoff(double[] similarity, int[] clusterOfPaper, TopicModelOptions options)
    {
        var maxOutliers = (int)Math.Floor(options.MaxOutlierShare * clusterOfPaper.Length);
        var sorted = Enumerable.Range(0, similarity.Length)
            .Where(p => clusterOfPaper[p] >= 0)
            .Select(p => similarity[p])
            .Order()
            .ToArray();
        if (maxOutliers >= sorted.Length)
        {
            return options.OutlierSimilarity;
        }

        // Fewer than maxOutliers + 1 papers lie strictly below the (maxOutliers + 1)-th smallest value.
        return Math.Min(options.OutlierSimilarity, sorted[maxOutliers]);
    }

    /// <summary>
    /// Builds each topic's ranked terms and label. The terms are single words as the papers
    /// write them; the label may join words into a bigram ("gaussian splatting").
    /// </summary>
    private static TopicInfo[] DescribeTopics(PreparedCorpus corpus, TopicAssignmentTable table, TopicModelOptions options)
    {
        var coreTopicOfPaper = CoreTopicOfPaper(table);
        var topicTerms = TopicTermSelection.ScoreWrittenTerms(corpus.Tokenized, coreTopicOfPaper, table.TopicCount, options.TermsPerTopic);
        var labelTerms = TopicTermSelection.ScoreTopicTerms(corpus.Matrix, coreTopicOfPaper, table.TopicCount, TopicTermSelection.LabelLookAhead);
        var labelCandidates = labelTerms.SelectMany(terms => terms.Select(t => t.Term)).ToHashSet(StringComparer.Ordinal);
        var writtenForms = TopicTermSelection.FindWrittenForms(corpus.Tokenized, labelCandidates);
        var topics = new TopicInfo[table.TopicCount];
        for (var t = 0; t < topics.Length; t++)
        {
            topics[t] = new TopicInfo(t, TopicTermSelection.BuildLabel(labelTerms[t], writtenForms), table.TopicSizes[t], topicTerms[t]);
        }

        return topics;
    }

    private static PaperKeyword[] SelectPaperKeywords(string paperId, TfIdfMatrix matrix, SparseRow row, int minFrequency, int keywordsPerPaper)
    {
        if (row.Indices.Length == 0)
        {
            return [];
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
        return picked.Select(term => new PaperKeyword(paperId, term, weightOfTerm[term])).ToArray();
    }

    /// <summary>
    /// Returns each paper's topic when the paper belongs to its topic's core, else -1. The core
    /// is the half of a topic's papers most similar to its centroid (at least the median
    /// similarity), so the terms describe what the topic's typical papers share rather than
    /// what its fringe papers bring from neighbouring topics.
    /// </summary>
    private static int[] CoreTopicOfPaper(TopicAssignmentTable table)
    {
        var medians = new double[table.TopicCount];
        for (var t = 0; t < table.TopicCount; t++)
        {
            var similarities = Enumerable.Range(0, table.TopicOfPaper.Length)
                .Where(p => table.TopicOfPaper[p] == t)
                .Select(p => table.Similarity[p])
                .Order()
                .ToArray();
            medians[t] = similarities[similarities.Length / 2];
        }

        return table.TopicOfPaper
            .Select((topic, p) => topic >= 0 && table.Similarity[p] >= medians[topic] ? topic : -1)
            .ToArray();
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
        var minFrequency = Math.Max(2, (int)Math.Ceiling(0.001 * papers.Count));
        var keywordsOfPaper = new PaperKeyword[papers.Count][];
        CsrMatrix.ForEachRowBlock(papers.Count, cancellationToken, (start, end) =>
        {
            for (var p = start; p < end; p++)
            {
                keywordsOfPaper[p] = SelectPaperKeywords(papers[p].PaperId, matrix, matrix.Rows[p], minFrequency, keywordsPerPaper);
            }
        });

        return [.. keywordsOfPaper.SelectMany(k => k)];
    }

    /// <summary>
    /// Computes the quality metrics of a run: topic diversity over each topic's first 25 words,
    /// NPMI over its first 10 words (by document and by sliding window), and the outlier share.
    /// </summary>
    /// <remarks>
    /// Both NPMI values read every paper, outliers included, tokenised by
    /// <see cref="CoherenceTokenizer"/>, and split each topic term into that tokenizer's words,
    /// the way gensim scores topic words.
    /// </remarks>
    private static Dictionary<string, double> ComputeMetrics(
        IReadOnlyList<PaperText> papers,
        TopicInfo[] topics,
        PreparedCorpus corpus,
        TopicAssignmentTable table,
        CancellationToken cancellationToken)
    {
        var documents = TokenizeForCoherence(papers, cancellationToken);
        var topicWords = topics.Select(t => (IReadOnlyList<string>)CoherenceWords(t.Terms)).ToArray();
        var paperCount = table.TopicOfPaper.Length;
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["topic_diversity"] = TopicMetrics.Diversity(topicWords, DiversityWordCount),
            ["npmi_coherence"] = TopicMetrics.NpmiCoherence(topicWords, documents, CoherenceWordCount),
            ["npmi_window"] = TopicMetrics.WindowedNpmi(topicWords, documents, CoherenceWordCount, CoherenceWindowSize),
            ["outlier_share"] = (double)table.TopicOfPaper.Count(t => t < 0) / paperCount,
            ["paper_count"] = paperCount,
            ["topic_count"] = topics.Length,
            ["vocabulary_size"] = corpus.Matrix.Terms.Length,
        };
    }

    /// <summary>Splits topic terms into <see cref="CoherenceTokenizer"/> words and keeps each word's first occurrence.</summary>
    internal static string[] CoherenceWords(IEnumerable<TopicTerm> terms) =>
        terms.SelectMany(t => CoherenceTokenizer.Tokenize(t.Term)).Distinct(StringComparer.Ordinal).ToArray();

    private static void AddLabelMetrics(Dictionary<string, double> metrics, TopicAssignment[] assignments, IReadOnlyDictionary<string, string> labels)
    {
        var scored = assignments.Where(a => a.TopicId >= 0 && labels.ContainsKey(a.PaperId)).ToArray();
        metrics["labelled_papers"] = scored.Length;
        if (scored.Length == 0)
        {
            return;
        }

        var topicIds = scored.Select(a => a.TopicId).ToArray();
        var reference = scored.Select(a => labels[a.PaperId]).ToArray();
        metrics["nmi_labels"] = TopicMetrics.NormalizedMutualInformation(reference, topicIds);
        metrics["ari_labels"] = TopicMetrics.AdjustedRandIndex(reference, topicIds);
    }

    /// <summary>Tokenises every paper in parallel blocks; equal tokens share one string.</summary>
    internal static TokenizedPaper[] Tokenize(IReadOnlyList<PaperText> papers, CancellationToken cancellationToken)
    {
        var tokenized = new TokenizedPaper[papers.Count];
        var cache = new TokenCache();
        CsrMatrix.ForEachRowBlock(papers.Count, cancellationToken, (start, end) =>
        {
            for (var p = start; p < end; p++)
            {
                tokenized[p] = TopicTokenizer.Tokenize(papers[p].Title, papers[p].Abstract, cache);
            }
        });

        return tokenized;
    }

    /// <summary>Tokenises every paper with <see cref="CoherenceTokenizer"/>, in parallel blocks, with shared strings.</summary>
    internal static IReadOnlyList<string>[] TokenizeForCoherence(IReadOnlyList<PaperText> papers, CancellationToken cancellationToken)
    {
        var documents = new string[papers.Count][];
        var cache = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        CsrMatrix.ForEachRowBlock(papers.Count, cancellationToken, (start, end) =>
        {
            for (var p = start; p < end; p++)
            {
                documents[p] = CoherenceTokenizer.Tokenize(CoherenceTokenizer.PaperText(papers[p].Title, papers[p].Abstract), cache);
            }
        });

        return documents;
    }

    private static int CountPapersWithTerms(PreparedCorpus corpus)
    {
        var count = 0;
        for (var p = 0; p < corpus.PaperCount; p++)
        {
            if (corpus.Rows.RowStarts[p] < corpus.Rows.RowStarts[p + 1])
            {
                count++;
            }
        }

        return count;
    }

    private static void ValidateOptions(TopicModelOptions options)
    {
        if (!options.AutoTopicCount && options.TopicCount < 1)
        {
            throw new ArgumentException($"TopicCount must be at least 1, but was {options.TopicCount}.", nameof(options));
        }

        if (options.AutoTopicCount && (options.MinTopicCount < 2 || options.MaxTopicCount < options.MinTopicCount))
        {
            throw new ArgumentException(
                $"With AutoTopicCount, MinTopicCount must be at least 2 and MaxTopicCount at least MinTopicCount, but they were {options.MinTopicCount} and {options.MaxTopicCount}.",
                nameof(options));
        }

        if (!Enum.IsDefined(options.Algorithm))
        {
            throw new ArgumentException($"Algorithm {(int)options.Algorithm} is not a TopicAlgorithm value; use Nmf, KMeans, NmfKMeans or Lda.", nameof(options));
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

    private static string DescribeAlgorithm(TopicAlgorithm algorithm)
    {
        var version = typeof(MLContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        var mlNet = $"ML.NET {(plus < 0 ? version : version[..plus])}";
        return algorithm switch
        {
            TopicAlgorithm.Nmf => "tfidf-unigram-bigram+nmf-cd-nndsvda",
            TopicAlgorithm.KMeans => $"tfidf-unigram-bigram+kmeans ({mlNet})",
            TopicAlgorithm.NmfKMeans => $"tfidf-unigram-bigram+nmf-cd-nndsvda+kmeans ({mlNet})",
            TopicAlgorithm.Lda => $"unigram-counts+lightlda ({mlNet})",
            _ => algorithm.ToString(),
        };
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Topic model fit started: {PaperCount} papers, {TopicCount} topics, seed {Seed}, algorithm {Algorithm}")]
    private partial void LogFitStarted(int paperCount, string topicCount, int seed, TopicAlgorithm algorithm);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Topic model fit finished: {PaperCount} papers, {TopicCount} topics, outlier share {OutlierShare:F3}, {Seconds:F1} s")]
    private partial void LogFitFinished(int paperCount, int topicCount, double outlierShare, double seconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Topic count chosen: {TopicCount} of {MinTopicCount} to {MaxTopicCount}, held-out score {Score:F4}")]
    private partial void LogTopicCountChosen(int topicCount, int minTopicCount, int maxTopicCount, double score);

    /// <summary>Reports progress synchronously, on the caller's thread.</summary>
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <summary>Each paper's topic (-1 for outliers) and similarity, and the size and cluster of each topic.</summary>
    private sealed record TopicAssignmentTable(int[] TopicOfPaper, double[] Similarity, int[] TopicSizes, int[] ClusterOfTopic)
    {
        public int TopicCount => TopicSizes.Length;
    }
}
