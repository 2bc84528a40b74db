using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;
using TrendBoard.Core.Topics;
using TrendBoard.Web.ViewState;

namespace TrendBoard.Web.Exports;

/// <summary>A validated export request: which chart, which rows and which format.</summary>
public sealed record ExportRequest(ChartExport Chart, ChartExportQuery Query, ExportFormat Format)
{
    /// <summary>
    /// Returns the download's file name, built only from the catalog's chart name and the
    /// validated dates, for example <c>trendboard-volume-2024-06-01-to-2024-06-30.csv</c>.
    /// </summary>
    public string FileName =>
        $"trendboard-{Chart.Name}-{QueryParameters.FormatDate(Query.Filter.From)}-to-{QueryParameters.FormatDate(Query.Filter.To)}.{ExportFormats.GetFileExtension(Format)}";

    /// <summary>
    /// Reads and validates the query string of an export request. Missing dates default to the
    /// corpus range, which <paramref name="corpusRangeAsync"/> is called for only then; the bin
    /// defaults to week, the basis to publication days and the format to CSV. Every other
    /// setting of <see cref="ChartExportQuery"/> has a parameter (see docs/exports.md) and keeps
    /// its default when the parameter is missing; settings the chart does not read are ignored.
    /// </summary>
    /// <remarks>Every parameter is checked before the corpus range is read, so a bad request fails without touching the database.</remarks>
    /// <exception cref="InvalidQueryParameterException">A parameter is invalid, repeated, or the range is inverted.</exception>
    public static async Task<ExportRequest> ParseAsync(
        ChartExport chart,
        IQueryCollection query,
        Func<CancellationToken, Task<(DateOnly From, DateOnly To)>> corpusRangeAsync,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(corpusRangeAsync);

        var from = QueryParameters.ParseDate(QueryParameters.From, query[QueryParameters.From]);
        var to = QueryParameters.ParseDate(QueryParameters.To, query[QueryParameters.To]);
        var bin = QueryParameters.ParseBin(QueryParameters.Bin, query[QueryParameters.Bin]) ?? TimeBin.Week;
        var basis = QueryParameters.ParseBasis(QueryParameters.Basis, query[QueryParameters.Basis]) ?? DateBasis.Published;
        var topicIds = ParseTopicFilter(query);
        var minPapers = QueryParameters.ParseInt(QueryParameters.MinPapers, query[QueryParameters.MinPapers], 1, QueryParameters.MaxMinPapers)
            ?? ChartExports.DefaultMinPapers;
        var limit = QueryParameters.ParseInt(QueryParameters.Limit, query[QueryParameters.Limit], 1, ChartExports.MaxKeywordLimit);
        var pageSize = QueryParameters.ParseInt(QueryParameters.PageSize, query[QueryParameters.PageSize], 1, PaperDrillDown.MaxLimit);
        if (limit is not null && pageSize is not null && limit != pageSize)
        {
            throw new InvalidQueryParameterException(
                QueryParameters.PageSize,
                QueryParameters.FormatInt(pageSize.Value),
                $"the same value as limit ({QueryParameters.FormatInt(limit.Value)}), or only one of the two");
        }

        var keywords = QueryParameters.ParseKeywords(QueryParameters.Keyword, query[QueryParameters.Keyword]);
        var match = QueryParameters.ParseMatch(QueryParameters.Match, query[QueryParameters.Match]) ?? KeywordMatch.All;
        var periodA = QueryParameters.ParsePeriod(
            QueryParameters.PeriodAFrom, query[QueryParameters.PeriodAFrom], QueryParameters.PeriodATo, query[QueryParameters.PeriodATo]);
        var periodB = QueryParameters.ParsePeriod(
            QueryParameters.PeriodBFrom, query[QueryParameters.PeriodBFrom], QueryParameters.PeriodBTo, query[QueryParameters.PeriodBTo]);
        var defaults = new ChartExportQuery(new TrendFilter(default, default));
        var settings = defaults with
        {
            MinPapers = minPapers,
            Limit = pageSize ?? limit ?? defaults.Limit,
            PeriodA = periodA,
            PeriodB = periodB,
            GrowthRatio = QueryParameters.ParseDouble(QueryParameters.GrowthRatio, query[QueryParameters.GrowthRatio], 1, 1000) ?? defaults.GrowthRatio,
            TopPapers = QueryParameters.ParseInt(QueryParameters.TopPapers, query[QueryParameters.TopPapers], 0, TrendAnalytics.MaxTopPapers) ?? defaults.TopPapers,
            TopTerms = QueryParameters.ParseInt(QueryParameters.TopTerms, query[QueryParameters.TopTerms], 0, 100) ?? defaults.TopTerms,
            RecentWeeks = QueryParameters.ParseInt(QueryParameters.RecentWeeks, query[QueryParameters.RecentWeeks], 1, QueryParameters.MaxWeeks) ?? defaults.RecentWeeks,
            BaselineWeeks = QueryParameters.ParseInt(QueryParameters.BaselineWeeks, query[QueryParameters.BaselineWeeks], 1, QueryParameters.MaxWeeks) ?? defaults.BaselineWeeks,
            Alpha = QueryParameters.ParseDouble(QueryParameters.Alpha, query[QueryParameters.Alpha], 0, 1) ?? defaults.Alpha,
            Test = QueryParameters.ParseTest(QueryParameters.Test, query[QueryParameters.Test]) ?? defaults.Test,
            TopicId = QueryParameters.ParseTopicId(QueryParameters.PointTopic, query[QueryParameters.PointTopic]),
            BinStart = QueryParameters.ParseDate(QueryParameters.BinStart, query[QueryParameters.BinStart]),
            PointKeywords = QueryParameters.ParseKeywords(QueryParameters.PointKeyword, query[QueryParameters.PointKeyword]),
            SortBy = QueryParameters.ParseSort(QueryParameters.Sort, query[QueryParameters.Sort]) ?? defaults.SortBy,
            Descending = QueryParameters.ParseDescending(QueryParameters.Order, query[QueryParameters.Order]) ?? defaults.Descending,
            Offset = QueryParameters.ParseInt(QueryParameters.Offset, query[QueryParameters.Offset], 0, QueryParameters.MaxOffset) ?? defaults.Offset,
        };
        var format = QueryParameters.ParseFormat(QueryParameters.Format, query[QueryParameters.Format]) ?? ExportFormat.Csv;

        if (from is null || to is null)
        {
            var corpus = await corpusRangeAsync(cancellationToken);
            from ??= corpus.From;
            to ??= corpus.To;
        }

        if (from > to)
        {
            throw new InvalidQueryParameterException(
                QueryParameters.To,
                QueryParameters.FormatDate(to.Value),
                $"a date on or after from ({QueryParameters.FormatDate(from.Value)}); swap the two dates");
        }

        var filter = new TrendFilter(from.Value, to.Value)
        {
            Bin = bin,
            DateBasis = basis,
            TopicIds = topicIds,
            Keywords = keywords,
            KeywordMatch = match,
        };
        return new ExportRequest(chart, settings with { Filter = filter }, format);
    }

