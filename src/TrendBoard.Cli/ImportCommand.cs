using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;
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
            Description = "Files, folders or glob patterns to import (.json, .jsonl, .xml, .html, .csv, .txt and their .gz; folders are read recursively in name order; quote a pattern such as 'data/**/*.json.gz' to let trendboard expand it).",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string?>("--format")
        {
            Description = $"Read every file as this format instead of detecting it from the content: {string.Join(", ", PaperFileReader.FormatNames)}.",
        };
        format.Validators.Add(result =>
        {
            var name = result.GetValueOrDefault<string?>();
            if (name is not null && !PaperFileReader.FormatNames.Contains(name))
            {
                result.AddError($"--format '{name}' is not valid. Use one of: {string.Join(", ", PaperFileReader.FormatNames)}.");
            }
        });
        var captureDate = new Option<DateOnly?>("--capture-date")
        {
            Description = "Day a copied Hugging Face page was captured (yyyy-MM-dd); gives dates without a year their year. Without it the file's modification time is used.",
        };
        captureDate.CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return null;
            }

            var text = result.Tokens[0].Value;
            if (!ValueParsers.TryConvert(typeof(DateOnly), captureDate.Name, text, out var value, out var error))
            {
                result.AddError(error!);
                return null;
            }

            // Today in UTC+14 is the latest day that is not in the future anywhere, the same limit
            // the import applies to every record's dates.
            var day = (DateOnly)value!;
            var now = context.Clock.GetUtcNow().UtcDateTime;
            if (day > DateOnly.FromDateTime(now.AddHours(14)))
            {
                result.AddError(string.Create(
                    CultureInfo.InvariantCulture,
                    $"--capture-date {day:yyyy-MM-dd} is in the future (today is {now:yyyy-MM-dd} UTC). Give the day the files were saved, or leave the option out to use each file's modification day."));
                return null;
            }

            return day;
        };
        var csvColumns = new Option<string[]>("--csv-column")
        {
            Description = $"Map a CSV field to a header name, as FIELD=HEADER (repeatable). Fields: {string.Join(", ", CsvColumnMapping.FieldNames)}. Unmapped fields are found by their usual header names.",
            AllowMultipleArgumentsPerToken = false,
        };
        csvColumns.Validators.Add(result =>
        {
            if (CsvColumnMapping.TryApply(CsvFormatOptions.Default, result.GetValueOrDefault<string[]>() ?? [], out _, out var error) is false)
            {
                result.AddError(error!);
            }
        });
        var csvDelimiter = new Option<string?>("--csv-delimiter")
        {
            Description = "Field delimiter of CSV files: one character such as ';', or 'tab'; a comma by default.",
        };
        csvDelimiter.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && ParseDelimiter(value) is null)
            {
                result.AddError($"--csv-delimiter '{value}' is not valid. Use one character other than a quote, such as ';', or the word 'tab'.");
            }
        });
        var database = CommonOptions.Database();

        var command = new Command("import", "Import paper files into the database, one transaction per file.");
        command.Arguments.Add(paths);
        command.Options.Add(format);
        command.Options.Add(captureDate);
        command.Options.Add(csvColumns);
        command.Options.Add(csvDelimiter);
        command.Options.Add(database);
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(context, async () =>
        {
            var inputs = new List<string>();
            foreach (var input in parseResult.GetValue(paths) ?? [])
            {
                if (PathPatterns.IsPattern(input))
                {
                    var matches = PathPatterns.Expand(input);
                    if (matches.Count == 0)
                    {
                        await context.Error.WriteLineAsync($"error: pattern '{input}' matches no file. Check the folder and the pattern (* matches within a folder, ** across folders).");
                        return 2;
                    }

                    inputs.AddRange(matches);
                }
                else if (File.Exists(input) || Directory.Exists(input))
                {
                    inputs.Add(input);
                }
                else if (input.StartsWith('-'))
                {
                    // Unknown options reach the paths argument, because it takes any number of values.
                    await context.Error.WriteLineAsync($"error: '{input}' is not an option of 'trendboard import'. Run 'trendboard import --help' to see the options.");
                    return 2;
                }
                else
                {
                    await context.Error.WriteLineAsync($"error: input '{input}' was not found. Give an existing file or folder.");
                    return 2;
                }
            }

            var databasePath = parseResult.GetValue(database)!;
            if (!await DatabaseFile.CheckNotDirectoryAsync(databasePath, context.Error))
            {
                return CommandErrors.InvalidInput;
            }

            using var store = await TrendStore.OpenAsync(databasePath, context.LoggerFactory.CreateLogger<TrendStore>(), cancellationToken);
            var builder = new CorpusBuilder(context.LoggerFactory);
            CsvColumnMapping.TryApply(CsvFormatOptions.Default, parseResult.GetValue(csvColumns) ?? [], out var csv, out _);
            if (ParseDelimiter(parseResult.GetValue(csvDelimiter)) is char delimiter)
            {
                csv = csv! with { Delimiter = delimiter };
            }

            var options = PaperReadOptions.Default with
            {
                FormatName = parseResult.GetValue(format),
                CaptureDate = parseResult.GetValue(captureDate),
                Csv = csv,
                TimeProvider = context.Clock,
            };
            IReadOnlyList<ImportSummary> summaries;
            try
            {
                summaries = await builder.ImportAsync(
                    store,
                    inputs,
                    options,
                    file => WriteRejects(context.Error, file),
                    (file, notices) => WriteNotices(context.Error, file, notices),
                    new ProgressLine(context.Error),
                    cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await context.Error.WriteLineAsync(
                    "cancelled: each file is imported in one transaction, so the files stored before the cancel stay stored and the file in progress was rolled back. Run the same command again to import the rest; stored files count as unchanged.");
                return CommandErrors.Cancelled;
            }

            SummaryTable.Write(context.Output, summaries);

            // Papers new to the database join the current run's topics without a refit.
            if (await store.GetCurrentModelRunAsync(cancellationToken) is not null)
            {
                if (await store.GetCurrentTopicModelAsync(cancellationToken) is null)
                {
                    await context.Output.WriteLineAsync("the current topic model run has no stored model, so new papers were not assigned; run 'trendboard model' to refit");
                }
                else
                {
                    int assigned;
                    try
                    {
                        assigned = await builder.AssignNewPapersAsync(store, new ProgressLine(context.Error), cancellationToken);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        await context.Error.WriteLineAsync(
                            "cancelled while assigning new papers to topics: the imported files stay stored, but their new papers are not in the charts yet. Run the same command again (stored files count as unchanged) to assign them.");
                        return CommandErrors.Cancelled;
                    }

                    await context.Output.WriteLineAsync($"assigned {assigned} new papers to the current topics");
                }
            }

            return summaries.Any(s => s.Rejected > 0) ? 1 : 0;
        }));
        return command;
    }

    private static char? ParseDelimiter(string? value) => CsvFormatOptions.ParseDelimiter(value);

    /// <summary>
    /// Writes each notice of a stored file on its own line, such as a CSV file without a date
    /// column or a page that may be cut short: its papers were stored, but the user may need to act.
    /// </summary>
    internal static void WriteNotices(TextWriter error, string sourceFile, IReadOnlyList<string> notices)
    {
        foreach (var notice in notices)
        {
            error.WriteLine($"notice: {sourceFile}: {notice}");
        }
    }

    internal static void WriteRejects(TextWriter error, ParsedFile file)
    {
        const int MaxShown = 20;
        foreach (var reject in file.Rejects.Take(MaxShown))
        {
            error.WriteLine($"rejected: {reject.SourceFile}, {reject.Position}: {reject.Reason}");
        }

        if (file.Notice is not null)
        {
            // The import lists only the first rejects of a file; the notice gives the total.
            error.WriteLine($"rejected: {file.SourceFile}: {file.Notice}");
        }
        else if (file.Rejects.Count > MaxShown)
        {
            error.WriteLine($"rejected: {file.SourceFile}: {file.Rejects.Count - MaxShown} more; the full list is in the database's rejects table.");
        }
    }
}
