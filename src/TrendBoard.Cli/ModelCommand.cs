using System.CommandLine;
using Microsoft.Extensions.Logging;
using System.Globalization;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Topics;

namespace TrendBoard.Cli;

/// <summary><c>trendboard model</c>: fits the topic model on every stored paper.</summary>
internal static class ModelCommand
{
    private static readonly Dictionary<string, TopicAlgorithm> Algorithms = new(StringComparer.Ordinal)
    {
        ["nmf"] = TopicAlgorithm.Nmf,
        ["kmeans"] = TopicAlgorithm.KMeans,
        ["nmf-kmeans"] = TopicAlgorithm.NmfKMeans,
        ["lda"] = TopicAlgorithm.Lda,
    };

    public static Command Create(CliContext context)
    {
        var defaults = new TopicModelOptions();
        var topics = new Option<string>("--topics")
        {
            Description = $"Number of topics (2 to 500), or 'auto' to choose it between --min-topics and --max-topics. Default {defaults.TopicCount}.",
            DefaultValueFactory = _ => defaults.TopicCount.ToString(CultureInfo.InvariantCulture),
        };
        topics.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (text != "auto" && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 2 and <= 500))
            {
                result.AddError($"--topics '{text}' is not valid. Give a number between 2 and 500, or 'auto'.");
            }
        });
        var minTopics = new Option<int>("--min-topics")
        {
            Description = $"With --topics auto: the smallest number of topics to try. Default {defaults.MinTopicCount}.",
            DefaultValueFactory = _ => defaults.MinTopicCount,
        };
        var maxTopics = new Option<int>("--max-topics")
        {
            Description = $"With --topics auto: the largest number of topics to try. Default {defaults.MaxTopicCount}.",
            DefaultValueFactory = _ => defaults.MaxTopicCount,
        };
        ValueParsers.AddRange(minTopics, 2, 500);
        ValueParsers.AddRange(maxTopics, 2, 500);

        var algorithm = new Option<string>("--algorithm")
        {
            Description = "Clustering algorithm: nmf (default), kmeans, nmf-kmeans or lda.",
            DefaultValueFactory = _ => "nmf",
        };
        algorithm.Validators.Add(result =>
        {
            var name = result.GetValueOrDefault<string>();
            if (!Algorithms.ContainsKey(name))
            {
                result.AddError($"--algorithm '{name}' is not valid. Use one of: {string.Join(", ", Algorithms.Keys)}.");
            }
        });
        var stability = new Option<bool>("--stability")
        {
            Description = "Fit a second time with another seed and report the agreement as stability_ari (doubles the time).",
        };
        var seed = new Option<int>("--seed")
        {
            Description = $"Random seed; the same data and seed give the same topics.",
            DefaultValueFactory = _ => defaults.Seed,
        };
        var database = CommonOptions.Database();

        var command = new Command("model", "Fit the topic model on every stored paper and make it the current run; topics that continue the previous run keep their ids.");
        foreach (var option in new Option[] { topics, minTopics, maxTopics, algorithm, stability, seed, database })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(context, async () =>
        {
            // Checked here, because a command validator reads 0 for a bound left at its default.
            if (parseResult.GetValue(minTopics) > parseResult.GetValue(maxTopics))
            {
                await context.Error.WriteLineAsync($"error: --min-topics {parseResult.GetValue(minTopics)} is above --max-topics {parseResult.GetValue(maxTopics)}. Swap them.");
                return CommandErrors.InvalidInput;
            }

            var topicsText = parseResult.GetValue(topics)!;
            var automatic = topicsText == "auto";
            var options = defaults with
            {
                TopicCount = automatic ? defaults.TopicCount : int.Parse(topicsText, CultureInfo.InvariantCulture),
                AutoTopicCount = automatic,
                MinTopicCount = parseResult.GetValue(minTopics),
                MaxTopicCount = parseResult.GetValue(maxTopics),
                Algorithm = Algorithms[parseResult.GetValue(algorithm)!],
                ComputeStability = parseResult.GetValue(stability),
                Seed = parseResult.GetValue(seed),
            };
            var databasePath = parseResult.GetValue(database)!;
            if (!await DatabaseFile.CheckExistsAsync(databasePath, "Run 'trendboard import' first, or pass --db.", context.Error))
            {
                return CommandErrors.InvalidInput;
            }

            using var store = await TrendStore.OpenAsync(databasePath, context.LoggerFactory.CreateLogger<TrendStore>(), cancellationToken);
            var builder = new CorpusBuilder(context.LoggerFactory);
            var previousRun = await store.GetCurrentModelRunAsync(cancellationToken);
            ModelRunSummary summary;
            try
            {
                summary = await builder.ModelAsync(store, options, new ProgressLine(context.Error), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The run is saved in one transaction, so it is either the current run now or not stored at all.
                var currentRun = await store.GetCurrentModelRunAsync(CancellationToken.None);
                await context.Error.WriteLineAsync(currentRun is not null && currentRun.Id != previousRun?.Id
                    ? $"cancelled after the new model run {currentRun.Id} was saved: it is the current run. Run 'trendboard topics list' to see its topics."
                    : "cancelled: the fit stopped before its run was saved, so the current topics are unchanged.");
                return CommandErrors.Cancelled;
            }

            var output = context.Output;
            await output.WriteLineAsync($"run {summary.RunId}: {summary.Topics} topics over {summary.Papers} papers in {summary.Seconds.ToString("F1", CultureInfo.InvariantCulture)} s");
            foreach (var (name, value) in summary.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                await output.WriteLineAsync($"  {name} = {value.ToString("G4", CultureInfo.InvariantCulture)}");
            }

            if (summary.Lineage is not null)
            {
                await output.WriteLineAsync($"lineage: {summary.Lineage.Summarize()}");
            }

            // A choice at the edge of the range may only mean that the best count lies outside it.
            if (options.AutoTopicCount && (summary.Topics == options.MinTopicCount || summary.Topics == options.MaxTopicCount))
            {
                var (edge, option) = summary.Topics == options.MinTopicCount ? ("lowest", "--min-topics") : ("highest", "--max-topics");
                await output.WriteLineAsync(
                    $"note: the automatic choice is the {edge} count tried ({summary.Topics}); widen the range with {option} to check whether a count beyond it scores better (scores: topic_count_score_K above)");
            }

            return 0;
        }));
        return command;
    }
}
