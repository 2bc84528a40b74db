using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Logging;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core;

namespace TrendBoard.Cli;

/// <summary>
/// The <c>trendboard</c> command line: fetch, import, model and export against one DuckDB file.
/// </summary>
public static class CliApp
{
    /// <summary>Parses <paramref name="args"/>, runs the command and returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, output, error, TimeProvider.System);

    /// <summary>
    /// Parses <paramref name="args"/>, runs the command with <paramref name="clock"/> as the clock
    /// that decides which dates lie in the future, and returns the process exit code.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);

        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Information)
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            })
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));

        var context = new CliContext(output, error, loggerFactory) { Clock = clock };
        var root = new RootCommand("TrendBoard: fetch and import ML research papers, model their topics and export the trends.");
        root.Subcommands.Add(ImportCommand.Create(context));
        root.Subcommands.Add(ModelCommand.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context));
        root.Subcommands.Add(TopicsCommand.Create(context));
        root.Subcommands.Add(BenchCommand.Create(context));
        root.Subcommands.Add(FetchCommand.Create(context));
        ValueParsers.AddTo(root);

        // System.CommandLine 2.0.0 handles Ctrl+C and SIGTERM only when this timeout is set, and its
        // default is null. With it, the token passed to actions is cancelled, and an action that has
        // not returned after 5 s is abandoned with exit code 130 (SIGINT) or 143 (SIGTERM).
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            ProcessTerminationTimeout = TimeSpan.FromSeconds(5),
        };
        // Response files are off: with them, any argument that starts with '@' (a topic name
        // such as "@home robots", a file name) is read as the path of a file of further arguments.
        var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parseResult.Action is ParseErrorAction)
        {
            return await ReportParseErrorsAsync(parseResult, error);
        }

        return await parseResult.InvokeAsync(configuration);
    }

    /// <summary>
    /// Prints each parse error on its own line and where to find the usage, in place of
    /// System.CommandLine's full help text, and returns the usage error exit code.
    /// </summary>
    private static async Task<int> ReportParseErrorsAsync(ParseResult parseResult, TextWriter error)
    {
        // An unknown command also leaves the root without a command, and that second error only
        // repeats the first, so it is left out.
        var unknownCommand = parseResult.UnmatchedTokens.Count > 0 && parseResult.CommandResult.Command is RootCommand;
        foreach (var parseError in parseResult.Errors)
        {
            if (unknownCommand && parseResult.Errors.Count > 1 && parseError.Message.StartsWith("Required command was not provided", StringComparison.Ordinal))
            {
                continue;
            }

            await error.WriteLineAsync($"error: {parseError.Message}");
        }

        var commandNames = new List<string>();
        for (SymbolResult? result = parseResult.CommandResult; result is CommandResult command; result = command.Parent)
        {
            commandNames.Insert(0, command.Command is RootCommand ? "trendboard" : command.Command.Name);
        }

        await error.WriteLineAsync($"Run '{string.Join(' ', commandNames)} --help' to see the options and their values.");
        return CommandErrors.InvalidInput;
    }
}

/// <summary>The writers and logging every command shares.</summary>
internal sealed record CliContext(TextWriter Output, TextWriter Error, ILoggerFactory LoggerFactory)
{
    /// <summary>The clock that decides which dates lie in the future. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>Turns the expected failures of a command into one-line errors and exit codes.</summary>
internal static class CommandErrors
{
    /// <summary>Exit code for input the user can fix (bad values, missing or locked files).</summary>
    public const int InvalidInput = 2;

    /// <summary>Exit code of a command stopped by Ctrl+C (SIGINT), as shells report it: 128 + 2.</summary>
    public const int Cancelled = 130;

    /// <summary>
    /// Runs <paramref name="action"/> and prints <c>error: message</c> in place of a stack trace
    /// when it fails with an I/O, argument or state error; other exceptions stay unhandled.
    /// </summary>
    public static async Task<int> RunAsync(CliContext context, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            var hint = error is IOException && error.Message.Contains("lock", StringComparison.OrdinalIgnoreCase)
                ? " Another process (often the running dashboard) has the database open; stop it or pass --db with another file."
                : string.Empty;
            await context.Error.WriteLineAsync($"error: {UserMessages.Describe(error)}{hint}");
            return InvalidInput;
        }
    }
}

/// <summary>Options that every command takes.</summary>
internal static class CommonOptions
{
    public static Option<string> Database()
    {
        return new Option<string>("--db")
        {
            Description = "Path of the DuckDB database file. Default: TRENDBOARD_DB, else data/trendboard.duckdb in the repository (the web app's database).",
            DefaultValueFactory = _ => TrendBoardPaths.DefaultDatabasePath(),
        };
    }
}
