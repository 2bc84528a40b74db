using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using TrendBoard.Tests.Fetch;

namespace TrendBoard.Cli.Tests;

/// <summary>
/// Runs <c>trendboard fetch hf</c> in-process against a Kestrel server on 127.0.0.1 that serves
/// the bundled Daily Papers responses.
/// </summary>
public sealed class FetchCommandTests : IDisposable
{
    private static readonly string[] _days = ["2025-06-09", "2025-06-10", "2025-06-11"];

    private readonly string _folder = Directory.CreateTempSubdirectory("trendboard-fetch-").FullName;

    private string RawFolder => Path.Combine(_folder, "raw");

    private string DatabasePath => Path.Combine(_folder, "fetch.duckdb");

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task FetchImportsEveryRawPaper()
    {
        var root = CliRunner.RepositoryRoot();
        await using var server = await LocalHttpServer.StartAsync(context => LocalHttpServer.ServeBundledDayAsync(context, root));

        var result = await RunFetchAsync(server, "2025-06-09", "2025-06-11");

        Assert.Equal(0, result.ExitCode);
        var rawIds = new HashSet<string>(StringComparer.Ordinal);
        var rawItems = 0;
        foreach (var day in _days)
        {
            using var document = JsonDocument.Parse(LocalHttpServer.ReadBundledDay(root, day)!);
            rawItems += document.RootElement.GetArrayLength();
            rawIds.UnionWith(document.RootElement.EnumerateArray().Select(item => item.GetProperty("paper").GetProperty("id").GetString()!));
            Assert.True(File.Exists(Path.Combine(RawFolder, day + ".json")));
        }

        var total = TotalRow(result.Output);
        Assert.Equal(rawItems, total.Read);
        Assert.Equal(rawIds.Count, total.New);
        Assert.Equal(0, total.Rejected);
        Assert.Contains("fetch: 3 days, 3 fetched (0 without papers), 0 skipped (file exists), 0 failed", result.Output, StringComparison.Ordinal);
        Assert.Contains("Downloading Daily Papers: 100% 2025-06-11 saved", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondRunSkipsSavedDays()
    {
        var root = CliRunner.RepositoryRoot();
        await using var server = await LocalHttpServer.StartAsync(context => LocalHttpServer.ServeBundledDayAsync(context, root));
        await RunFetchAsync(server, "2025-06-09", "2025-06-10", "--no-import");

        var result = await RunFetchAsync(server, "2025-06-09", "2025-06-11");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("2025-06-09 skipped: file exists", result.Error, StringComparison.Ordinal);
        Assert.Contains("1 fetched (0 without papers), 2 skipped (file exists)", result.Output, StringComparison.Ordinal);
        Assert.Equal(3, result.Output.Split('\n').Count(line => line.StartsWith("2025-06-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task NoImportLeavesDatabaseUntouched()
    {
        var root = CliRunner.RepositoryRoot();
        await using var server = await LocalHttpServer.StartAsync(context => LocalHttpServer.ServeBundledDayAsync(context, root));

        var result = await RunFetchAsync(server, "2025-06-09", "2025-06-09", "--no-import");

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(RawFolder, "2025-06-09.json")));
        Assert.False(File.Exists(DatabasePath));
        Assert.DoesNotContain("total", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedDayGivesExitCodeOne()
    {
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        });

        var result = await RunFetchAsync(server, "2025-06-09", "2025-06-09");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"failed: 2025-06-09 {server.BaseUrl}api/daily_papers?date=2025-06-09: HTTP 403", result.Error, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task HtmlKindRequestsListPages()
    {
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });

        var result = await RunFetchAsync(server, "2025-06-09", "2025-06-10", "--kind", "html");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["/papers/date/2025-06-09", "/papers/date/2025-06-10"], server.Requests);
        Assert.Contains("2025-06-09 no papers (HTTP 404)", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("/api")]
    [InlineData("http://127.0.0.1:9/?x=1")]
    public async Task InvalidBaseUrlExitsWithTwo(string baseUrl)
    {
        var result = await CliRunner.RunAsync(
            "fetch", "hf", "--from", "2025-06-09", "--to", "2025-06-10", "--base-url", baseUrl, "--out", RawFolder, "--db", DatabasePath);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: Base URL '{baseUrl}'", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(RawFolder));
    }

    [Fact]
    public async Task InvertedDatesExitWithTwo()
    {
        var result = await CliRunner.RunAsync(
            "fetch", "hf", "--from", "2025-06-11", "--to", "2025-06-09", "--base-url", "http://127.0.0.1:9/", "--out", RawFolder, "--db", DatabasePath);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: --from 2025-06-11 is after --to 2025-06-09. Swap them.", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(RawFolder));
    }

    [Fact]
    public async Task FutureEndExitsWithTwo()
    {
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var result = await CliRunner.RunAsync(
            "fetch", "hf", "--from", "2025-06-09", "--to", tomorrow, "--base-url", "http://127.0.0.1:9/", "--out", RawFolder, "--db", DatabasePath);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{tomorrow} is in the future", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NegativeDelayExitsWithTwo()
    {
        var result = await CliRunner.RunAsync(
            "fetch", "hf", "--from", "2025-06-09", "--to", "2025-06-09", "--delay", "-1", "--base-url", "http://127.0.0.1:9/", "--out", RawFolder, "--db", DatabasePath);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--delay -1 is out of range", result.Error, StringComparison.Ordinal);
    }

    private Task<CliResult> RunFetchAsync(LocalHttpServer server, string from, string to, params string[] extra)
    {
        string[] args =
        [
            "fetch", "hf", "--from", from, "--to", to, "--base-url", server.BaseUrl.AbsoluteUri,
            "--out", RawFolder, "--delay", "0", "--retries", "0", "--db", DatabasePath, .. extra,
        ];
        return CliRunner.RunAsync(args);
    }

    private static (int Read, int New, int Rejected) TotalRow(string output)
    {
        var total = output.Split('\n').Single(line => line.StartsWith("total", StringComparison.Ordinal));
        var cells = total.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (int.Parse(cells[1], CultureInfo.InvariantCulture), int.Parse(cells[2], CultureInfo.InvariantCulture), int.Parse(cells[4], CultureInfo.InvariantCulture));
    }
}
