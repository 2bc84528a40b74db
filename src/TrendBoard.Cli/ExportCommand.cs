using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;
using TrendBoard.Core.Storage;
using TrendBoard.Core;

namespace TrendBoard.Cli;

/// <summary>
/// <c>trendboard export CHART</c>: writes the rows behind one dashboard chart, with the same
/// filters as the web app's export endpoint.
/// </summary>
internal static class ExportCommand
{
    private const string DateFormat = "yyyy-MM-dd";

    public static Command Create(CliContext context)
    {
        var chartNames = string.Join(", ", ChartExports.All.Select(c => c.Name).Concat(ModelExports.Names));
        var chart = new Argument<string>("CHART")
        {
            Description = $"The chart whose data to write: {chartNames}. 'topics' writes each topic's ranked terms and 'assignments' each paper's topic (-1 for an outlier); both ignore the filters.",
        };
        chart.Validators.Add(result =>
        {
            var name = result.GetValueOrDefault<string>();
            if (ChartExports.Find(name) is null && !ModelExports.Names.Contains(name))
            {
                result.AddError($"Unknown chart '{name}'. Use one of: {chartNames}.");
            }
        });

        var from = DateOption("--from", "First day of the range (yyyy-MM-dd, UTC, inclusive). Default: the first stored paper's day.");
        var to = DateOption("--to", "Last day of the range (yyyy-MM-dd, UTC, inclusive). Default: the last stored paper's day.");
        var bin = new Option<TimeBin>("--bin")
        {
            Description = "Time bin: day, week (starting Monday) or month.",
            DefaultValueFactory = _ => TimeBin.Week,
        };
        var dateBasis = new Option<DateBasis>("--date-basis")
        {
            Description = "Which date places a paper in time: published (arXiv) or featured (Daily Papers).",
            DefaultValueFactory = _ => DateBasis.Published,
        };
        var topics = new Option<string?>("--topics", "--topic") { Description = "Comma-separated topic ids to keep, for example 0,3,7 ('trendboard topics list' prints them). Default: every topic." };
        var keywords = new Option<string[]>("--keyword")
        {
            Description = $"Keep only papers that carry this model keyword, compared exactly as stored; repeat for more (at most {TrendFilter.MaxKeywords}).",
            AllowMultipleArgumentsPerToken = false,
        };
        var match = new Option<KeywordMatch>("--match")
        {
            Description = "With several --keyword: keep papers that carry all of them or any one of them.",
            DefaultValueFactory = _ => KeywordMatch.All,
        };
        var minPapers = new Option<int>("--min-papers")
        {
            Description = "keywords and keyword_changes: the minimum number of papers a pair must share (min support).",
            DefaultValueFactory = _ => ChartExports.DefaultMinPapers,
        };
        var limit = new Option<int?>("--limit")
        {
            Description = $"keywords, keyword_changes and upvote_growth: the maximum number of rows, up to {ChartExports.MaxKeywordLimit}. Default {ChartExports.DefaultKeywordLimit}.",
        };
        var recentWeeks = new Option<int>("--recent-weeks")
        {
            Description = "topic_shifts: weeks in the recent window, which ends on the last day with papers (1 to 520).",
            DefaultValueFactory = _ => 8,
        };
        var baselineWeeks = new Option<int>("--baseline-weeks")
        {
            Description = "topic_shifts: weeks in the baseline window just before the recent one (1 to 520).",
            DefaultValueFactory = _ => 26,
        };
        var test = new Option<ProportionTest>("--test")
        {
            Description = "topic_shifts: the test behind the p-values, FisherExact or TwoProportionZ.",
            DefaultValueFactory = _ => ProportionTest.FisherExact,
        };
        var alpha = new Option<double>("--alpha")
        {
            Description = "topic_shifts: the false discovery rate of the Benjamini-Hochberg correction, between 0 and 1.",
            DefaultValueFactory = _ => 0.05,
        };
        var topPapers = new Option<int>("--top-papers")
        {
            Description = "upvote_details, topic_shifts and topic_summaries: papers listed per topic (0 to 100).",
            DefaultValueFactory = _ => 5,
        };
        var topTerms = new Option<int>("--top-terms")
        {
            Description = "topic_summaries: terms listed per topic (0 to 100).",
            DefaultValueFactory = _ => 10,
        };
        var periodA = PeriodOption("--period-a", "keyword_changes: the earlier period as FROM..TO (yyyy-MM-dd..yyyy-MM-dd). Default: the first half of the range.");
        var periodB = PeriodOption("--period-b", "keyword_changes: the later period as FROM..TO. Default: the second half of the range.");
        var pointTopic = new Option<int?>("--point-topic") { Description = "papers: the topic of the chart point. Default: every topic." };
        var binStart = DateOption("--bin-start", "papers: the first day of the chart point's bin (yyyy-MM-dd). Default: the whole range.");
        var pointKeywords = new Option<string[]>("--point-keyword") { Description = "papers: a keyword every listed paper carries, for example one of a keyword pair; repeat for more." };
        var sort = new Option<PaperSortKey>("--sort")
        {
            Description = "papers: sort by Date or Upvotes, largest first unless --ascending is given.",
            DefaultValueFactory = _ => PaperSortKey.Date,
        };
        var ascending = new Option<bool>("--ascending") { Description = "papers: list the smallest value first." };
        var offset = new Option<int>("--offset") { Description = "papers: papers to skip before the page. Default 0." };
        var pageSize = new Option<int?>("--page-size")
        {
            Description = $"papers: papers per page, 1 to {PaperDrillDown.MaxLimit}. Default {ChartExports.DefaultKeywordLimit}; --limit sets it too.",
        };
        var format = new Option<ExportFormat>("--format")
        {
            Description = "Output format: csv or json.",
            DefaultValueFactory = _ => ExportFormat.Csv,
        };
        var output = new Option<string?>("--out") { Description = "File to write. Default: standard output." };
        var database = CommonOptions.Database();

        var command = new Command("export", "Write the rows behind a dashboard chart as CSV or JSON.");
        command.Arguments.Add(chart);
        Option[] options =
        [
            from, to, bin, dateBasis, topics, keywords, match, minPapers, limit, recentWeeks, baselineWeeks, test, alpha, topPapers,
            topTerms, periodA, periodB, pointTopic, binStart, pointKeywords, sort, ascending, offset, pageSize, format, output, database,
        ];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        // The queries check these limits too, but their errors carry .NET's "Actual value was"
        // line, so the command line checks them first and names the option and the range.
        var maxRowLimit = Math.Min(ChartExports.MaxKeywordLimit, Math.Min(TrendAnalytics.MaxGrowthLimit, PaperDrillDown.MaxLimit));
        ValueParsers.AddRange(limit, 1, maxRowLimit);
        ValueParsers.AddRange(pageSize, 1, PaperDrillDown.MaxLimit);
        ValueParsers.AddRange(minPapers, 1, int.MaxValue);
        ValueParsers.AddRange(recentWeeks, 1, 520);
        ValueParsers.AddRange(baselineWeeks, 1, 520);
        ValueParsers.AddRange(topPapers, 0, TrendAnalytics.MaxTopPapers);
        ValueParsers.AddRange(topTerms, 0, 100);
        ValueParsers.AddRange(offset, 0, int.MaxValue);

        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(context, async () =>
        {
            if (!TryParseTopicIds(parseResult.GetValue(topics), out var topicIds, out var topicError))
            {
                await context.Error.WriteLineAsync($"error: {topicError}");
                return 2;
            }

            // Writing the finished file onto a directory would fail only after the query ran, so the path is checked first.
            var outputPath = parseResult.GetValue(output);
            if (outputPath is not null && Directory.Exists(outputPath))
            {
                var example = Path.Combine(outputPath, $"{parseResult.GetValue(chart)}.{parseResult.GetValue(format).ToString().ToLowerInvariant()}");
                await context.Error.WriteLineAsync($"error: --out '{outputPath}' is a directory. Give a file path, for example '{example}'.");
                return CommandErrors.InvalidInput;
            }

            var databasePath = parseResult.GetValue(database)!;
            if (!await DatabaseFile.CheckExistsAsync(databasePath, DatabaseFile.ImportAndModelFirst, context.Error))
            {
                return CommandErrors.InvalidInput;
            }

            using var store = await TrendStore.OpenReadOnlyAsync(databasePath, context.LoggerFactory.CreateLogger<TrendStore>(), cancellationToken);
            var chartName = parseResult.GetValue(chart)!;
            var analytics = new TrendAnalytics(store);
            var summary = await analytics.GetSummaryAsync(cancellationToken);
            if (summary.CurrentRunId is null)
            {
                // Every export reports topics or model keywords, so without a run it would write only a header.
                await context.Error.WriteLineAsync($"error: {DescribeMissingModelRun(databasePath, chartName, summary.Papers)}");
                return CommandErrors.InvalidInput;
            }

            if (ModelExports.Names.Contains(chartName))
            {
                var unknownModelTopics = ChartExports.FindUnknownTopicIds(topicIds, await analytics.GetTopicsAsync(cancellationToken));
                if (unknownModelTopics.Count > 0)
                {
                    await context.Error.WriteLineAsync($"error: {DescribeUnknownTopics("--topics", unknownModelTopics)}");
                    return CommandErrors.InvalidInput;
                }

                var modelTable = await ModelExports.QueryAsync(store, chartName, topicIds, cancellationToken);
                await WriteAsync(modelTable, parseResult.GetValue(format), parseResult.GetValue(output), context.Output, cancellationToken);
                context.LoggerFactory.CreateLogger(typeof(ExportCommand)).LogInformation("Export finished: {Chart}, {RowCount} rows", chartName, modelTable.Rows.Count);
                return 0;
            }

            var first = parseResult.GetValue(from) ?? summary.FirstPublished;
            var last = parseResult.GetValue(to) ?? summary.LastPublished;
            if (first is null || last is null)
            {
                await context.Error.WriteLineAsync($"error: database '{databasePath}' contains no papers, so the range has no default. Pass --from and --to, or import papers first.");
                return 2;
            }

            if (first > last)
            {
                await context.Error.WriteLineAsync($"error: --from {first.Value.ToString(DateFormat, CultureInfo.InvariantCulture)} is after --to {last.Value.ToString(DateFormat, CultureInfo.InvariantCulture)}. Swap them.");
                return 2;
            }

            var rowLimit = parseResult.GetValue(limit);
            var pageLimit = parseResult.GetValue(pageSize);
            if (rowLimit is not null && pageLimit is not null && rowLimit != pageLimit)
            {
                await context.Error.WriteLineAsync($"error: --limit {rowLimit} and --page-size {pageLimit} disagree. Give one of them.");
                return 2;
            }

            var filter = new TrendFilter(first.Value, last.Value)
            {
                Bin = parseResult.GetValue(bin),
                DateBasis = parseResult.GetValue(dateBasis),
                TopicIds = topicIds,
                Keywords = (parseResult.GetValue(keywords) ?? []).Distinct(StringComparer.Ordinal).ToList(),
                KeywordMatch = parseResult.GetValue(match),
            };
            var query = new ChartExportQuery(filter)
            {
                MinPapers = parseResult.GetValue(minPapers),
                Limit = pageLimit ?? rowLimit ?? ChartExports.DefaultKeywordLimit,
                RecentWeeks = parseResult.GetValue(recentWeeks),
                BaselineWeeks = parseResult.GetValue(baselineWeeks),
                Test = parseResult.GetValue(test),
                Alpha = parseResult.GetValue(alpha),
                TopPapers = parseResult.GetValue(topPapers),
                TopTerms = parseResult.GetValue(topTerms),
                PeriodA = parseResult.GetValue(periodA),
                PeriodB = parseResult.GetValue(periodB),
                TopicId = parseResult.GetValue(pointTopic),
                BinStart = parseResult.GetValue(binStart),
                PointKeywords = parseResult.GetValue(pointKeywords) ?? [],
                SortBy = parseResult.GetValue(sort),
                Descending = !parseResult.GetValue(ascending),
                Offset = parseResult.GetValue(offset),
            };
            var topicList = await analytics.GetTopicsAsync(cancellationToken);
            var unknownFilterTopics = ChartExports.FindUnknownTopicIds(topicIds, topicList);
            var unknownPointTopics = ChartExports.FindUnknownTopicIds(query.TopicId is int point ? [point] : [], topicList);
            if (unknownFilterTopics.Count > 0 || unknownPointTopics.Count > 0)
            {
                var option = unknownFilterTopics.Count > 0 ? "--topics" : "--point-topic";
                await context.Error.WriteLineAsync($"error: {DescribeUnknownTopics(option, unknownFilterTopics.Count > 0 ? unknownFilterTopics : unknownPointTopics)}");
                return CommandErrors.InvalidInput;
            }

            // A keyword that no paper has still exports (an empty table), with a hint on standard error.
            var keywordChecks = await analytics.CheckKeywordsAsync(filter.Keywords, KeywordCheck.DefaultSuggestions, cancellationToken);
            foreach (var hint in keywordChecks.Select(check => check.DescribeMissing()).OfType<string>())
            {
                await context.Error.WriteLineAsync($"notice: {hint}");
            }

            var export = ChartExports.Find(parseResult.GetValue(chart))!;
            ExportTable table;
            try
            {
                table = await export.QueryAsync(analytics, query, cancellationToken);
            }
            catch (ArgumentException error)
            {
                // The queries reject settings outside their limits or that do not fit the range.
                await context.Error.WriteLineAsync($"error: the {export.Name} export rejected its settings: {UserMessages.Describe(error)}");
                return 2;
            }

            await WriteAsync(table, parseResult.GetValue(format), parseResult.GetValue(output), context.Output, cancellationToken);
            context.LoggerFactory.CreateLogger(typeof(ExportCommand)).LogInformation(
                "Export finished: {Chart} {From}..{To}, {RowCount} rows",
                export.Name,
                filter.From.ToString(DateFormat, CultureInfo.InvariantCulture),
                filter.To.ToString(DateFormat, CultureInfo.InvariantCulture),
                table.Rows.Count);
            return 0;
        }));
        return command;
    }

    /// <summary>Returns the error for an export from a database without a topic model run, with the commands that fix it.</summary>
    internal static string DescribeMissingModelRun(string databasePath, string chartName, int papers)
    {
        return papers == 0
            ? $"database '{databasePath}' contains no papers and no topic model run, so the {chartName} export would be empty. Import papers with 'trendboard import PATH...', then fit the topic model with 'trendboard model', and export again."
            : string.Create(CultureInfo.InvariantCulture, $"no topic model has been run on database '{databasePath}' ({papers} papers), so the {chartName} export would be empty. Fit the topic model with 'trendboard model' (same --db), then export again.");
    }

    private static string DescribeUnknownTopics(string option, IReadOnlyList<int> unknownIds)
    {
        var ids = string.Join(", ", unknownIds.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        var subject = unknownIds.Count == 1 ? $"topic {ids}, which is" : $"topics {ids}, which are";
        return $"{option} names {subject} not in the current model run. Run 'trendboard topics list' to see the topic ids (-1 is the outlier topic).";
    }

    private static Option<DateOnly?> DateOption(string name, string description)
    {
        return new Option<DateOnly?>(name)
        {
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
                if (DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    return day;
                }

                result.AddError($"{name} '{text}' is not a date. Use yyyy-MM-dd, for example 2025-03-17.");
                return null;
            },
        };
    }

    private static Option<DayRange?> PeriodOption(string name, string description)
    {
        return new Option<DayRange?>(name)
        {
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
                var parts = text.Split("..", 2);
                if (parts.Length == 2
                    && DateOnly.TryParseExact(parts[0], DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var periodFrom)
                    && DateOnly.TryParseExact(parts[1], DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var periodTo)
                    && periodFrom <= periodTo)
                {
                    return new DayRange(periodFrom, periodTo);
                }

                result.AddError($"{name} '{text}' is not a period. Use FROM..TO with FROM on or before TO, for example 2025-03-01..2025-03-31.");
                return null;
            },
        };
    }

    internal static bool TryParseTopicIds(string? text, out IReadOnlyList<int> topicIds, out string? error)
    {
        topicIds = [];
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var ids = new List<int>();
        // An empty part ("0,,3") is an error, as in the web endpoint's topics parameter.
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) || id < -1)
            {
                var partText = part.Length == 0 ? "an empty id" : $"'{part}'";
                error = $"--topics '{text}' contains {partText}, which is not a topic id. Give comma-separated integers of -1 or more, for example 0,3,7.";
                return false;
            }

            ids.Add(id);
        }

        topicIds = ids;
        return true;
    }

    private static async Task WriteAsync(ExportTable table, ExportFormat format, string? outputPath, TextWriter standardOutput, CancellationToken cancellationToken)
    {
        if (outputPath is null)
        {
            using var buffer = new MemoryStream();
            await ExportFormats.WriteAsync(table, format, buffer, cancellationToken);
            await standardOutput.WriteAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            await standardOutput.FlushAsync(cancellationToken);
            return;
        }

        // Written next to the target and moved into place, so a failed export never leaves a half file.
        var fullPath = Path.GetFullPath(outputPath);
        var folder = Path.GetDirectoryName(fullPath);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The folder '{folder}' of --out does not exist; create it first or choose another path.");
        }

        var temporaryPath = fullPath + ".partial";
        await using (var file = File.Create(temporaryPath))
        {
            await ExportFormats.WriteAsync(table, format, file, cancellationToken);
        }

        File.Move(temporaryPath, fullPath, overwrite: true);
    }
}
