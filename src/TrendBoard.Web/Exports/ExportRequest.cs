using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;
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
    /// defaults to week, the basis to publication days and the format to CSV.
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
        var topicIds = QueryParameters.ParseTopicIds(QueryParameters.Topics, query[QueryParameters.Topics]) ?? [];
        var minPapers = QueryParameters.ParseInt(QueryParameters.MinPapers, query[QueryParameters.MinPapers], 1, QueryParameters.MaxMinPapers)
            ?? ChartExports.DefaultMinPapers;
        var limit = QueryParameters.ParseInt(QueryParameters.Limit, query[QueryParameters.Limit], 1, ChartExports.MaxKeywordLimit)
            ?? ChartExports.DefaultKeywordLimit;
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

        var filter = new TrendFilter(from.Value, to.Value) { Bin = bin, DateBasis = basis, TopicIds = topicIds };
        return new ExportRequest(chart, new ChartExportQuery(filter) { MinPapers = minPapers, Limit = limit }, format);
    }
}
