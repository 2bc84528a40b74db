using System.CommandLine;
using Microsoft.Extensions.Logging;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;

namespace TrendBoard.Cli;

/// <summary><c>trendboard import PATH...</c>: reads paper files into the database.</summary>
internal static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Files or folders to import (.json or .json.gz; folders are read recursively in name order).",
            Arity = ArgumentArity.OneOrMore,
        };
        var database = CommonOptions.Database();

        var command = new Command("import", "Import paper files into the database, one transaction per file.");
        command.Arguments.Add(paths);
        command.Options.Add(database);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var inputs = parseResult.GetValue(paths) ?? [];
            foreach (var input in inputs)
            {
                if (!File.Exists(input) && !Directory.Exists(input))
                {
                    await context.Error.WriteLineAsync($"error: input '{input}' was not found. Give an existing file or folder.");
                    return 2;
                }
            }

            var databasePath = parseResult.GetValue(database)!;
            using var store = await TrendStore.OpenAsync(databasePath, context.LoggerFactory.CreateLogger<TrendStore>(), cancellationToken);
            var builder = new CorpusBuilder(context.LoggerFactory);
            var summaries = await builder.ImportAsync(store, inputs, new ProgressLine(context.Error), cancellationToken);

            SummaryTable.Write(context.Output, summaries);
            return summaries.Any(s => s.Rejected > 0) ? 1 : 0;
        });
        return command;
    }
}
