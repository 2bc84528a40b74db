using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;
using TrendBoard.Web.Hosting;
using TrendBoard.Web.ViewState;

namespace TrendBoard.Web.Exports;

/// <summary>
/// <c>GET /api/export/topics</c> and <c>GET /api/export/assignments</c>: the current model run
/// itself, with the same columns as <c>trendboard export topics</c> and <c>export assignments</c>.
/// </summary>
public static partial class ExportEndpoints
{
    private static void MapModelExport(IEndpointRouteBuilder endpoints, string exportName, string endpointName, string summary)
    {
        endpoints.MapGet(
                $"/api/export/{exportName}",
                (HttpContext context, ITrendAnalytics analytics, TrendStoreProvider storeProvider, CorpusBuildState buildState, ILoggerFactory loggerFactory, CancellationToken cancellationToken) =>
                    ExportModelAsync(exportName, context, analytics, storeProvider, buildState, loggerFactory, cancellationToken))
            .WithName(endpointName)
            .WithSummary(summary);
    }

    private static async Task<IResult> ExportModelAsync(
        string exportName,
        HttpContext context,
        ITrendAnalytics analytics,
        TrendStoreProvider storeProvider,
        CorpusBuildState buildState,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger(typeof(ExportEndpoints).FullName!);
        if (buildState.Status is CorpusBuildStatus.Pending or CorpusBuildStatus.Building)
        {
            LogBuildRunning(logger, exportName);
            return BuildRunning(context, buildState);
        }

        ExportFormat format;
        ExportTable table;
        try
        {
            // These exports read only the format and the topic filter; dates and keywords do not apply.
            format = QueryParameters.ParseFormat(QueryParameters.Format, context.Request.Query[QueryParameters.Format]) ?? ExportFormat.Csv;
            var topicIds = ExportRequest.ParseTopicFilter(context.Request.Query);
            var summary = await analytics.GetSummaryAsync(cancellationToken);
            if (summary.CurrentRunId is null)
            {
                LogNoModelRun(logger, exportName, summary.Papers);
                return MissingModelRun(exportName, summary.Papers);
            }

            var unknownIds = ChartExports.FindUnknownTopicIds(topicIds, await analytics.GetTopicsAsync(cancellationToken));
            if (unknownIds.Count > 0)
            {
                var parameter = context.Request.Query.ContainsKey(QueryParameters.Topics) ? QueryParameters.Topics : QueryParameters.Topic;
                throw new InvalidQueryParameterException(
                    parameter,
                    string.Join(',', unknownIds.Select(QueryParameters.FormatInt)),
                    ExportRequest.KnownTopicsExpected);
            }

            var store = await storeProvider.GetStoreAsync(cancellationToken);
            table = await ModelExports.QueryAsync(store, exportName, topicIds, cancellationToken);
        }
        catch (InvalidQueryParameterException error)
        {
            LogInvalidParameter(logger, exportName, error.Parameter);
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid query parameter",
                detail: error.Message,
                extensions: new Dictionary<string, object?> { ["parameter"] = error.Parameter });
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogExportFailed(logger, error, exportName);
            return ExportFailed(exportName, storeProvider.DatabasePath);
        }

        LogModelExport(logger, exportName, format, table.Rows.Count);
        return new ExportFileResult(table, format, $"trendboard-{exportName}.{ExportFormats.GetFileExtension(format)}");
    }

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Exported {Export} of the current model run as {Format}: {RowCount} rows")]
    private static partial void LogModelExport(ILogger logger, string export, ExportFormat format, int rowCount);
}
