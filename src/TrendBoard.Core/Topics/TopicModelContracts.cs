using System.Text.Json.Serialization;

namespace TrendBoard.Core.Topics;

/// <summary>
/// The text of one paper that the topic model reads.
/// </summary>
public sealed record PaperText(string PaperId, string Title, string Abstract);

/// <summary>The algorithm that groups papers into topics.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TopicAlgorithm>))]
public enum TopicAlgorithm
{
    /// <summary>
    /// Non-negative matrix factorisation of the TF-IDF matrix (coordinate descent from an NNDSVD
    /// start); a paper's topic is its largest weight. Scores best on coherence and diversity.
    /// </summary>
    Nmf,

    /// <summary>ML.NET k-means over L2-normalised TF-IDF vectors.</summary>
    KMeans,

    /// <summary>k-means over each paper's NMF topic weights, normalised to unit length.</summary>
    NmfKMeans,

    /// <summary>ML.NET latent Dirichlet allocation over term counts; a paper's topic is its most probable one.</summary>
    Lda,
}

/// <summary>
/// Settings of one topic model run.
/// </summary>
public sealed record TopicModelOptions
{
    /// <summary>
    /// Number of topics when <see cref="AutoTopicCount"/> is false. Default 20. In the options of a
    /// <see cref="TopicModelResult"/> it is the number the run used, also when chosen automatically.
    /// </summary>
    public int TopicCount { get; init; } = 20;

    /// <summary>
    /// Whether the run chooses the number of topics itself, between <see cref="MinTopicCount"/> and
    /// <see cref="MaxTopicCount"/>, instead of using <see cref="TopicCount"/>. Default false.
    /// </summary>
    /// <remarks>
    /// The choice fits each candidate count on a seeded half of the papers and keeps the count
    /// with the best product of windowed NPMI coherence and topic diversity, measured on the
    /// other half. It costs several extra fits, each on half of the papers.
    /// </remarks>
    public bool AutoTopicCount { get; init; }

    /// <summary>Smallest number of topics the automatic choice considers. Default 10.</summary>
    public int MinTopicCount { get; init; } = 10;

    /// <summary>Largest number of topics the automatic choice considers. Default 40.</summary>
    public int MaxTopicCount { get; init; } = 40;

    /// <summary>The algorithm that groups papers into topics. Default <see cref="TopicAlgorithm.Nmf"/>.</summary>
    public TopicAlgorithm Algorithm { get; init; } = TopicAlgorithm.Nmf;

    /// <summary>
    /// Whether to fit a second time with another seed and report the agreement of the two runs as
    /// the metric <c>stability_ari</c>. Default false, because it doubles the run time.
    /// </summary>
    public bool ComputeStability { get; init; }

    /// <summary>Seed for every random choice, so the same data and seed give the same output. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Terms stored per topic, best first. Default 25.</summary>
    public int TermsPerTopic { get; init; } = 25;

    /// <summary>Keywords stored per paper. Default 8.</summary>
    public int KeywordsPerPaper { get; init; } = 8;

    /// <summary>
    /// Cosine similarity between a paper's TF-IDF vector and its topic centroid (the mean TF-IDF
    /// vector of the topic's papers) below which the paper becomes an outlier (topic -1). Default
    /// 0.1, which marks 0.5% of the bundled Daily Papers corpus (9,877 papers, NMF, 20 topics)
    /// and 2.5% of a 43,080-paper arXiv listing sample as outliers.
    /// </summary>
    public double OutlierSimilarity { get; init; } = 0.1;

    /// <summary>
    /// Maximum share of papers that the similarity rule may mark as outliers, least similar first.
    /// Papers without any vocabulary term are outliers on top of this share.
    /// Default 0.05.
    /// </summary>
    public double MaxOutlierShare { get; init; } = 0.05;
}

/// <summary>Progress of a topic model run: the current stage and the share of the whole run done, 0 to 1.</summary>
public sealed record TopicModelProgress(string Stage, double Fraction);

/// <summary>
/// A term of a topic with its class-based TF-IDF score; rank 1 is the best term. Terms of a
/// <see cref="TopicModeler"/> run are single words as the papers write them ("agents").
/// </summary>
public sealed record TopicTerm(int Rank, string Term, double Score);

/// <summary>
/// A topic: id (0-based in a fitted run; stable ids from <see cref="TopicIdMatcher"/> can be
/// larger), readable label, number of papers and its ranked terms.
/// </summary>
public sealed record TopicInfo(int TopicId, string Label, int Size, IReadOnlyList<TopicTerm> Terms);

/// <summary>
/// The topic of one paper; topic id -1 marks an outlier. The score is the cosine similarity of
/// the paper's TF-IDF vector to its topic's centroid (0 for a paper without vocabulary terms).
/// </summary>
public sealed record TopicAssignment(string PaperId, int TopicId, double Score);

/// <summary>A keyword of one paper with its weight in that paper.</summary>
public sealed record PaperKeyword(string PaperId, string Keyword, double Score);

/// <summary>
/// Everything one topic model run produces, ready to be stored.
/// </summary>
public sealed record TopicModelResult(
    TopicModelOptions Options,
    IReadOnlyList<TopicInfo> Topics,
    IReadOnlyList<TopicAssignment> Assignments,
    IReadOnlyList<PaperKeyword> Keywords,
    IReadOnlyDictionary<string, double> Metrics,
    string Algorithm)
{
    /// <summary>
    /// The fitted model, which assigns new papers to these topics without a refit and can be
    /// stored as bytes; null for results that were not produced by <see cref="TopicModeler"/>.
    /// </summary>
    public TopicModel? Model { get; init; }

    /// <summary>
    /// Where each topic comes from in the previous run, after <see cref="TopicIdMatcher.Renumber"/>
    /// gave the topics stable ids; empty for a run that was not matched.
    /// </summary>
    public IReadOnlyList<TopicLineage> Lineage { get; init; } = [];
}
