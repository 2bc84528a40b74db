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
}
