using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Topics;

namespace TrendBoard.Cli;

/// <summary>
/// <c>trendboard bench</c>: times a first start (import and model into a new database) and
/// every chart query, and prints the numbers with the process's peak memory.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var corpus = new Option<string>("--corpus")
        {
            Description = "Folder or file of paper files to import. Default: the bundled data/hf-daily-papers.",
            DefaultValueFactory = _ => TrendBoardPaths.DefaultCorpusPath() ?? "data/hf-daily-papers",
        };
        var repeat = new Option<int>("--repeat")
        {
            Description = "Runs of each chart query, 1 to 1000; the median and maximum are printed.",
            DefaultValueFactory = _ => 20,
        };
        ValueParsers.AddRange(repeat, 1, 1000);
        var keep = new Option<string?>("--keep") { Description = "Path to keep the built database at. Default: a temporary file, deleted afterwards." };

        var command = new Command("bench", "Time a first start (import + model) into a new database and every chart query.");
        command.Options.Add(corpus);
        command.Options.Add(repeat);
        command.Options.Add(keep);
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(context, async () =>
        {
            var corpusPath = parseResult.GetValue(corpus)!;
            if (!Directory.Exists(corpusPath) && !File.Exists(corpusPath))
            {
                await context.Error.WriteLineAsync($"error: corpus '{corpusPath}' was not found. Pass --corpus with a folder of paper files.");
                return 2;
            }

            var folder = Directory.CreateTempSubdirectory("trendboard-bench-").FullName;
            var databasePath = parseResult.GetValue(keep) ?? Path.Combine(folder, "bench.duckdb");
            try
            {
                await RunAsync(context, corpusPath, databasePath, parseResult.GetValue(repeat), cancellationToken);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }

            return 0;
        }));
        return command;
    }

    private static async Task RunAsync(CliContext context, string corpusPath, string databasePath, int repeat, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var builder = new CorpusBuilder(context.LoggerFactory);
        var progress = new ProgressLine(context.Error);

        var total = Stopwatch.StartNew();
        using var store = await TrendStore.OpenAsync(databasePath, context.LoggerFactory.CreateLogger<TrendStore>(), cancellationToken);
        var import = Stopwatch.StartNew();
        var summaries = await builder.ImportAsync(store, [corpusPath], progress, cancellationToken);
        var importSeconds = import.Elapsed.TotalSeconds;
        var model = await builder.ModelAsync(store, new TopicModelOptions(), progress, cancellationToken);
        var firstStartSeconds = total.Elapsed.TotalSeconds;

        var papers = summaries.Sum(s => s.New);
        await output.WriteLineAsync(Invariant($"files: {summaries.Count}, papers: {papers}"));
        await output.WriteLineAsync(Invariant($"import: {importSeconds:F2} s ({papers / importSeconds:F0} papers/s)"));
        await output.WriteLineAsync(Invariant($"model: {model.Seconds:F2} s ({model.Topics} topics)"));
        await output.WriteLineAsync(Invariant($"first start (import + model): {firstStartSeconds:F2} s"));

        var analytics = new TrendAnalytics(store);
        var summary = await analytics.GetSummaryAsync(cancellationToken);
        var filter = new TrendFilter(summary.FirstPublished!.Value, summary.LastPublished!.Value);
        await output.WriteLineAsync(Invariant($"chart queries over {filter.From:yyyy-MM-dd}..{filter.To:yyyy-MM-dd}, {repeat} runs each after one warm-up:"));
        foreach (var chart in ChartExports.All)
        {
            foreach (var bin in new[] { TimeBin.Week, TimeBin.Month })
            {
                var query = new ChartExportQuery(filter with { Bin = bin });
                await chart.QueryAsync(analytics, query, cancellationToken);
                var times = new List<double>(repeat);
                var rows = 0;
                for (var run = 0; run < repeat; run++)
                {
                    var stopwatch = Stopwatch.StartNew();
                    rows = (await chart.QueryAsync(analytics, query, cancellationToken)).Rows.Count;
                    times.Add(stopwatch.Elapsed.TotalMilliseconds);
                }

                times.Sort();
                await output.WriteLineAsync(Invariant($"  {chart.Name,-9} {bin.ToString().ToLowerInvariant(),-6} median {times[times.Count / 2],7:F1} ms  max {times[^1],7:F1} ms  rows {rows}"));
            }
        }

        using var process = Process.GetCurrentProcess();
        await output.WriteLineAsync(Invariant($"peak memory (working set): {process.PeakWorkingSet64 / (1024.0 * 1024.0):F0} MiB"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
