namespace TrendBoard.Cli.Tests;

/// <summary>Runs the <c>trendboard</c> command line in-process and captures what it writes.</summary>
internal static class CliRunner
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(TimeProvider.System, args);

    /// <summary>Runs the command line with <paramref name="clock"/> as its clock.</summary>
    public static async Task<CliResult> RunAsync(TimeProvider clock, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, output, error, clock);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Returns the CLI in its own build folder, because the copy beside the tests lacks the
    /// logging assemblies that this test project takes from the ASP.NET Core shared framework.
    /// </summary>
    public static string BuiltCliAssemblyPath()
    {
        var targetFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = targetFolder.Parent!.Name;
        var path = Path.Combine(RepositoryRoot(), "src", "TrendBoard.Cli", "bin", configuration, targetFolder.Name, "trendboard.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The built CLI {path} was not found; build src/TrendBoard.Cli in the same configuration as the tests.", path);
    }

    /// <summary>The folder holding TrendBoard.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TrendBoard.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName
            ?? throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} contains TrendBoard.sln.");
    }
}

public sealed record CliResult(int ExitCode, string Output, string Error);
