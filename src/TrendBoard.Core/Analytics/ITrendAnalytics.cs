using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Analytics;

/// <summary>
/// The queries behind every chart and export. All of them read the current topic model run
/// and return records, never database types.
/// </summary>
public interface ITrendAnalytics
{
    /// <summary>Counts the stored papers and returns their date range and the current model run.</summary>
    Task<CorpusSummary> GetSummaryAsync(CancellationToken cancellationToken);

    /// <summary>Returns the topics of the current model run with their terms, by topic id.</summary>
    Task<IReadOnlyList<TopicInfo>> GetTopicsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Checks the keywords of a filter against the current run's keywords: how many papers have
    /// each, and up to <paramref name="suggestions"/> known keywords spelled like it.
    /// </summary>
    Task<IReadOnlyList<KeywordCheck>> CheckKeywordsAsync(IReadOnlyList<string> keywords, int suggestions, CancellationToken cancellationToken);

    /// <summary>Counts papers per topic and bin; outliers appear as topic -1.</summary>
    Task<IReadOnlyList<TopicVolumePoint>> GetTopicVolumeAsync(TrendFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// Returns the keyword pairs that occur together in at least <paramref name="minPapers"/>
    /// papers of the range (and of <see cref="TrendFilter.TopicIds"/> when set), most frequent
    /// first, at most <paramref name="limit"/> pairs.
    /// </summary>
    Task<IReadOnlyList<KeywordPair>> GetKeywordPairsAsync(TrendFilter filter, int minPapers, int limit, CancellationToken cancellationToken);

    /// <summary>Sums upvotes per topic and bin, using each paper's latest observed count.</summary>
    Task<IReadOnlyList<TopicUpvotePoint>> GetTopicUpvotesAsync(TrendFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// Compares keyword pairs between two periods inside the filter's range: count, share,
    /// Dice and NPMI in each, and whether the pair is new, growing, stable, fading or gone.
    /// </summary>
    Task<KeywordChangeReport> GetKeywordPairChangesAsync(TrendFilter filter, KeywordChangeOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Counts, per topic and bin, the papers, those with an upvote count and those with at
    /// least one upvote, and lists the <paramref name="topPapers"/> most upvoted.
    /// </summary>
    Task<IReadOnlyList<TopicUpvoteDetail>> GetTopicUpvoteDetailsAsync(TrendFilter filter, int topPapers, CancellationToken cancellationToken);

    /// <summary>
    /// Returns the upvote growth of the papers in the filter that were observed on at least two
    /// days, fastest growth per day first, at most <paramref name="limit"/> papers.
    /// </summary>
    Task<IReadOnlyList<PaperUpvoteGrowth>> GetUpvoteGrowthAsync(TrendFilter filter, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Tests each topic's share in a recent window against its own baseline window and marks it
    /// emerging, fading or steady after a Benjamini–Hochberg correction across topics.
    /// </summary>
    Task<TopicShiftReport> GetTopicShiftsAsync(TrendFilter filter, TopicShiftOptions options, CancellationToken cancellationToken);

    /// <summary>Returns one sorted page of the papers behind a chart point within the filter.</summary>
    Task<PaperPage> GetPapersAsync(TrendFilter filter, PaperDrillDown drillDown, CancellationToken cancellationToken);

    /// <summary>
    /// Summarises every topic in the filter's range: size, label, top terms, first and last
    /// paper days, growth of the last quarter against the rest, and top papers.
    /// </summary>
    Task<TopicSummaryReport> GetTopicSummariesAsync(TrendFilter filter, TopicSummaryOptions options, CancellationToken cancellationToken);
}