    /// <summary>What a topic id must be, for the message of an unknown one.</summary>
    internal const string KnownTopicsExpected = "ids of topics in the current model run, which the Topics page (/topics) and /api/export/topics list; -1 is the outlier topic";

    /// <summary>
    /// Throws when the topic filter or the point topic of <paramref name="request"/> names a topic
    /// that <paramref name="topics"/>, the current model run's topics, does not contain.
    /// </summary>
    /// <param name="request">The request parsed from <paramref name="query"/>.</param>
    /// <param name="query">The query string, to name the parameter the client used.</param>
    /// <param name="topics">The topics of the current model run.</param>
    /// <exception cref="InvalidQueryParameterException">An id is not a topic of the current run; the message names every such id.</exception>
    public static void EnsureKnownTopics(ExportRequest request, IQueryCollection query, IReadOnlyList<TopicInfo> topics)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(topics);

        const string expected = KnownTopicsExpected;
        var unknownFilterIds = ChartExports.FindUnknownTopicIds(request.Query.Filter.TopicIds, topics);
        if (unknownFilterIds.Count > 0)
        {
            var parameter = query.ContainsKey(QueryParameters.Topics) ? QueryParameters.Topics : QueryParameters.Topic;
            throw new InvalidQueryParameterException(parameter, string.Join(',', unknownFilterIds.Select(QueryParameters.FormatInt)), expected);
        }

        if (request.Query.TopicId is int pointTopic && ChartExports.FindUnknownTopicIds([pointTopic], topics).Count > 0)
        {
            throw new InvalidQueryParameterException(QueryParameters.PointTopic, QueryParameters.FormatInt(pointTopic), expected);
        }
    }

    /// <summary>
    /// Reads the topic filter from <c>topics</c>, or from <c>topic</c> (one id, as the dashboard's
    /// own URL names it), so that a parameter copied from the dashboard's address filters too.
    /// </summary>
    internal static IReadOnlyList<int> ParseTopicFilter(IQueryCollection query)
    {
        var topicIds = QueryParameters.ParseTopicIds(QueryParameters.Topics, query[QueryParameters.Topics]);
        var singleTopic = QueryParameters.ParseTopicId(QueryParameters.Topic, query[QueryParameters.Topic]);
        if (singleTopic is null)
        {
            return topicIds ?? [];
        }

        if (topicIds is not null)
        {
            throw new InvalidQueryParameterException(
                QueryParameters.Topic,
                QueryParameters.FormatInt(singleTopic.Value),
                "no value when topics is given; list every topic id in topics");
        }

        return [singleTopic.Value];
    }
}
