using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Core.Import;
using TrendBoard.Core.Topics;

namespace TrendBoard.TopicBench;

/// <summary>
/// Fits one topic model candidate on one corpus and writes the files the independent scorer reads:
/// topics.csv (topic_id,rank,term), assignments.csv (paper_id,topic_id) and run.json (time,
/// memory and TrendBoard's own metrics).
/// </summary>
internal static class Program
{
    private static readonly string Usage =
        "usage: TrendBoard.TopicBench --corpus PATH --format hf|arxiv --candidate NAME --out FOLDER [--topics K|auto] [--seed N] [--stability]\n"
        + "  --corpus     a folder of Daily Papers responses (*.json, *.json.gz) or of arXiv listings (*.jsonl)\n"
        + "  --format     hf for Daily Papers responses, arxiv for arXiv listings (labels = primary category)\n"
        + "  --candidate  " + string.Join(", ", Candidates.Names) + "\n"
        + "  --topics     number of topics, or auto to let the model choose; default: the candidate's default\n"
        + "  --seed       random seed; default 42\n"
        + "  --stability  also fit with a second seed and report the adjusted Rand index between the runs";

    public static async Task<int> Main(string[] args)
    {
        Dictionary<string, string> arguments;
        try
        {
            arguments = ParseArguments(args);
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine(exception.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        foreach (var required in new[] { "corpus", "format", "candidate", "out" })
        {
            if (!arguments.ContainsKey(required))
            {
                Console.Error.WriteLine($"The option --{required} is missing.");
                Console.Error.WriteLine(Usage);
                return 2;
            }
        }

        var loadWatch = Stopwatch.StartNew();
        var corpus = arguments["format"] switch
        {
            "hf" => await BenchCorpus.LoadDailyPapersAsync(arguments["corpus"], CancellationToken.None),
            "arxiv" => BenchCorpus.LoadArxivListings(arguments["corpus"]),
            var other => throw new ArgumentException($"Unknown --format '{other}'; use hf or arxiv."),
        };
        var loadSeconds = loadWatch.Elapsed.TotalSeconds;
        var memoryAfterLoad = CurrentWorkingSet();

        var options = Candidates.Create(arguments["candidate"]) with
        {
            Seed = arguments.TryGetValue("seed", out var seedText) ? int.Parse(seedText, CultureInfo.InvariantCulture) : 42,
            ComputeStability = arguments.ContainsKey("stability"),
        };
        if (arguments.TryGetValue("topics", out var topicsText))
        {
            options = topicsText == "auto"
                ? options with { AutoTopicCount = true }
                : options with { TopicCount = int.Parse(topicsText, CultureInfo.InvariantCulture), AutoTopicCount = false };
        }

        var modeler = new TopicModeler(NullLogger<TopicModeler>.Instance);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var fitWatch = Stopwatch.StartNew();
        var stages = new StageTimer(fitWatch);
        var result = modeler.Fit(corpus.Papers, options, corpus.Labels, stages, CancellationToken.None);
        var fitSeconds = fitWatch.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var run = new BenchRun(
            options.AutoTopicCount ? $"{arguments["candidate"]} (auto)" : arguments["candidate"],
            corpus.Papers.Count,
            result.Topics.Count,
            options.Seed,
            loadSeconds,
            fitSeconds,
            cpuSeconds,
            memoryAfterLoad / 1048576.0,
            process.PeakWorkingSet64 / 1048576.0,
            result.Algorithm,
            stages.SecondsByStage,
            result.Metrics);

        var folder = arguments["out"];
        Directory.CreateDirectory(folder);
        WriteTopics(Path.Combine(folder, "topics.csv"), result.Topics);
        WriteAssignments(Path.Combine(folder, "assignments.csv"), result.Assignments);
        WriteLabels(Path.Combine(folder, "labels.txt"), result.Topics);
        await File.WriteAllTextAsync(
            Path.Combine(folder, "run.json"),
            JsonSerializer.Serialize(run, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));

        Console.WriteLine(
            $"{run.Candidate}: {run.Topics} topics over {run.Papers} papers, fit {run.FitSeconds:F1} s, peak {run.PeakWorkingSetMiB:F0} MiB, "
            + $"npmi_window {Metric(result, "npmi_window")}, npmi {Metric(result, "npmi_coherence")}, diversity {Metric(result, "topic_diversity")}, "
            + $"nmi {Metric(result, "nmi_labels")}");
        Console.WriteLine("  stages: " + string.Join(", ", stages.SecondsByStage.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key} {e.Value:F2} s"))));
        return 0;
    }

    private static string Metric(TopicModelResult result, string name) =>
        result.Metrics.TryGetValue(name, out var value) ? value.ToString("F3", CultureInfo.InvariantCulture) : "-";

    private static long CurrentWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    /// <summary>Writes each topic's exported terms, which are the words the scorer tokenises.</summary>
    private static void WriteTopics(string path, IReadOnlyList<TopicInfo> topics)
    {
        var builder = new StringBuilder("topic_id,rank,term\n");
        foreach (var topic in topics)
        {
            foreach (var term in topic.Terms)
            {
                builder.Append(CultureInfo.InvariantCulture, $"{topic.TopicId},{term.Rank},{Quote(term.Term)}\n");
            }
        }

        File.WriteAllText(path, builder.ToString());
    }

    private static void WriteAssignments(string path, IReadOnlyList<TopicAssignment> assignments)
    {
        var builder = new StringBuilder("paper_id,topic_id,score\n");
        foreach (var assignment in assignments)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{Quote(assignment.PaperId)},{assignment.TopicId},{assignment.Score:R}\n");
        }

        File.WriteAllText(path, builder.ToString());
    }

    private static void WriteLabels(string path, IReadOnlyList<TopicInfo> topics)
    {
        var lines = topics.Select(t => string.Create(
            CultureInfo.InvariantCulture,
            $"{t.TopicId}\t{t.Size}\t{t.Label}\t{string.Join(", ", t.Terms.Take(10).Select(term => term.Term))}"));
        File.WriteAllLines(path, lines);
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static Dictionary<string, string> ParseArguments(string[] args)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'; options start with --.");
            }

            var name = args[i][2..];
            if (name == "stability")
            {
                arguments[name] = "true";
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"The option --{name} needs a value.");
            }

            arguments[name] = args[++i];
        }

        return arguments;
    }
}

/// <summary>What one candidate run cost and scored, as written to run.json.</summary>
internal sealed record BenchRun(
    string Candidate,
    int Papers,
    int Topics,
    int Seed,
    double LoadSeconds,
    double FitSeconds,
    double CpuSeconds,
    double WorkingSetAfterLoadMiB,
    double PeakWorkingSetMiB,
    string Algorithm,
    IReadOnlyDictionary<string, double> StageSeconds,
    IReadOnlyDictionary<string, double> Metrics);

/// <summary>Records how long each stage of a fit took, from the fit's progress reports.</summary>
internal sealed class StageTimer(Stopwatch stopwatch) : IProgress<TopicModelProgress>
{
    private string? _stage;
    private double _stageStart;

    public Dictionary<string, double> SecondsByStage { get; } = new(StringComparer.Ordinal);

    public void Report(TopicModelProgress value)
    {
        var now = stopwatch.Elapsed.TotalSeconds;
        if (_stage is not null)
        {
            SecondsByStage[_stage] = Math.Round(SecondsByStage.GetValueOrDefault(_stage) + now - _stageStart, 3);
        }

        _stage = value.Stage;
        _stageStart = now;
    }
}
