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
    public static Command Create(CliContext context)
    {
        var defaults = new TopicModelOptions();
        var topics = new Option<int>("--topics")
        {
            Description = $"Number of topics.",
            DefaultValueFactory = _ => defaults.TopicCount,
        };
        topics.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 2 or > 500)
            {
                result.AddError("--topics must be between 2 and 500.");
            }
        });
        var seed = new Option<int>("--seed")
        {
            Description = $"Random seed; the same data and seed give the same topics.",
            DefaultValueFactory = _ => defaults.Seed,
        };
        var database = CommonOptions.Database();

        var command = new Command("model", "Fit the topic model on every stored paper and make it the current run.");
        command.Options.Add(topics);
        command.Options.Add(seed);
        command.Options.Add(database);
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(context, async () =>
        {
            var options = defaults with { TopicCount = parseResult.GetValue(topics), Seed = parseResult.GetValue(seed) };
            using var store = await TrendStore.OpenAsync(parseResult.GetValue(database)!, context.LoggerFactory.CreateLogger<TrendStore>(), cancellationToken);
            var builder = new CorpusBuilder(context.LoggerFactory);
            var summary = await builder.ModelAsync(store, options, new ProgressLine(context.Error), cancellationToken);

            var output = context.Output;
            await output.WriteLineAsync($"run {summary.RunId}: {summary.Topics} topics over {summary.Papers} papers in {summary.Seconds.ToString("F1", CultureInfo.InvariantCulture)} s");
            foreach (var (name, value) in summary.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                await output.WriteLineAsync($"  {name} = {value.ToString("G4", CultureInfo.InvariantCulture)}");
            }

            return 0;
        }));
        return command;
    }
}
