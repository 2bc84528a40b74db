using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using TrendBoard.Core.Storage;

namespace TrendBoard.Cli;

/// <summary><c>trendboard topics list|rename</c>: shows the current run's topics and names them.</summary>
internal static class TopicsCommand
{
    private const int TermsShown = 8;

    public static Command Create(CliContext context)
    {
        var command = new Command("topics", "List the topics of the current model run or give a topic a name.");
        command.Subcommands.Add(CreateList(context));
        command.Subcommands.Add(CreateRename(context));
        return command;
    }

    private static Command CreateList(CliContext context)
    {
        var database = CommonOptions.Database();
        var command = new Command("list", $"Print each topic of the current run, tab-separated: id, size (papers in the topic now, including papers assigned after the fit), name (or automatic label) and its first {TermsShown} terms.");
        command.Options.Add(database);
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(context, async () =>
        {
            var databasePath = parseResult.GetValue(database)!;
            if (!await DatabaseFile.CheckExistsAsync(databasePath, DatabaseFile.ImportAndModelFirst, context.Error))
            {
                return CommandErrors.InvalidInput;
            }

            using var store = await TrendStore.OpenReadOnlyAsync(databasePath, context.LoggerFactory.CreateLogger<TrendStore>(), cancellationToken);
            var topics = await store.GetCurrentTopicsAsync(cancellationToken);
            if (topics.Count == 0)
            {
                await context.Error.WriteLineAsync($"error: database '{databasePath}' has no model run. Run 'trendboard model' first.");
                return CommandErrors.InvalidInput;
            }

            var output = context.Output;
            await output.WriteLineAsync("id\tsize\tname\tterms");
            foreach (var topic in topics)
            {
                var terms = string.Join(", ", topic.Terms.Take(TermsShown).Select(t => t.Term));
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{topic.TopicId}\t{topic.Papers}\t{topic.DisplayName}\t{terms}"));
            }

            return 0;
        }));
        return command;
    }

    private static Command CreateRename(CliContext context)
    {
        var id = new Argument<int>("ID") { Description = "The topic id, as 'trendboard topics list' prints it." };
        var name = new Argument<string>("NAME")
        {
            Description = $"The new name, shown in place of the automatic label; trimmed, at most {TopicNames.MaxLength} characters, no control, bidirectional or invisible formatting characters.",
        };
        var database = CommonOptions.Database();
        var command = new Command("rename", "Give a topic a name that dashboards and exports show; the name follows the topic id into later runs.");
        command.Arguments.Add(id);
        command.Arguments.Add(name);
        command.Options.Add(database);
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(context, async () =>
        {
            // Checked before the database opens, so a bad name never locks or creates the file.
            var normalized = TopicNames.Normalize(parseResult.GetValue(name)!);
            var databasePath = parseResult.GetValue(database)!;
            if (!await DatabaseFile.CheckExistsAsync(databasePath, DatabaseFile.ImportAndModelFirst, context.Error))
            {
                return CommandErrors.InvalidInput;
            }

            using var store = await TrendStore.OpenAsync(databasePath, context.LoggerFactory.CreateLogger<TrendStore>(), cancellationToken);
            var topicId = parseResult.GetValue(id);
            await store.RenameTopicAsync(topicId, normalized, cancellationToken);
            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"topic {topicId} is now named \"{normalized}\""));
            return 0;
        }));
        return command;
    }
}
