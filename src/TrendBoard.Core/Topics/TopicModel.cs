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

    /// <summary>Number of topics a paper can be assigned to (ids 0 to TopicCount - 1).</summary>
    public int TopicCount => _topicOfCluster.Count(t => t >= 0);

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
