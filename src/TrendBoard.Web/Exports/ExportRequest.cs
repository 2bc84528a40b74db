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
    /// corpus range, the bin to week, the basis to publication days and the format to CSV.
    /// </summary>
    /// <exception cref="InvalidQueryParameterException">A parameter is invalid, repeated, or the range is inverted.</exception>
    public static ExportRequest Parse(ChartExport chart, IQueryCollection query, CorpusSummary summary, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(query);

        var (defaultFrom, defaultTo) = DashboardView.CorpusRange(summary, today);
        var from = QueryParameters.ParseDate(QueryParameters.From, query[QueryParameters.From]) ?? defaultFrom;
        var to = QueryParameters.ParseDate(QueryParameters.To, query[QueryParameters.To]) ?? defaultTo;
        if (from > to)
        {
            throw new InvalidQueryParameterException(
                QueryParameters.To,
                QueryParameters.FormatDate(to),
                $"a date on or after from ({QueryParameters.FormatDate(from)}); swap the two dates");
        }

        var filter = new TrendFilter(from, to)
        {
            Bin = QueryParameters.ParseBin(QueryParameters.Bin, query[QueryParameters.Bin]) ?? TimeBin.Week,
            DateBasis = QueryParameters.ParseBasis(QueryParameters.Basis, query[QueryParameters.Basis]) ?? DateBasis.Published,
            TopicIds = QueryParameters.ParseTopicIds(QueryParameters.Topics, query[QueryParameters.Topics]) ?? [],
        };

        var exportQuery = new ChartExportQuery(filter)
        {
            MinPapers = QueryParameters.ParseInt(QueryParameters.MinPapers, query[QueryParameters.MinPapers], 1, QueryParameters.MaxMinPapers)
                ?? ChartExports.DefaultMinPapers,
            Limit = QueryParameters.ParseInt(QueryParameters.Limit, query[QueryParameters.Limit], 1, ChartExports.MaxKeywordLimit)
                ?? ChartExports.DefaultKeywordLimit,
        };

        var format = QueryParameters.ParseFormat(QueryParameters.Format, query[QueryParameters.Format]) ?? ExportFormat.Csv;
        return new ExportRequest(chart, exportQuery, format);
    }
}
