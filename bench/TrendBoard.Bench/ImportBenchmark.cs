using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;

namespace TrendBoard.Bench;

/// <summary>
/// The <c>import</c> command of the benchmark: builds a large arXiv listing JSON Lines file from
/// real listing files, imports it into a new database, then imports the bundled Hugging Face
/// corpus, printing papers per second and peak working set for each.
/// </summary>
/// <remarks>
/// Copy k of the listing rows keeps every field of the real row and gets a derived id that is a
/// valid new-style arXiv id (<c>30MM.NNNNN</c> and up, never a real one). Rows that share an id in
/// the source (cross-listings) share the derived id within a copy, so the file has the same share
/// of repeated ids as the real listings. The whole file is one listing day, the day of the last
/// source file, because listing rows take their publication day from the file name.
/// </remarks>
internal static class ImportBenchmark
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/TrendBoard.Bench -- import --listings DIR [options]
          --listings DIR   folder of arXiv daily listing files (YYYY-MM-DD.jsonl) whose rows are repeated
          --records N      rows in the generated JSON Lines file (default: 1000000)
          --corpus PATH    Hugging Face Daily Papers folder to import as well (default: the repository's data/hf-daily-papers)
          --work DIR       folder for the generated file and the databases (default: trendboard-bench-import under the temp folder)
          --parse-only     time parsing alone (no database) as well, to separate parse cost from store cost
          --jsonl PATH     reuse the JSON Lines file at PATH when it exists, else generate it there, and keep it;
                           the name must be a listing day, such as /tmp/2026-06-30.jsonl
        The generated file (unless given with --jsonl) and the databases are deleted at the end.
        """;

    /// <summary>The records between two working-set samples of an import.</summary>
    private const int SampleEvery = 100_000;

    /// <summary>Ids a derived id can take per two-digit year: 12 months of 99,999 numbers.</summary>
    private const int IdsPerYear = 12 * 99_999;

    public static async Task<int> RunAsync(string[] args, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var options = ImportBenchOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        Directory.CreateDirectory(options.WorkFolder);
        Console.WriteLine(Invariant($"machine: {Environment.ProcessorCount} logical processors, {MachineInfo.CpuModel()}, {MachineInfo.TotalMemoryGiB():F1} GiB RAM, {MachineInfo.OsDescription()}"));

        string jsonlPath;
        if (options.JsonlPath is not null && File.Exists(options.JsonlPath))
        {
            jsonlPath = options.JsonlPath;
            Console.WriteLine(Invariant($"reused {jsonlPath}: {new FileInfo(jsonlPath).Length / 1048576.0:F0} MiB"));
        }
        else
        {
            var generated = Stopwatch.StartNew();
            jsonlPath = await WriteReplicatedListingAsync(options.ListingsFolder, options.Records, options.JsonlPath, options.WorkFolder, cancellationToken);
            Console.WriteLine(Invariant($"generated {jsonlPath}: {options.Records:N0} rows, {new FileInfo(jsonlPath).Length / 1048576.0:F0} MiB in {generated.Elapsed.TotalSeconds:F1} s"));
        }

        try
        {
            if (options.ParseOnly)
            {
                await TimeParseAsync(jsonlPath, cancellationToken);
            }

            // The store's debug log of the large file shows where its writer spent the time.
            using (var timingLoggerFactory = LoggerFactory.Create(logging => logging
                .AddSimpleConsole(console => console.SingleLine = true)
                .SetMinimumLevel(LogLevel.Warning)
                .AddFilter(typeof(TrendStore).FullName, LogLevel.Debug)))
            {
                await TimeImportAsync("arXiv listing JSONL", [jsonlPath], options.WorkFolder, timingLoggerFactory, cancellationToken);
            }

            await TimeImportAsync("bundled hf-daily-papers", [options.CorpusPath], options.WorkFolder, loggerFactory, cancellationToken);
        }
        finally
        {
            if (options.JsonlPath is null)
            {
                File.Delete(jsonlPath);
            }
        }

        return 0;
    }

    /// <summary>
    /// Writes <paramref name="records"/> rows built from the listing files to <paramref name="path"/>,
    /// or to a file named by the listing day in <paramref name="workFolder"/>, and returns the file's path.
    /// </summary>
    private static async Task<string> WriteReplicatedListingAsync(string listingsFolder, int records, string? path, string workFolder, CancellationToken cancellationToken)
    {
        var sources = Directory.GetFiles(listingsFolder, "*.jsonl").Order(StringComparer.Ordinal).ToList();
        var rows = new List<(string Prefix, string Suffix, int IdIndex)>();
        var idIndexes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var line in File.ReadLines(source))
            {
                if (TrySplitAtId(line, out var prefix, out var id, out var suffix))
                {
                    if (!idIndexes.TryGetValue(id, out var index))
                    {
                        index = idIndexes.Count;
                        idIndexes.Add(id, index);
                    }

                    rows.Add((prefix, suffix, index));
                }
            }
        }

        if (rows.Count == 0)
        {
            throw new InvalidDataException($"No listing rows with an \"id\" were found in the .jsonl files of '{listingsFolder}'; pass a folder of arXiv listing files.");
        }

        var listingDay = Path.GetFileNameWithoutExtension(sources[^1]);
        path ??= Path.Combine(workFolder, listingDay + ".jsonl");
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 20);
        for (var written = 0; written < records; written++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var copy = written / rows.Count;
            var (prefix, suffix, idIndex) = rows[written % rows.Count];
            var n = (copy * idIndexes.Count) + idIndex;
            var derivedId = Invariant($"{30 + (n / IdsPerYear):D2}{1 + ((n / 99_999) % 12):D2}.{(n % 99_999) + 1:D5}");
            await writer.WriteAsync(prefix);
            await writer.WriteAsync(derivedId);
            await writer.WriteLineAsync(suffix);
        }

        return path;
    }

    /// <summary>Splits a row around the value of its <c>"id"</c> property, which the listing files write first.</summary>
    private static bool TrySplitAtId(string line, out string prefix, out string id, out string suffix)
    {
        prefix = id = suffix = string.Empty;
        using var document = JsonDocument.Parse(line);
        if (!document.RootElement.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        id = idElement.GetString()!;
        var marker = $"\"id\": \"{id}\"";
        var start = line.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        prefix = line[..(start + 7)];
        suffix = line[(start + marker.Length - 1)..];
        return true;
    }

    private static async Task TimeParseAsync(string path, CancellationToken cancellationToken)
    {
        var sink = new CountingSink();
        var stopwatch = Stopwatch.StartNew();
        await PaperFileReader.ReadAsync(path, PaperReadOptions.Default, sink, cancellationToken);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(Invariant($"parse only: {sink.Papers:N0} papers in {seconds:F1} s ({sink.Papers / seconds:F0} papers/s), {sink.Rejects} rejects"));
    }

    private static async Task TimeImportAsync(string name, IReadOnlyList<string> paths, string workFolder, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var databasePath = Path.Combine(workFolder, "import-bench.duckdb");
        DeleteDatabase(databasePath);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        MachineInfo.ResetPeakWorkingSet();

        var samples = new List<string>();
        var nextSample = SampleEvery;
        var progress = new SynchronousProgress(value =>
        {
            // Working set at every 100,000 records shows whether memory grows with the file.
            if (value.Detail is not null && TryReadStoredCount(value.Detail, out var stored) && stored >= nextSample)
            {
                samples.Add(Invariant($"{stored:N0}: {Environment.WorkingSet / 1048576.0:F0} MiB ({GC.GetTotalMemory(false) / 1048576.0:F0} MiB managed)"));
                nextSample += SampleEvery;
            }
        });

        try
        {
            var stopwatch = Stopwatch.StartNew();
            IReadOnlyList<ImportSummary> summaries;
            await using (var store = await TrendStore.OpenAsync(databasePath, loggerFactory.CreateLogger<TrendStore>(), cancellationToken))
            {
                var builder = new CorpusBuilder(loggerFactory);
                summaries = await builder.ImportAsync(store, paths, PaperReadOptions.Default, rejected: null, progress, cancellationToken);
            }

            var seconds = stopwatch.Elapsed.TotalSeconds;
            var read = summaries.Sum(s => (long)s.Read);
            var papers = summaries.Sum(s => (long)s.New);
            Console.WriteLine(Invariant(
                $"import {name}: {summaries.Count} files, {read:N0} records, {papers:N0} papers, {summaries.Sum(s => s.Rejected)} rejects in {seconds:F1} s: {read / seconds:F0} records/s, {papers / seconds:F0} papers/s; peak working set {MachineInfo.PeakWorkingSetMiB():F0} MiB; database {new FileInfo(databasePath).Length / 1048576.0:F0} MiB"));
            if (samples.Count > 0)
            {
                Console.WriteLine("  working set after records stored: " + string.Join(", ", samples));
            }
        }
        finally
        {
            DeleteDatabase(databasePath);
        }
    }

    private static bool TryReadStoredCount(string detail, out long stored)
    {
        stored = 0;
        var end = detail.LastIndexOf(" records stored", StringComparison.Ordinal);
        var start = detail.LastIndexOf(": ", StringComparison.Ordinal);
        return end > start && start >= 0
            && long.TryParse(detail[(start + 2)..end], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out stored);
    }

    private static void DeleteDatabase(string path)
    {
        File.Delete(path);
        File.Delete(path + ".wal");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Counts what a reader parses and keeps nothing.</summary>
    private sealed class CountingSink : IPaperRecordSink
    {
        public long Papers { get; private set; }

        public long Rejects { get; private set; }

        public void AddPaper(PaperRecord paper, string position) => Papers++;

        public void AddReject(ImportReject reject) => Rejects++;

        public void AddNotice(string notice)
        {
        }
    }

    /// <summary>Calls the handler on the reporting thread, so every report is seen in order.</summary>
    private sealed class SynchronousProgress(Action<PipelineProgress> handler) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => handler(value);
    }
}

/// <summary>Command-line settings of the import benchmark.</summary>
internal sealed record ImportBenchOptions(string ListingsFolder, int Records, string CorpusPath, string WorkFolder, bool ParseOnly, string? JsonlPath)
{
    public static ImportBenchOptions? Parse(string[] args)
    {
        string? listings = null;
        var records = 1_000_000;
        var corpusPath = TrendBoardPaths.DefaultCorpusPath();
        var workFolder = Path.Combine(Path.GetTempPath(), "trendboard-bench-import");
        var parseOnly = false;
        string? jsonlPath = null;

        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--listings" when value is not null:
                    listings = value;
                    break;
                case "--records" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0:
                    records = count;
                    break;
                case "--corpus" when value is not null:
                    corpusPath = value;
                    break;
                case "--work" when value is not null:
                    workFolder = value;
                    break;
                case "--jsonl" when value is not null:
                    jsonlPath = Path.GetFullPath(value);
                    break;
                case "--parse-only":
                    parseOnly = true;
                    continue;
                default:
                    Console.Error.WriteLine($"error: invalid or missing value for option '{args[i]}'; see the usage below.");
                    return null;
            }

            i++;
        }

        if (listings is null || !Directory.Exists(listings))
        {
            Console.Error.WriteLine($"error: the listings folder '{listings}' was not found; pass --listings with a folder of arXiv listing .jsonl files.");
            return null;
        }

        if (corpusPath is null)
        {
            Console.Error.WriteLine("error: no corpus folder found; run inside a TrendBoard checkout or pass --corpus.");
            return null;
        }

        return new ImportBenchOptions(Path.GetFullPath(listings), records, corpusPath, Path.GetFullPath(workFolder), parseOnly, jsonlPath);
    }
}
