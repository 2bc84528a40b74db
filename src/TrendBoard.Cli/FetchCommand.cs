using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using TrendBoard.Core.Fetch;
using TrendBoard.Core.Import;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;

namespace TrendBoard.Cli;

/// <summary>
/// <c>trendboard fetch hf</c>: downloads Hugging Face Daily Papers day by day into raw files,
/// then imports them.
/// </summary>
internal static class FetchCommand
{
    /// <summary>Exit code after Ctrl+C, the shell's convention for a process stopped by SIGINT.</summary>
    public const int Cancelled = CommandErrors.Cancelled;

    private const string DateFormat = "yyyy-MM-dd";

    public static Command Create(CliContext context)
    {
        var command = new Command("fetch", "Download paper data from a source into raw files and import them.");
        command.Subcommands.Add(CreateHf(context));
        return command;
    }

    private static Command CreateHf(CliContext context)
    {
        var from = DateOption("--from", "First day to fetch (yyyy-MM-dd, UTC, inclusive).");
        var to = DateOption("--to", $"Last day to fetch (yyyy-MM-dd, UTC, inclusive); today at the latest. A run covers at most {HfFetchOptions.MaxDays} days.");
        var kind = new Option<HfFetchKind>("--kind")
        {
            Description = "api: {base}/api/daily_papers?date=DAY saved as DAY.json; html: the list page {base}/papers/date/DAY saved as DAY.html.",
            DefaultValueFactory = _ => HfFetchKind.Api,
        };
        var baseUrl = new Option<string>("--base-url")
        {
            Description = "Site root that every request stays under (scheme, host, port and path); redirects elsewhere are not followed.",
            DefaultValueFactory = _ => HfFetchOptions.DefaultBaseUrl,
        };
        var output = new Option<string?>("--out")
        {
            Description = "Folder for the raw day files. Default: data/raw/hf-api or data/raw/hf-html in the repository. Days whose file exists are skipped, so a stopped run resumes.",
        };
        var delay = new Option<double>("--delay")
        {
            Description = "Seconds to wait between requests, 0 to 3600.",
            DefaultValueFactory = _ => 1.0,
        };
        var retries = new Option<int>("--retries")
        {
            Description = $"Retries per day after a timeout, a broken connection or HTTP 408, 429 or 5xx, with exponential backoff or the server's Retry-After (0 to {HfFetchOptions.MaxRetries}).",
            DefaultValueFactory = _ => 4,
        };
        var noImport = new Option<bool>("--no-import") { Description = "Only download; do not import the day files." };
        var database = CommonOptions.Database();

        var command = new Command(
            "hf",
            "Download Hugging Face Daily Papers day by day (one request per day, 404 and empty days count as days without papers), then import the range's day files into the database.");
        foreach (var option in new Option[] { from, to, kind, baseUrl, output, delay, retries, noImport, database })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(context, async () =>
        {
            var first = parseResult.GetValue(from);
            var last = parseResult.GetValue(to);
            if (first is null || last is null)
            {
                await context.Error.WriteLineAsync("error: --from and --to are required, for example --from 2025-06-02 --to 2025-06-06.");
                return CommandErrors.InvalidInput;
            }

            if (first > last)
            {
                await context.Error.WriteLineAsync($"error: --from {Format(first.Value)} is after --to {Format(last.Value)}. Swap them.");
                return CommandErrors.InvalidInput;
            }

            // Checked before the download, so a directory passed as --db fails before any request.
            if (!parseResult.GetValue(noImport) && !await DatabaseFile.CheckNotDirectoryAsync(parseResult.GetValue(database)!, context.Error))
            {
                return CommandErrors.InvalidInput;
            }

            var fetchKind = parseResult.GetValue(kind);
            var options = new HfFetchOptions
            {
                From = first.Value,
                To = last.Value,
                Kind = fetchKind,
                BaseUrl = HfFetchOptions.ParseBaseUrl(parseResult.GetValue(baseUrl)!),
                OutputFolder = Path.GetFullPath(parseResult.GetValue(output) ?? TrendBoardPaths.DefaultRawFolder(fetchKind == HfFetchKind.Api ? "hf-api" : "hf-html")),
                Delay = ToSeconds(parseResult.GetValue(delay), "--delay"),
                Retries = parseResult.GetValue(retries),
            };

            using var httpClient = HfDailyFetcher.CreateHttpClient();
            var fetcher = new HfDailyFetcher(httpClient, TimeProvider.System, context.LoggerFactory.CreateLogger<HfDailyFetcher>());
            HfFetchResult result;
            try
            {
                result = await fetcher.FetchAsync(options, new ProgressLine(context.Error, everyDetail: true), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await context.Error.WriteLineAsync($"cancelled: the days saved so far stay in {options.OutputFolder}; run the same command again to resume.");
                return Cancelled;
            }

            await WriteFetchSummaryAsync(context, options, result);
            if (parseResult.GetValue(noImport) || result.Files.Count == 0)
            {
                return result.Failed > 0 ? 1 : 0;
            }

            var databasePath = parseResult.GetValue(database)!;
            using var store = await TrendStore.OpenAsync(databasePath, context.LoggerFactory.CreateLogger<TrendStore>(), cancellationToken);
            var builder = new CorpusBuilder(context.LoggerFactory);
            var summaries = await builder.ImportAsync(
                store,
                result.Files,
                PaperReadOptions.Default,
                file => ImportCommand.WriteRejects(context.Error, file),
                (file, notices) => ImportCommand.WriteNotices(context.Error, file, notices),
                new ProgressLine(context.Error),
                cancellationToken);

            SummaryTable.Write(context.Output, summaries);
            return result.Failed > 0 || summaries.Any(s => s.Rejected > 0) ? 1 : 0;
        }));
        return command;
    }

    private static async Task WriteFetchSummaryAsync(CliContext context, HfFetchOptions options, HfFetchResult result)
    {
        foreach (var day in result.Days.Where(d => d.Status == HfDayStatus.Failed))
        {
            await context.Error.WriteLineAsync($"failed: {Format(day.Day)} {day.Url}: {day.Error}");
        }

        await context.Output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"fetch: {options.DayCount} days, {result.Fetched} fetched ({result.NoPapers} without papers), {result.Skipped} skipped (file exists), {result.Failed} failed; files in {options.OutputFolder}"));
        if (result.Failed > 0)
        {
            await context.Output.WriteLineAsync("fetch: run the same command again to retry the failed days; saved days are skipped.");
        }
    }

    private static TimeSpan ToSeconds(double seconds, string name)
    {
        if (double.IsNaN(seconds) || seconds < 0 || seconds > 3600)
        {
            throw new ArgumentException($"{name} {seconds.ToString(CultureInfo.InvariantCulture)} is out of range. Give 0 to 3600 seconds.");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static Option<DateOnly?> DateOption(string name, string description)
    {
        return new Option<DateOnly?>(name)
        {
            Description = description,
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
                if (DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    return day;
                }

                result.AddError($"{name} '{text}' is not a date. Use yyyy-MM-dd, for example 2025-06-02.");
                return null;
            },
        };
    }

    private static string Format(DateOnly day) => day.ToString(DateFormat, CultureInfo.InvariantCulture);
}
