using System.Text;

namespace TrendBoard.Core.Topics;

/// <summary>
/// A fitted topic model that assigns new papers to the topics of the run that made it, without
/// refitting: the vocabulary, inverse document frequencies, spelling rules, the algorithm's
/// cluster rule, the topic centroids and the outlier cut-off.
/// </summary>
/// <remarks>
/// <see cref="Assign"/> runs the same tokenizer, TF-IDF weighing and cluster rule as the fit, and
/// a paper's result depends only on that paper. So assigning the training papers reproduces the
/// fit's assignments exactly for <see cref="TopicAlgorithm.Nmf"/>, <see cref="TopicAlgorithm.KMeans"/>
/// and <see cref="TopicAlgorithm.NmfKMeans"/>. For <see cref="TopicAlgorithm.Lda"/> a new paper
/// goes to the topic with the nearest TF-IDF centroid, which can differ from the topic LDA gave it.
/// </remarks>
public sealed class TopicModel
{
    private const string Magic = "TBTM";
    private const int FormatVersion = 1;

    private readonly string[] _terms;
    private readonly double[] _idf;
    private readonly Dictionary<string, int> _termIndex;
    private readonly IReadOnlyDictionary<string, string> _spellings;
    private readonly ClusterRule _rule;
    private readonly double[][] _centroids;
    private readonly int[] _topicOfCluster;

    internal TopicModel(
        TopicAlgorithm algorithm,
        string[] terms,
        double[] idf,
        IReadOnlyDictionary<string, string> spellings,
        ClusterRule rule,
        double[][] centroids,
        int[] topicOfCluster,
        double outlierCutoff)
    {
        Algorithm = algorithm;
        _terms = terms;
        _idf = idf;
        _termIndex = TfIdfMatrix.IndexTerms(terms);
        _spellings = spellings;
        _rule = rule;
        _centroids = centroids;
        _topicOfCluster = topicOfCluster;
        OutlierCutoff = outlierCutoff;
    }

    /// <summary>The algorithm that fitted the model.</summary>
    public TopicAlgorithm Algorithm { get; }

    /// <summary>
    /// Number of topics a paper can be assigned to: ids 0 to TopicCount - 1 for a fitted model,
    /// the stable ids after <see cref="WithTopicIds"/>.
    /// </summary>
    public int TopicCount => _topicOfCluster.Count(t => t >= 0);

    /// <summary>The topic ids that <see cref="Assign"/> can return, ascending, without the outlier id -1.</summary>
    public IReadOnlyList<int> TopicIds => _topicOfCluster.Where(t => t >= 0).Distinct().Order().ToArray();

    /// <summary>The vocabulary terms, in ordinal order.</summary>
    public IReadOnlyList<string> Vocabulary => _terms;

    /// <summary>
    /// Cosine similarity to the topic centroid below which a paper becomes an outlier. It is the
    /// cut-off the fit applied, so it already includes the cap on the outlier share.
    /// </summary>
    public double OutlierCutoff { get; }

    /// <summary>
    /// Assigns each paper to a topic of this model: topic id, or -1 for a paper without
    /// vocabulary terms or less similar to its topic centroid than <see cref="OutlierCutoff"/>.
    /// The score is that cosine similarity.
    /// </summary>
    /// <exception cref="ArgumentException">A paper is null or has an empty id.</exception>
    public IReadOnlyList<TopicAssignment> Assign(IReadOnlyList<PaperText> papers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(papers);
        for (var p = 0; p < papers.Count; p++)
        {
            if (papers[p] is null || string.IsNullOrEmpty(papers[p].PaperId))
            {
                throw new ArgumentException($"The paper at position {p} is null or has an empty id; give every paper its id.", nameof(papers));
            }
        }

        var cache = new TokenCache();
        var tokenized = papers.Select(p => TopicTokenizer.Tokenize(p.Title, p.Abstract, cache)).ToArray();
        var rows = TopicTokenizer.ApplySpellings(tokenized, _spellings)
            .Select(paper => TfIdfMatrix.Weigh(paper, _termIndex, _idf))
            .ToArray();
        var matrix = CsrMatrix.FromNormalizedRows(rows, _terms.Length);
        var placement = Place(matrix, cancellationToken);

        var assignments = new TopicAssignment[papers.Count];
        for (var p = 0; p < papers.Count; p++)
        {
            assignments[p] = new TopicAssignment(papers[p].PaperId, placement.TopicOfRow[p], placement.Similarity[p]);
        }

        return assignments;
    }

