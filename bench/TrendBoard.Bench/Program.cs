using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using TrendBoard.Bench;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Import;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;

if (args.Length > 0 && args[0] == "import")
{
    using var importLoggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
    using var importCancellation = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        importCancellation.Cancel();
    };
    return await ImportBenchmark.RunAsync(args[1..], importLoggerFactory, importCancellation.Token);
}

var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var build = Stopwatch.StartNew();
await ReplicatedCorpus.BuildAsync(options.DatabasePath, options.CorpusPath, options.Papers, loggerFactory, cancellation.Token);
Console.WriteLine(Invariant($"database: {options.DatabasePath} (ready in {build.Elapsed.TotalSeconds:F1} s)"));

await using var store = await TrendStore.OpenAsync(options.DatabasePath, null, cancellation.Token);
var analytics = new TrendAnalytics(store);
var summary = await analytics.GetSummaryAsync(cancellation.Token);
Console.WriteLine(Invariant($"papers: {summary.Papers}, published {summary.FirstPublished:yyyy-MM-dd}..{summary.LastPublished:yyyy-MM-dd}, run {summary.CurrentRunId}"));
Console.WriteLine(Invariant($"machine: {Environment.ProcessorCount} logical processors, {MachineInfo.CpuModel()}, {MachineInfo.OsDescription()}"));
Console.WriteLine(Invariant($"each query: 1 warm-up run, then the median and maximum of {options.Repeat} runs"));

// The first query after an import or a model run rebuilds the analytics cache; time it on its own.
var first = Stopwatch.StartNew();
await analytics.GetTopicVolumeAsync(new TrendFilter(summary.LastPublished!.Value, summary.LastPublished!.Value), cancellation.Token);
Console.WriteLine(Invariant($"first query (rebuilds the analytics cache when stale): {first.Elapsed.TotalMilliseconds:F0} ms"));
Console.WriteLine("| query | range | median ms | max ms | rows |");
Console.WriteLine("|---|---|---:|---:|---:|");

var queries = AnalyticsQueries.Create(summary.FirstPublished!.Value, summary.LastPublished!.Value);
foreach (var query in queries)
{
    if (options.Only is not null && !query.Name.Contains(options.Only, StringComparison.Ordinal))
    {
        continue;
    }

    var rows = await query.Run(analytics, cancellation.Token);
    var times = new List<double>(options.Repeat);
    for (var run = 0; run < options.Repeat; run++)
    {
        var stopwatch = Stopwatch.StartNew();
        rows = await query.Run(analytics, cancellation.Token);
        times.Add(stopwatch.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    Console.WriteLine(Invariant($"| {query.Name} | {query.Range} | {times[times.Count / 2]:F1} | {times[^1]:F1} | {rows} |"));
}

// An import makes the cache stale; the next query refreshes only the papers that changed. Time
// that first query after importing the newest corpus file again, whose papers are all stored.
var newestFile = Directory.GetFiles(options.CorpusPath, "*.json.gz").Order(StringComparer.Ordinal).Last();
var parsed = await PaperFileReader.ReadAsync(newestFile, cancellation.Token);
var import = await store.ImportAsync(parsed, cancellation.Token);
var refresh = Stopwatch.StartNew();
await analytics.GetTopicVolumeAsync(new TrendFilter(summary.LastPublished!.Value, summary.LastPublished!.Value), cancellation.Token);
Console.WriteLine(Invariant($"first query after importing {Path.GetFileName(newestFile)} again ({import.Updated} papers updated): {refresh.Elapsed.TotalMilliseconds:F0} ms"));

return 0;

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
