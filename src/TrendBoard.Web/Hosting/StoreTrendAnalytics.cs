using TrendBoard.Core.Analytics;
using TrendBoard.Core.Topics;

namespace TrendBoard.Web.Hosting;

/// <summary>
/// <see cref="ITrendAnalytics"/> over the app's store: opens it on the first query through
/// <see cref="TrendStoreProvider"/>, then runs every query with <see cref="TrendAnalytics"/>.
/// </summary>
internal sealed class StoreTrendAnalytics(TrendStoreProvider storeProvider) : ITrendAnalytics
{
    private TrendAnalytics? _analytics;

    public async Task<CorpusSummary> GetSummaryAsync(CancellationToken cancellationToken) =>
        await (await GetAnalyticsAsync(cancellationToken)).GetSummaryAsync(cancellationToken);

    public async Task<IReadOnlyList<TopicInfo>> GetTopicsAsync(CancellationToken cancellationToken) =>
        await (await GetAnalyticsAsync(cancellationToken)).GetTopicsAsync(cancellationToken);

    public async Task<IReadOnlyList<KeywordCheck>> CheckKeywordsAsync(IReadOnlyList<string> keywords, int suggestions, CancellationToken cancellationToken) =>
        await (await GetAnalyticsAsync(cancellationToken)).CheckKeywordsAsync(keywords, suggestions, cancellationToken);

    public async Task<IReadOnlyList<TopicVolumePoint>> GetTopicVolumeAsync(TrendFilter filter, CancellationToken cancellationToken) =>
        await (await GetAnalyticsAsync(cancellationToken)).GetTopicVolumeAsync(filter, cancellationToken);

    public async Task<IReadOnlyList<KeywordPair>> GetKeywordPairsAsync(TrendFilter filter, int minPapers, int limit, CancellationToken cancellationToken) =>
        await (await GetAnalyticsAsync(cancellationToken)).GetKeywordPairsAsync(filter, minPapers, limit, cancellationToken);

    public async Task<IReadOnlyList<TopicUpvotePoint>> GetTopicUpvotesAsync(TrendFilter filter, CancellationToken cancellationToken) =>
        await (await GetAnalyticsAsync(cancellationToken)).GetTopicUpvotesAsync(filter, cancellationToken);

    public async Task<KeywordChangeReport> GetKeywordPairChangesAsync(TrendFilter filter, KeywordChangeOptions options, CancellationToken cancellationToken) =>
        await (await GetAnalyticsAsync(cancellationToken)).GetKeywordPairChangesAsync(filter, options, cancellationToken);

    public async Task<IReadOnlyList<TopicUpvoteDetail>> GetTopicUpvoteDetailsAsync(TrendFilter filter, int topPapers, CancellationToken cancellationToken) =>
        await (await GetAnalyticsAsync(cancellationToken)).GetTopicUpvoteDetailsAsync(filter, topPapers, cancellationToken);

    public async Task<IReadOnlyList<PaperUpvoteGrowth>> GetUpvoteGrowthAsync(TrendFilter filter, int limit, CancellationToken cancellationToken) =>
        await (await GetAnalyticsAsync(cancellationToken)).GetUpvoteGrowthAsync(filter, limit, cancellationToken);

    public async Task<TopicShiftReport> GetTopicShiftsAsync(TrendFilter filter, TopicShiftOptions options, CancellationToken cancellationToken) =>
        await (await GetAnalyticsAsync(cancellationToken)).GetTopicShiftsAsync(filter, options, cancellationToken);

    public async Task<PaperPage> GetPapersAsync(TrendFilter filter, PaperDrillDown drillDown, CancellationToken cancellationToken) =>
        await (await GetAnalyticsAsync(cancellationToken)).GetPapersAsync(filter, drillDown, cancellationToken);

    public async Task<TopicSummaryReport> GetTopicSummariesAsync(TrendFilter filter, TopicSummaryOptions options, CancellationToken cancellationToken) =>
        await (await GetAnalyticsAsync(cancellationToken)).GetTopicSummariesAsync(filter, options, cancellationToken);

    private async Task<TrendAnalytics> GetAnalyticsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _analytics) is TrendAnalytics analytics)
        {
            return analytics;
        }

        // Two first queries may both get here; they build equal wrappers over the same store.
        analytics = new TrendAnalytics(await storeProvider.GetStoreAsync(cancellationToken));
        Volatile.Write(ref _analytics, analytics);
        return analytics;
    }
}
