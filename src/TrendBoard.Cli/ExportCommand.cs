using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;
using TrendBoard.Core.Storage;

namespace TrendBoard.Cli;

/// <summary>
/// <c>trendboard export CHART</c>: writes the rows behind one dashboard chart, with the same
/// filters as the web app's export endpoint.
/// </summary>
internal static class ExportCommand
{
    private const string DateFormat = "yyyy-MM-dd";

    public static Command Create(CliContext context)
    {
        var chartNames = string.Join(", ", ChartExports.All.Select(c => c.Name).Concat(ModelExports.Names));
        var chart = new Argument<string>("CHART")
        {
            Description = $"The chart whose data to write: {chartNames}. 'topics' writes each topic's ranked terms and 'assignments' each paper's topic (-1 for an outlier); both ignore the filters.",
        };
        chart.Validators.Add(result =>
        {
            var name = result.GetValueOrDefault<string>();
            if (ChartExports.Find(name) is null && !ModelExports.Names.Contains(name))
            {
                result.AddError($"Unknown chart '{name}'. Use one of: {chartNames}.");
            }
        });

        var from = DateOption("--from", "First day of the range (yyyy-MM-dd, UTC, inclusive). Default: the first stored paper's day.");
        var to = DateOption("--to", "Last day of the range (yyyy-MM-dd, UTC, inclusive). Default: the last stored paper's day.");
        var bin = new Option<TimeBin>("--bin")
        {
            Description = "Time bin: day, week (starting Monday) or month.",
            DefaultValueFactory = _ => TimeBin.Week,
        };
        var dateBasis = new Option<DateBasis>("--date-basis")
        {
            Description = "Which date places a paper in time: published (arXiv) or featured (Daily Papers).",
            DefaultValueFactory = _ => DateBasis.Published,
        };
        var topics = new Option<string?>("--topics") { Description = "Comma-separated topic ids to keep, for example 0,3,7. Default: every topic." };
        var minPapers = new Option<int>("--min-papers")
        {
            Description = $"keywords only: the minimum number of papers a pair must share.",
            DefaultValueFactory = _ => ChartExports.DefaultMinPapers,
        };
        var limit = new Option<int>("--limit")
        {
            Description = $"keywords and papers only: the maximum number of rows, up to {ChartExports.MaxKeywordLimit}.",
            DefaultValueFactory = _ => ChartExports.DefaultKeywordLimit,
        };
        var format = new Option<ExportFormat>("--format")
        {
            Description = "Output format: csv or json.",
            DefaultValueFactory = _ => ExportFormat.Csv,
        };
        var output = new Option<string?>("--out") { Description = "File to write. Default: standard output." };
        var database = CommonOptions.Database();

        var command = new Command("export", "Write the rows behind a dashboard chart as CSV or JSON.");
        command.Arguments.Add(chart);
        foreach (var option in new Option[] { from, to, bin, dateBasis, topics, minPapers, limit, format, output, database })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(context, async () =>
        {
            if (!TryParseTopicIds(parseResult.GetValue(topics), out var topicIds, out var topicError))
            {
                await context.Error.WriteLineAsync($"error: {topicError}");
                return 2;
            }

            var databasePath = parseResult.GetValue(database)!;
            if (!File.Exists(databasePath))
            {
                await context.Error.WriteLineAsync($"error: database '{databasePath}' was not found. Run 'trendboard import' and 'trendboard model' first, or pass --db.");
                return 2;
            }

            using var store = await TrendStore.OpenReadOnlyAsync(databasePath, context.LoggerFactory.CreateLogger<TrendStore>(), cancellationToken);
            var chartName = parseResult.GetValue(chart)!;
            if (ModelExports.Names.Contains(chartName))
            {
                var modelTable = await ModelExports.QueryAsync(store, chartName, cancellationToken);
                await WriteAsync(modelTable, parseResult.GetValue(format), parseResult.GetValue(output), context.Output, cancellationToken);
                context.LoggerFactory.CreateLogger(typeof(ExportCommand)).LogInformation("Export finished: {Chart}, {RowCount} rows", chartName, modelTable.Rows.Count);
                return 0;
            }

            var analytics = new TrendAnalytics(store);
            var summary = await analytics.GetSummaryAsync(cancellationToken);
            var first = parseResult.GetValue(from) ?? summary.FirstPublished;
            var last = parseResult.GetValue(to) ?? summary.LastPublished;
            if (first is null || last is null)
            {
                await context.Error.WriteLineAsync($"error: database '{databasePath}' contains no papers, so the range has no default. Pass --from and --to, or import papers first.");
                return 2;
            }

            if (first > last)
            {
                await context.Error.WriteLineAsync($"error: --from {first.Value.ToString(DateFormat, CultureInfo.InvariantCulture)} is after --to {last.Value.ToString(DateFormat, CultureInfo.InvariantCulture)}. Swap them.");
                return 2;
            }

            var filter = new TrendFilter(first.Value, last.Value)
            {
                Bin = parseResult.GetValue(bin),
                DateBasis = parseResult.GetValue(dateBasis),
                TopicIds = topicIds,
            };
            var query = new ChartExportQuery(filter) { MinPapers = parseResult.GetValue(minPapers), Limit = parseResult.GetValue(limit) };
            var export = ChartExports.Find(parseResult.GetValue(chart))!;
            var table = await export.QueryAsync(analytics, query, cancellationToken);

            await WriteAsync(table, parseResult.GetValue(format), parseResult.GetValue(output), context.Output, cancellationToken);
            context.LoggerFactory.CreateLogger(typeof(ExportCommand)).LogInformation(
                "Export finished: {Chart} {From}..{To}, {RowCount} rows",
                export.Name,
                filter.From.ToString(DateFormat, CultureInfo.InvariantCulture),
                filter.To.ToString(DateFormat, CultureInfo.InvariantCulture),
                table.Rows.Count);
            return 0;
        }));
        return command;
    }

    private static Option<DateOnly?> DateOption(string name, string description)
    {
        return new Option<DateOnly?>(name)
        {
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
                if (DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    return day;
                }

                result.AddError($"{name} '{text}' is not a date. Use yyyy-MM-dd, for example 2025-03-17.");
                return null;
            },
        };
    }

    internal static bool TryParseTopicIds(string? text, out IReadOnlyList<int> topicIds, out string? error)
    {
        topicIds = [];
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var ids = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) || id < -1)
            {
                error = $"--topics '{text}' holds '{part}', which is not a topic id. Give comma-separated integers of -1 or more, for example 0,3,7.";
                return false;
            }

            ids.Add(id);
        }

        topicIds = ids;
        return true;
    }

    private static async Task WriteAsync(ExportTable table, ExportFormat format, string? outputPath, TextWriter standardOutput, CancellationToken cancellationToken)
    {
        if (outputPath is null)
        {
            using var buffer = new MemoryStream();
            await ExportFormats.WriteAsync(table, format, buffer, cancellationToken);
            await standardOutput.WriteAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            await standardOutput.FlushAsync(cancellationToken);
            return;
        }

        // Written next to the target and moved into place, so a failed export never leaves a half file.
        var fullPath = Path.GetFullPath(outputPath);
        var temporaryPath = fullPath + ".partial";
        await using (var file = File.Create(temporaryPath))
        {
            await ExportFormats.WriteAsync(table, format, file, cancellationToken);
        }

        File.Move(temporaryPath, fullPath, overwrite: true);
    }
}
