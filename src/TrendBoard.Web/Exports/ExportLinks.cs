using Microsoft.AspNetCore.WebUtilities;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;
using TrendBoard.Web.ViewState;

namespace TrendBoard.Web.Exports;

/// <summary>
/// Writes a chart export query as the URL of <c>GET /api/export/{chart}</c>, the inverse of
/// <see cref="ExportRequest.ParseAsync"/>, so a panel's export buttons download the rows the panel shows.
/// </summary>
public static class ExportLinks
{
    /// <summary>
    /// Returns the site-relative URL of <c>GET /api/export/topics</c> or <c>/api/export/assignments</c>,
    /// which read no filters, only the format.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="exportName"/> is not one of <see cref="ModelExports.Names"/>.</exception>
    public static string BuildModel(string exportName, ExportFormat format)
    {
        if (!ModelExports.Names.Contains(exportName))
        {
            throw new ArgumentException($"Unknown model export '{exportName}'. Use one of: {string.Join(", ", ModelExports.Names)}.", nameof(exportName));
        }

        return QueryHelpers.AddQueryString("api/export/" + exportName, QueryParameters.Format, QueryParameters.FormatFormat(format));
    }

    /// <summary>
    /// Returns the site-relative export URL. Settings the chart does not read are left out, and so
    /// are the newer settings while they have their defaults.
    /// </summary>
    public static string Build(ChartExport chart, ChartExportQuery query, ExportFormat format)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(query);

        var defaults = new ChartExportQuery(query.Filter);
        var filter = query.Filter;
        var parameters = new List<KeyValuePair<string, string?>>
        {
            new(QueryParameters.From, QueryParameters.FormatDate(filter.From)),
            new(QueryParameters.To, QueryParameters.FormatDate(filter.To)),
        };

        if (!chart.UsesKeywordSettings)
        {
            parameters.Add(new(QueryParameters.Bin, QueryParameters.FormatBin(filter.Bin)));
        }

        if (filter.TopicIds.Count > 0)
        {
            parameters.Add(new(QueryParameters.Topics, string.Join(',', filter.TopicIds.Select(QueryParameters.FormatInt))));
        }

        parameters.AddRange(filter.Keywords.Select(keyword => new KeyValuePair<string, string?>(QueryParameters.Keyword, keyword)));
        if (filter.Keywords.Count > 0 && filter.KeywordMatch != KeywordMatch.All)
        {
            parameters.Add(new(QueryParameters.Match, QueryParameters.FormatMatch(filter.KeywordMatch)));
        }

        if (chart.UsesKeywordSettings)
        {
            parameters.Add(new(QueryParameters.MinPapers, QueryParameters.FormatInt(query.MinPapers)));
            parameters.Add(new(QueryParameters.Limit, QueryParameters.FormatInt(query.Limit)));
        }

        switch (chart.Name)
        {
            case "keyword_changes":
                AddPeriod(parameters, QueryParameters.PeriodAFrom, QueryParameters.PeriodATo, query.PeriodA);
                AddPeriod(parameters, QueryParameters.PeriodBFrom, QueryParameters.PeriodBTo, query.PeriodB);
                AddIfChanged(parameters, QueryParameters.GrowthRatio, query.GrowthRatio, defaults.GrowthRatio, QueryParameters.FormatDouble);
                break;
            case "upvote_growth":
                parameters.Add(new(QueryParameters.Limit, QueryParameters.FormatInt(query.Limit)));
                break;
            case "upvote_details":
                AddIfChanged(parameters, QueryParameters.TopPapers, query.TopPapers, defaults.TopPapers, QueryParameters.FormatInt);
                break;
            case "topic_shifts":
                parameters.Add(new(QueryParameters.RecentWeeks, QueryParameters.FormatInt(query.RecentWeeks)));
                parameters.Add(new(QueryParameters.BaselineWeeks, QueryParameters.FormatInt(query.BaselineWeeks)));
                parameters.Add(new(QueryParameters.Test, QueryParameters.FormatTest(query.Test)));
                AddIfChanged(parameters, QueryParameters.Alpha, query.Alpha, defaults.Alpha, QueryParameters.FormatDouble);
                AddIfChanged(parameters, QueryParameters.TopPapers, query.TopPapers, defaults.TopPapers, QueryParameters.FormatInt);
                break;
            case "topic_summaries":
                AddIfChanged(parameters, QueryParameters.TopTerms, query.TopTerms, defaults.TopTerms, QueryParameters.FormatInt);
                AddIfChanged(parameters, QueryParameters.TopPapers, query.TopPapers, defaults.TopPapers, QueryParameters.FormatInt);
                break;
            case "papers":
                if (query.TopicId is int topicId)
                {
                    parameters.Add(new(QueryParameters.PointTopic, QueryParameters.FormatInt(topicId)));
                }

                if (query.BinStart is DateOnly binStart)
                {
                    parameters.Add(new(QueryParameters.BinStart, QueryParameters.FormatDate(binStart)));
                }

                parameters.AddRange(query.PointKeywords.Select(keyword => new KeyValuePair<string, string?>(QueryParameters.PointKeyword, keyword)));
                parameters.Add(new(QueryParameters.Sort, QueryParameters.FormatSort(query.SortBy)));
                parameters.Add(new(QueryParameters.Order, query.Descending ? "desc" : "asc"));
                parameters.Add(new(QueryParameters.Offset, QueryParameters.FormatInt(query.Offset)));
                parameters.Add(new(QueryParameters.PageSize, QueryParameters.FormatInt(query.Limit)));
                break;
        }

        if (filter.DateBasis != DateBasis.Published)
        {
            parameters.Add(new(QueryParameters.Basis, QueryParameters.FormatBasis(filter.DateBasis)));
        }

        parameters.Add(new(QueryParameters.Format, QueryParameters.FormatFormat(format)));
        return QueryHelpers.AddQueryString("api/export/" + Uri.EscapeDataString(chart.Name), parameters);
    }

    private static void AddPeriod(List<KeyValuePair<string, string?>> parameters, string fromName, string toName, DayRange? period)
    {
        if (period is null)
        {
            return;
        }

        parameters.Add(new(fromName, QueryParameters.FormatDate(period.From)));
        parameters.Add(new(toName, QueryParameters.FormatDate(period.To)));
    }

    private static void AddIfChanged<T>(List<KeyValuePair<string, string?>> parameters, string name, T value, T defaultValue, Func<T, string> format)
    {
        if (!EqualityComparer<T>.Default.Equals(value, defaultValue))
        {
            parameters.Add(new(name, format(value)));
        }
    }
}