    /// <summary>
    /// Assigns each paper like <see cref="Assign"/> and picks its keywords the way the fit does:
    /// the paper's vocabulary terms with the highest TF-IDF weight that at least
    /// max(2, 0.1% of <paramref name="trainingPaperCount"/>) training papers contain, without
    /// variants of a term already picked.
    /// </summary>
    /// <param name="papers">The papers to place.</param>
    /// <param name="keywordsPerPaper">Keywords per paper, 0 or more; the fit's option is <see cref="TopicModelOptions.KeywordsPerPaper"/>.</param>
    /// <param name="trainingPaperCount">Number of papers the model was fitted on (the run's <c>paper_count</c> metric).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="ArgumentException">A paper is null or has an empty id, or a count is out of range.</exception>
    public PaperPlacement AssignWithKeywords(
        IReadOnlyList<PaperText> papers,
        int keywordsPerPaper,
        int trainingPaperCount,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keywordsPerPaper);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trainingPaperCount);

        var assignments = Assign(papers, cancellationToken);
        if (keywordsPerPaper == 0)
        {
            return new PaperPlacement(assignments, []);
        }

        // The fit keeps terms that at least minFrequency training papers contain. The smoothed
        // IDF falls as the document frequency grows, so that rule is an upper bound on the IDF,
        // computed with the fit's own formula.
        var minFrequency = Math.Max(2, (int)Math.Ceiling(0.001 * trainingPaperCount));
        var maxIdf = Math.Log((1.0 + trainingPaperCount) / (1.0 + minFrequency)) + 1.0;
        var cache = new TokenCache();
        var keywords = new List<PaperKeyword>();
        for (var p = 0; p < papers.Count; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tokens = TopicTokenizer.ApplySpellings([TopicTokenizer.Tokenize(papers[p].Title, papers[p].Abstract, cache)], _spellings)[0];
            var row = TfIdfMatrix.Weigh(tokens, _termIndex, _idf);
            if (row.Indices.Length == 0)
            {
                continue;
            }

            // Ties go to the term that sorts first, as in the fit.
            var ranked = Enumerable.Range(0, row.Indices.Length)
                .Where(i => _idf[row.Indices[i]] <= maxIdf)
                .OrderByDescending(i => row.Values[i])
                .ThenBy(i => row.Indices[i])
                .Take(keywordsPerPaper * 3)
                .ToArray();
            var weightOfTerm = ranked.ToDictionary(i => _terms[row.Indices[i]], i => row.Values[i] / row.Norm, StringComparer.Ordinal);
            var picked = TopicTermSelection.SelectDistinct(ranked.Select(i => _terms[row.Indices[i]]), keywordsPerPaper);
            keywords.AddRange(picked.Select(term => new PaperKeyword(papers[p].PaperId, term, weightOfTerm[term])));
        }

        return new PaperPlacement(assignments, keywords);
    }

    /// <summary>
    /// Returns a copy of the model that assigns papers to the ids in <paramref name="newIdOfTopic"/>
    /// (keyed by the ids this model assigns), for example the stable ids of <see cref="TopicIdMatcher"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A topic of this model has no new id, or two topics get the same one.</exception>
    public TopicModel WithTopicIds(IReadOnlyDictionary<int, int> newIdOfTopic)
    {
        ArgumentNullException.ThrowIfNull(newIdOfTopic);

        var topicOfCluster = new int[_topicOfCluster.Length];
        var used = new Dictionary<int, int>();
        for (var c = 0; c < topicOfCluster.Length; c++)
        {
            var topic = _topicOfCluster[c];
            if (topic < 0)
            {
                topicOfCluster[c] = topic;
                continue;
            }

            if (!newIdOfTopic.TryGetValue(topic, out var newId) || newId < 0)
            {
                throw new ArgumentException($"Topic {topic} of the model has no new id of 0 or more; map every topic the model assigns.", nameof(newIdOfTopic));
            }

            if (used.TryGetValue(newId, out var other) && other != topic)
            {
                throw new ArgumentException($"Topics {other} and {topic} of the model both map to id {newId}; give each topic its own id.", nameof(newIdOfTopic));
            }

            used[newId] = topic;
            topicOfCluster[c] = newId;
        }

        return new TopicModel(Algorithm, _terms, _idf, _spellings, _rule, _centroids, topicOfCluster, OutlierCutoff);
    }

    /// <summary>Serialises the model to bytes that <see cref="FromBytes"/> reads back.</summary>
    /// <remarks>
    /// The format is versioned binary (little-endian) and stores every number exactly, so a
    /// model read back assigns papers bit for bit as the original does.
    /// </remarks>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Encoding.ASCII.GetBytes(Magic));
            writer.Write(FormatVersion);
            writer.Write((int)Algorithm);
            writer.Write(_terms.Length);
            for (var i = 0; i < _terms.Length; i++)
            {
                writer.Write(_terms[i]);
                writer.Write(_idf[i]);
            }

            writer.Write(_spellings.Count);
            foreach (var (spelling, preferred) in _spellings.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                writer.Write(spelling);
                writer.Write(preferred);
            }

            _rule.Write(writer);
            writer.Write(_centroids.Length);
            foreach (var centroid in _centroids)
            {
                ClusterRule.WriteSparse(writer, centroid);
            }

            writer.Write(_topicOfCluster.Length);
            foreach (var topic in _topicOfCluster)
            {
                writer.Write(topic);
            }

            writer.Write(OutlierCutoff);
        }

        return stream.ToArray();
    }

    /// <summary>Reads a model that <see cref="ToBytes"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a TrendBoard topic model of a supported version, or are cut short.</exception>
    public static TopicModel FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            var magic = Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length));
            if (magic != Magic)
            {
                throw new InvalidDataException("The bytes are not a TrendBoard topic model: the header is missing. Pass bytes that TopicModel.ToBytes wrote.");
            }

            var version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"The topic model bytes have format version {version}, but this TrendBoard reads version {FormatVersion}. Fit the model again.");
            }

            var algorithm = (TopicAlgorithm)reader.ReadInt32();
            if (!Enum.IsDefined(algorithm))
            {
                throw new InvalidDataException($"The topic model bytes name the unknown algorithm {(int)algorithm}.");
            }

            var termCount = reader.ReadInt32();
            var terms = new string[termCount];
            var idf = new double[termCount];
            for (var i = 0; i < termCount; i++)
            {
                terms[i] = reader.ReadString();
                idf[i] = reader.ReadDouble();
            }

            var spellingCount = reader.ReadInt32();
            var spellings = new Dictionary<string, string>(spellingCount, StringComparer.Ordinal);
            for (var i = 0; i < spellingCount; i++)
            {
                var spelling = reader.ReadString();
                spellings[spelling] = reader.ReadString();
            }

            var rule = ClusterRule.Read(reader, algorithm);
            var centroidCount = reader.ReadInt32();
            var centroids = new double[centroidCount][];
            for (var c = 0; c < centroidCount; c++)
            {
                centroids[c] = ClusterRule.ReadSparse(reader, termCount);
            }

            var clusterCount = reader.ReadInt32();
            var topicOfCluster = new int[clusterCount];
            for (var c = 0; c < clusterCount; c++)
            {
                topicOfCluster[c] = reader.ReadInt32();
            }

            var cutoff = reader.ReadDouble();
            return new TopicModel(algorithm, terms, idf, spellings, rule, centroids, topicOfCluster, cutoff);
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("The topic model bytes end too early; they were cut short. Store and load all bytes that TopicModel.ToBytes wrote.", exception);
        }
    }

    /// <summary>Places TF-IDF rows: cluster by the model's rule, similarity to the cluster centroid, outlier cut-off, topic id.</summary>
    internal Placement Place(CsrMatrix rows, CancellationToken cancellationToken)
    {
        var clusters = _rule.Choose(rows, cancellationToken);
        var similarity = Similarities(rows, clusters, _centroids);
        var topics = new int[rows.RowCount];
        for (var i = 0; i < topics.Length; i++)
        {
            var cluster = clusters[i];
            topics[i] = cluster < 0 || similarity[i] < OutlierCutoff ? -1 : _topicOfCluster[cluster];
        }

        return new Placement(clusters, similarity, topics);
    }

    /// <summary>Returns each row's cosine similarity to its cluster's centroid, 0 for a row without a cluster.</summary>
    internal static double[] Similarities(CsrMatrix rows, int[] clusters, double[][] centroids)
    {
        var centroidNorms = centroids.Select(c => Math.Sqrt(c.Sum(v => v * v))).ToArray();
        var similarity = new double[rows.RowCount];
        for (var i = 0; i < rows.RowCount; i++)
        {
            var cluster = clusters[i];
            if (cluster < 0 || centroidNorms[cluster] == 0)
            {
                continue;
            }

            var dot = 0.0;
            var norm = 0.0;
            for (var e = rows.RowStarts[i]; e < rows.RowStarts[i + 1]; e++)
            {
                dot += rows.Values[e] * centroids[cluster][rows.Columns[e]];
                norm += rows.Values[e] * rows.Values[e];
            }

            similarity[i] = norm > 0 ? dot / (Math.Sqrt(norm) * centroidNorms[cluster]) : 0;
        }

        return similarity;
    }

    /// <summary>Where rows landed: cluster (-1 without terms), similarity to the cluster centroid and topic id (-1 for outliers).</summary>
    internal sealed record Placement(int[] ClusterOfRow, double[] Similarity, int[] TopicOfRow);
}

/// <summary>The topics and keywords that <see cref="TopicModel.AssignWithKeywords"/> gives new papers.</summary>
/// <param name="Assignments">One assignment per paper, in input order; topic -1 marks an outlier.</param>
/// <param name="Keywords">The papers' keywords, best first within each paper.</param>
public sealed record PaperPlacement(IReadOnlyList<TopicAssignment> Assignments, IReadOnlyList<PaperKeyword> Keywords);
