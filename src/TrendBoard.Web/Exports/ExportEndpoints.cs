using Microsoft.Net.Http.Headers;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;
using TrendBoard.Web.Hosting;
using TrendBoard.Web.ViewState;
using TrendBoard.Core;

namespace TrendBoard.Web.Exports;

/// <summary>
/// <c>GET /api/export/{chart}</c>: the rows behind one dashboard chart as a CSV or JSON download.
/// <c>/api/export/topics</c> and <c>/api/export/assignments</c> are in ExportEndpoints.Model.cs.
/// </summary>
public static partial class ExportEndpoints
{
    /// <summary>Maps the chart export endpoint and the topics and assignments endpoints.</summary>
    public static IEndpointRouteBuilder MapTrendBoardExports(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        MapModelExport(endpoints, ModelExports.TopicsName, "ExportTopics", "Downloads each topic's ranked terms of the current model run (topic_id, rank, term) as CSV or JSON.");
        MapModelExport(endpoints, ModelExports.AssignmentsName, "ExportAssignments", "Downloads each paper's topic in the current model run (paper_id, topic_id) as CSV or JSON.");
        endpoints.MapGet("/api/export/{chart}", ExportAsync)
            .WithName("ExportChart")
            .WithSummary("Downloads the rows behind a dashboard chart as CSV or JSON.");
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(
        string chart,
        HttpContext context,
        ITrendAnalytics analytics,
        TrendStoreProvider storeProvider,
        CorpusBuildState buildState,
        TimeProvider clock,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger(typeof(ExportEndpoints).FullName!);
        var export = ChartExports.Find(chart);
        if (export is null)
        {
            var names = string.Join(", ", ChartExports.All.Select(known => known.Name).Concat(ModelExports.Names));
            LogUnknownChart(logger, names);
            return Results.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown chart",
                detail: $"There is no export named '{Truncate(chart)}'; use one of {names}.");
        }

        // Queries wait for the first-start build, which can take minutes, so a request during it
        // gets the progress and a retry hint instead of a response that never seems to come.
        if (buildState.Status is CorpusBuildStatus.Pending or CorpusBuildStatus.Building)
        {
            LogBuildRunning(logger, export.Name);
            return BuildRunning(context, buildState);
        }

        ExportRequest request;
        ExportTable table;
        try
        {
            request = await ExportRequest.ParseAsync(
                export,
                context.Request.Query,
                async token => DashboardView.CorpusRange(
                    await analytics.GetSummaryAsync(token),
                    DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)),
                cancellationToken);

            // Every chart reports topics or model keywords, so without a run it would be only a header.
            var summary = await analytics.GetSummaryAsync(cancellationToken);
            if (summary.CurrentRunId is null)
            {
                LogNoModelRun(logger, export.Name, summary.Papers);
                return MissingModelRun(export.Name, summary.Papers);
            }

            ExportRequest.EnsureKnownTopics(request, context.Request.Query, await analytics.GetTopicsAsync(cancellationToken));
            table = await request.Chart.QueryAsync(analytics, request.Query, cancellationToken);
        }
        catch (InvalidQueryParameterException error)
        {
            LogInvalidParameter(logger, export.Name, error.Parameter);
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid query parameter",
                detail: error.Message,
                extensions: new Dictionary<string, object?> { ["parameter"] = error.Parameter });
        }
        catch (ArgumentException error)
        {
            // The analytics queries raise ArgumentException for filters that are valid one by one
            // but do not fit together, for example a one-day range that cannot be split in two.
            LogInvalidParameter(logger, export.Name, error.ParamName ?? "filter");
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid query parameter",
                detail: UserMessages.Describe(error));
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogExportFailed(logger, error, export.Name);
            return ExportFailed(export.Name, storeProvider.DatabasePath);
        }

        LogExport(
            logger,
            request.Chart.Name,
            request.Query.Filter.From,
            request.Query.Filter.To,
            request.Query.Filter.Bin,
            request.Format,
            table.Rows.Count);

        return new ExportFileResult(table, request.Format, request.FileName);
    }

    /// <summary>
    /// Returns HTTP 500 for an export whose database read failed, naming the database file and
    /// what to check. Only the file name is shown, so the response does not reveal server folders.
    /// </summary>
    private static IResult ExportFailed(string exportName, string databasePath)
    {
        var fileName = Path.GetFileName(databasePath);
        return Results.Problem(
            statusCode: StatusCodes.Status500InternalServerError,
            title: "Export failed",
            detail: $"Reading the rows of the {exportName} export from the database file '{fileName}' failed. Check that '{fileName}' is a DuckDB database written by TrendBoard and readable by the server (the TrendBoard:DatabasePath setting names it), or import the papers into a new file; the server log has the details.");
    }

    /// <summary>Returns HTTP 503 with the first-start build's progress and a Retry-After header.</summary>
    private static IResult BuildRunning(HttpContext context, CorpusBuildState buildState)
    {
        context.Response.Headers.RetryAfter = BuildRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Database build running",
            detail: $"The database is still being built from the bundled corpus ({DescribeProgress(buildState)}); retry in a minute.");
    }

    /// <summary>
    /// Returns HTTP 409 with a plain-text message for an export from a database without a topic
    /// model run, naming the ways to fit one.
    /// </summary>
    internal static IResult MissingModelRun(string exportName, int papers)
    {
        var message = papers == 0
            ? $"The database contains no papers and no topic model has been run, so the {exportName} export would be empty. Import papers on the Import page (/import), then fit topics with Refit topics on the Topics page (/topics), and download again."
            : string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"No topic model has been run on this database ({papers} papers), so the {exportName} export would be empty. Fit one with Refit topics on the Topics page (/topics), or stop the dashboard and run 'trendboard model', then download again.");
        return Results.Text(message + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status409Conflict);
    }

    /// <summary>Seconds a client is asked to wait before retrying during the first-start build.</summary>
    private const int BuildRetryAfterSeconds = 30;

    private static string DescribeProgress(CorpusBuildState buildState) => buildState.Progress is { } progress
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{TrendBoard.Core.Pipeline.ProgressLabels.ForStage(progress.Stage)}, {Math.Round(Math.Clamp(progress.Fraction, 0, 1) * 100):0}% done")
        : "starting";

    private static string Truncate(string value) => value.Length > 64 ? value[..64] + "…" : value;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Exported {Chart} for {From:yyyy-MM-dd} to {To:yyyy-MM-dd} in {Bin} bins as {Format}: {RowCount} rows")]
    private static partial void LogExport(ILogger logger, string chart, DateOnly from, DateOnly to, TimeBin bin, ExportFormat format, int rowCount);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information,
        Message = "Rejected an export of {Chart} because query parameter {Parameter} is invalid")]
    private static partial void LogInvalidParameter(ILogger logger, string chart, string parameter);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information,
        Message = "Rejected an export of {Chart} because the first-start database build is still running")]
    private static partial void LogBuildRunning(ILogger logger, string chart);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information,
        Message = "Rejected an export of {Chart} because the database has {PaperCount} papers but no topic model run")]
    private static partial void LogNoModelRun(ILogger logger, string chart, int paperCount);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Export of {Chart} failed while reading the database")]
    private static partial void LogExportFailed(ILogger logger, Exception error, string chart);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information,
        Message = "Rejected an export of an unknown chart; known charts are {KnownCharts}")]
    private static partial void LogUnknownChart(ILogger logger, string knownCharts);

    /// <summary>Writes an export table as an attachment with a safe file name.</summary>
    private sealed class ExportFileResult(ExportTable table, ExportFormat format, string fileName) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(fileName);

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = ExportFormats.GetContentType(format);
            response.Headers.ContentDisposition = disposition.ToString();
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.CacheControl = "no-store";

            await ExportFormats.WriteAsync(table, format, response.Body, httpContext.RequestAborted);
        }
    }
}
