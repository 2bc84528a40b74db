namespace TrendBoard.Core.Topics;

/// <summary>
/// The text of one paper that the topic model reads.
/// </summary>
public sealed record PaperText(string PaperId, string Title, string Abstract);

/// <summary>
/// Settings of one topic model run.
/// </summary>
public sealed record TopicModelOptions
{
    /// <summary>Number of topics. Default 20.</summary>
    public int TopicCount { get; init; } = 20;

    /// <summary>Seed for every random choice, so the same data and seed give the same output. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Terms stored per topic, best first. Default 25.</summary>
    public int TermsPerTopic { get; init; } = 25;

    /// <summary>Keywords stored per paper. Default 8.</summary>
    public int KeywordsPerPaper { get; init; } = 8;

    /// <summary>
    /// Cosine similarity between a paper's TF-IDF vector and its topic centroid below which the
    /// paper becomes an outlier (topic -1). Default 0.1, which marks about 0.6% of the bundled
    /// Daily Papers corpus (9,577 papers, 20 topics) as outliers.
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

/// <summary>A term of a topic with its class-based TF-IDF score; rank 1 is the best term.</summary>
public sealed record TopicTerm(int Rank, string Term, double Score);

/// <summary>A topic: id (0-based), readable label and its ranked terms.</summary>
public sealed record TopicInfo(int TopicId, string Label, int Size, IReadOnlyList<TopicTerm> Terms);

/// <summary>The topic of one paper; topic id -1 marks an outlier.</summary>
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
    string Algorithm);
