using System.Diagnostics;
using System.Globalization;
using TrendBoard.Tests.Fetch;

namespace TrendBoard.Cli.Tests;

/// <summary>
/// Runs <c>trendboard fetch hf</c> as a child process and interrupts it with SIGINT, as Ctrl+C
/// does in a terminal (through the kill command, so Linux and macOS only), while a day's body is half received.
/// </summary>
public sealed class FetchCancelTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("trendboard-fetch-cancel-").FullName;

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task InterruptKeepsSavedDaysAndRemovesPart()
    {
        var root = CliRunner.RepositoryRoot();
        await using var server = await LocalHttpServer.StartAsync(async context =>
        {
            if (context.Request.Query["date"] != "2025-06-10")
            {
                await LocalHttpServer.ServeBundledDayAsync(context, root);
                return;
            }

            var body = LocalHttpServer.ReadBundledDay(root, "2025-06-10")!;
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });

        var rawFolder = Path.Combine(_folder, "raw");
        var cliPath = CliRunner.BuiltCliAssemblyPath();
        Assert.True(File.Exists(cliPath), $"{cliPath} was not found; build src/TrendBoard.Cli in the configuration of this test run.");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            cliPath, "fetch", "hf", "--from", "2025-06-09", "--to", "2025-06-11",
            "--base-url", server.BaseUrl.AbsoluteUri, "--out", rawFolder, "--delay", "0", "--db", Path.Combine(_folder, "fetch.duckdb"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        try
        {
            var partPath = Path.Combine(rawFolder, "2025-06-10.json.part");
            for (var i = 0; i < 1200 && !File.Exists(partPath) && !process.HasExited; i++)
            {
                await Task.Delay(50);
            }

            if (!File.Exists(partPath))
            {
                process.Kill();
                Assert.Fail($"The command never started writing 2025-06-10.json.part. Its standard error: {await error}");
            }

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
                Assert.Equal(0, kill.ExitCode);
            }

            using var exitTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(exitTimeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        var errorText = await error;
        await output;
        Assert.Equal(FetchCommand.Cancelled, process.ExitCode);
        Assert.Contains("cancelled: the days saved so far stay in", errorText, StringComparison.Ordinal);
        Assert.Equal(["2025-06-09.json"], Directory.GetFiles(rawFolder).Select(Path.GetFileName));
        Assert.Equal(0, server.CountRequestsFor("2025-06-11"));
    }
}
