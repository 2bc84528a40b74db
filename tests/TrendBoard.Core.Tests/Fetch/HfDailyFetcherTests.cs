using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Core.Fetch;
using TrendBoard.Core.Import;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Tests.Import;
using TrendBoard.Core.Tests.Storage;
using TrendBoard.Core.Tests.Topics;
using TrendBoard.Tests.Fetch;

namespace TrendBoard.Core.Tests.Fetch;

/// <summary>
/// Runs the fetcher against a Kestrel server on 127.0.0.1 that serves the bundled Daily Papers
/// responses and the saved list page, with a clock whose waits end at once.
/// </summary>
public sealed partial class HfDailyFetcherTests : IDisposable
{
    private static readonly DateTimeOffset _now = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] _juneDays = ["2025-06-02", "2025-06-03", "2025-06-04"];

    private readonly TempDatabase _temp = new();
    private readonly InstantClock _clock = new(_now);
    private readonly ListLogger<HfDailyFetcher> _logger = new();
    private readonly HttpClient _httpClient = HfDailyFetcher.CreateHttpClient();

    private string OutputFolder => Path.Combine(_temp.Folder, "raw");

    public void Dispose()
    {
        _httpClient.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task ThreeDaysAreSavedByteForByte()
    {
        var root = TestFiles.RepositoryRoot();
        await using var server = await LocalHttpServer.StartAsync(context => LocalHttpServer.ServeBundledDayAsync(context, root));

        var result = await FetchAsync(server, "2025-06-02", "2025-06-04");

        Assert.Equal(3, result.Fetched);
        Assert.Equal(0, result.Failed);
        foreach (var day in _juneDays)
        {
            var expected = LocalHttpServer.ReadBundledDay(root, day)!;
            var saved = Path.Combine(OutputFolder, day + ".json");
            Assert.Equal(expected, await File.ReadAllBytesAsync(saved));
            Assert.Equal(1, server.CountRequestsFor(day));
        }

        Assert.Empty(Directory.GetFiles(OutputFolder, "*.part"));
    }

    [Fact]
    public async Task FetchedDaysImportWithRawCounts()
    {
        var root = TestFiles.RepositoryRoot();
        await using var server = await LocalHttpServer.StartAsync(context => LocalHttpServer.ServeBundledDayAsync(context, root));

        var result = await FetchAsync(server, "2025-06-02", "2025-06-04");

        var rawItems = new Dictionary<string, int>();
        var rawIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var day in _juneDays)
        {
            using var document = JsonDocument.Parse(LocalHttpServer.ReadBundledDay(root, day)!);
            rawItems[day] = document.RootElement.GetArrayLength();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                rawIds.Add(item.GetProperty("paper").GetProperty("id").GetString()!);
            }
        }

        Assert.Equal(rawItems.Values, result.Days.Select(d => d.PaperCount ?? -1));

        using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, CancellationToken.None);
        var summaries = await new CorpusBuilder(NullLoggerFactory.Instance).ImportAsync(store, result.Files, progress: null, CancellationToken.None);

        Assert.Equal(3, summaries.Count);
        Assert.Equal(rawItems.Values.Sum(), summaries.Sum(s => s.Read));
        Assert.Equal(0, summaries.Sum(s => s.Rejected));
        Assert.Equal(rawIds.Count, await store.CountPapersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ResumeSkipsSavedDays()
    {
        var root = TestFiles.RepositoryRoot();
        await using var server = await LocalHttpServer.StartAsync(context => LocalHttpServer.ServeBundledDayAsync(context, root));
        await FetchAsync(server, "2025-06-02", "2025-06-03");

        var progress = new ListProgress();
        var second = await FetchAsync(server, "2025-06-02", "2025-06-04", progress: progress);

        Assert.Equal(1, server.CountRequestsFor("2025-06-02"));
        Assert.Equal(1, server.CountRequestsFor("2025-06-03"));
        Assert.Equal(1, server.CountRequestsFor("2025-06-04"));
        Assert.Equal([HfDayStatus.Skipped, HfDayStatus.Skipped, HfDayStatus.Saved], second.Days.Select(d => d.Status));
        Assert.Equal(2, second.Skipped);
        Assert.Equal(3, second.Files.Count);
        Assert.Contains(progress.Details, detail => detail == "2025-06-02 skipped: file exists");
    }

    [Fact]
    public async Task ServiceUnavailableIsRetried()
    {
        var root = TestFiles.RepositoryRoot();
        var calls = 0;
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Task.CompletedTask;
            }

            return LocalHttpServer.ServeBundledDayAsync(context, root);
        });

        var result = await FetchAsync(server, "2025-06-02", "2025-06-02");

        var day = Assert.Single(result.Days);
        Assert.Equal(HfDayStatus.Saved, day.Status);
        Assert.Equal(2, day.Attempts);
        Assert.Equal(2, server.CountRequestsFor("2025-06-02"));

        // Backoff before the first retry: the 2 s base delay plus at most 25% jitter.
        var wait = Assert.Single(_clock.Waits);
        Assert.InRange(wait, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("status 503", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TooManyRequestsWaitsForRetryAfter()
    {
        var root = TestFiles.RepositoryRoot();
        var calls = 0;
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "7";
                return Task.CompletedTask;
            }

            return LocalHttpServer.ServeBundledDayAsync(context, root);
        });

        var result = await FetchAsync(server, "2025-06-02", "2025-06-02");

        Assert.Equal(HfDayStatus.Saved, Assert.Single(result.Days).Status);
        Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(_clock.Waits));
    }

    [Fact]
    public async Task TimedOutRequestIsRetried()
    {
        var root = TestFiles.RepositoryRoot();
        var calls = 0;
        await using var server = await LocalHttpServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                // No status line until the client gives up, so the first attempt times out.
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }

            await LocalHttpServer.ServeBundledDayAsync(context, root);
        });

        var result = await FetchAsync(server, "2025-06-02", "2025-06-02", options => options with { RequestTimeout = TimeSpan.FromSeconds(1) });

        var day = Assert.Single(result.Days);
        Assert.Equal(HfDayStatus.Saved, day.Status);
        Assert.Equal(2, day.Attempts);
        Assert.Equal(2, server.CountRequestsFor("2025-06-02"));
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("timed out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RetryAfterBeyondMaximumFailsDay()
    {
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "3600";
            return Task.CompletedTask;
        });

        var result = await FetchAsync(server, "2025-06-02", "2025-06-02");

        var day = Assert.Single(result.Days);
        Assert.Equal(HfDayStatus.Failed, day.Status);
        Assert.Equal(1, server.CountRequestsFor("2025-06-02"));
        Assert.Contains("Retry-After", day.Error, StringComparison.Ordinal);
        Assert.Empty(_clock.Waits);
    }

    [Fact]
    public async Task PersistentErrorsStopAfterRetries()
    {
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return Task.CompletedTask;
        });

        var result = await FetchAsync(server, "2025-06-02", "2025-06-03", options => options with { Retries = 2 });

        Assert.All(result.Days, day => Assert.Equal(HfDayStatus.Failed, day.Status));
        Assert.Equal(3, server.CountRequestsFor("2025-06-02"));
        Assert.Equal(3, server.CountRequestsFor("2025-06-03"));
        Assert.Empty(result.Files);

        // Backoff doubles from 2 s, and the 1 s pause before the second day comes between the two days.
        var waits = _clock.Waits;
        Assert.Equal(5, waits.Count);
        Assert.InRange(waits[0], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
        Assert.InRange(waits[1], TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(1), waits[2]);

        var failures = _logger.Entries.Where(e => e.Level == LogLevel.Error).ToList();
        Assert.Equal(2, failures.Count);
        Assert.Contains("2025-06-02", failures[0].Message, StringComparison.Ordinal);
        Assert.Contains(server.BaseUrl + "api/daily_papers?date=2025-06-02", failures[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalSaveFailureIsNotRetried()
    {
        var root = TestFiles.RepositoryRoot();
        await using var server = await LocalHttpServer.StartAsync(context => LocalHttpServer.ServeBundledDayAsync(context, root));

        // A folder where the day's file should go makes the final move fail on every attempt.
        var blocked = Path.Combine(OutputFolder, "2025-06-02.json");
        Directory.CreateDirectory(blocked);

        var result = await FetchAsync(server, "2025-06-02", "2025-06-03");

        var first = result.Days[0];
        Assert.Equal(HfDayStatus.Failed, first.Status);
        Assert.Equal(1, first.Attempts);
        Assert.Equal(1, server.CountRequestsFor("2025-06-02"));
        Assert.Contains(blocked, first.Error, StringComparison.Ordinal);
        Assert.Contains("writable", first.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(blocked + ".part"));
        Assert.Equal(HfDayStatus.Saved, result.Days[1].Status);
    }

    [Fact]
    public async Task RedirectToOtherHostIsNotFollowed()
    {
        Uri? baseUrl = null;
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            // Another host name for the same loopback server: a followed redirect would show up in Requests.
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = $"http://localhost:{baseUrl!.Port}/api/daily_papers?date=2025-06-02&moved=1";
            return Task.CompletedTask;
        });
        baseUrl = server.BaseUrl;

        var result = await FetchAsync(server, "2025-06-02", "2025-06-02");

        var day = Assert.Single(result.Days);
        Assert.Equal(HfDayStatus.Failed, day.Status);
        Assert.Equal(302, day.HttpStatus);
        Assert.Contains("outside the base URL", day.Error, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        Assert.False(Directory.EnumerateFileSystemEntries(OutputFolder).Any());
    }

    [Fact]
    public async Task RedirectInsideBaseIsFollowed()
    {
        var root = TestFiles.RepositoryRoot();
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            if (context.Request.Path == "/mirror/api/daily_papers")
            {
                context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                context.Response.Headers.Location = "/mirror/v2/daily?date=" + context.Request.Query["date"];
                return Task.CompletedTask;
            }

            return LocalHttpServer.ServeBundledDayAsync(context, root);
        });

        var result = await FetchAsync(server, "2025-06-02", "2025-06-02", options => options with { BaseUrl = new Uri(server.BaseUrl, "mirror") });

        Assert.Equal(HfDayStatus.Saved, Assert.Single(result.Days).Status);
        Assert.Equal(["/mirror/api/daily_papers?date=2025-06-02", "/mirror/v2/daily?date=2025-06-02"], server.Requests);
    }

    [Fact]
    public async Task RedirectOutsideBasePathIsNotFollowed()
    {
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = "/mirror2/api/daily_papers?date=2025-06-02";
            return Task.CompletedTask;
        });

        var result = await FetchAsync(server, "2025-06-02", "2025-06-02", options => options with { BaseUrl = new Uri(server.BaseUrl, "mirror") });

        Assert.Equal(HfDayStatus.Failed, Assert.Single(result.Days).Status);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task NotFoundDayHasNoPapers()
    {
        var root = TestFiles.RepositoryRoot();
        await using var server = await LocalHttpServer.StartAsync(context => LocalHttpServer.ServeBundledDayAsync(context, root));

        // 2025-06-01 is a Sunday, absent from the bundled archive, so the server returns 404.
        var result = await FetchAsync(server, "2025-06-01", "2025-06-02");

        Assert.Equal([HfDayStatus.NoPapers, HfDayStatus.Saved], result.Days.Select(d => d.Status));
        Assert.Equal(404, result.Days[0].HttpStatus);
        Assert.Null(result.Days[0].FilePath);
        Assert.Equal(1, server.CountRequestsFor("2025-06-01"));
        Assert.False(File.Exists(Path.Combine(OutputFolder, "2025-06-01.json")));
        Assert.Equal(0, result.Failed);
    }

    [Fact]
    public async Task NoDataResponseIsSavedWithoutPapers()
    {
        var noData = await File.ReadAllBytesAsync(TestFiles.DailyPapers(Path.Combine("empty-days", "2025-01-11.json")));
        await using var server = await LocalHttpServer.StartAsync(context => context.Response.Body.WriteAsync(noData).AsTask());

        var result = await FetchAsync(server, "2025-01-11", "2025-01-11");

        var day = Assert.Single(result.Days);
        Assert.Equal(HfDayStatus.NoPapers, day.Status);
        Assert.Equal(0, day.PaperCount);
        Assert.Equal(noData, await File.ReadAllBytesAsync(day.FilePath!));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task HtmlPageIsSavedAndImports()
    {
        var page = await File.ReadAllBytesAsync(TestFiles.TestData("hf-html", "huggingface_papers.html"));
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            if (context.Request.Path != "/papers/date/2024-08-01")
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.Body.WriteAsync(page).AsTask();
        });

        var result = await FetchAsync(server, "2024-08-01", "2024-08-01", options => options with { Kind = HfFetchKind.Html });

        var day = Assert.Single(result.Days);
        Assert.Equal(HfDayStatus.Saved, day.Status);
        Assert.Equal(Path.Combine(OutputFolder, "2024-08-01.html"), day.FilePath);
        Assert.Equal(page, await File.ReadAllBytesAsync(day.FilePath!));
        Assert.Equal(["/papers/date/2024-08-01"], server.Requests);

        var linkedIds = PaperLink().Matches(System.Text.Encoding.UTF8.GetString(page)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, CancellationToken.None);
        var summaries = await new CorpusBuilder(NullLoggerFactory.Instance).ImportAsync(store, result.Files, progress: null, CancellationToken.None);
        Assert.Equal(0, summaries.Single().Rejected);
        Assert.Equal(linkedIds.Count, await store.CountPapersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CancelMidBodyLeavesNoPartFile()
    {
        var root = TestFiles.RepositoryRoot();
        await using var server = await LocalHttpServer.StartAsync(async context =>
        {
            if (context.Request.Query["date"] != "2025-06-03")
            {
                await LocalHttpServer.ServeBundledDayAsync(context, root);
                return;
            }

            // Half of the body, then a stall until the client gives up.
            var body = LocalHttpServer.ReadBundledDay(root, "2025-06-03")!;
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });

        using var cancellation = new CancellationTokenSource();
        var partPath = Path.Combine(OutputFolder, "2025-06-03.json.part");
        var fetch = FetchAsync(server, "2025-06-02", "2025-06-04", cancellationToken: cancellation.Token);
        for (var i = 0; i < 600 && !File.Exists(partPath); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(File.Exists(partPath), "The fetcher never started writing 2025-06-03.json.part.");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch);
        Assert.Empty(Directory.GetFiles(OutputFolder, "*.part"));
        Assert.Equal(["2025-06-02.json"], Directory.GetFiles(OutputFolder).Select(Path.GetFileName));
        Assert.Equal(0, server.CountRequestsFor("2025-06-04"));
        Assert.Contains(_logger.Entries, e => e.Message.Contains("Fetch cancelled", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/papers")]
    [InlineData("papers/daily")]
    [InlineData("http://127.0.0.1:8080/?date=2025-06-02")]
    [InlineData("http://127.0.0.1:8080/#top")]
    [InlineData("http://user:secret@127.0.0.1:8080/")]
    [InlineData("file:///etc/passwd")]
    public void InvalidBaseUrlIsRejected(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => HfFetchOptions.ParseBaseUrl(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/mirror", "http://127.0.0.1:8080/mirror/api/daily_papers?date=2025-06-02", true)]
    [InlineData("http://127.0.0.1:8080/mirror/", "http://127.0.0.1:8080/mirror", true)]
    [InlineData("http://127.0.0.1:8080/mirror", "http://127.0.0.1:8080/mirror2/api", false)]
    [InlineData("http://127.0.0.1:8080/mirror", "http://127.0.0.1:8080/mirror/../api", false)]
    [InlineData("http://127.0.0.1:8080/", "http://127.0.0.1:8081/api", false)]
    [InlineData("http://127.0.0.1:8080/", "https://127.0.0.1:8080/api", false)]
    [InlineData("http://127.0.0.1:8080/", "http://localhost:8080/api", false)]
    [InlineData("http://127.0.0.1:8080/", "http://user@127.0.0.1:8080/api", false)]
    public void InsideBaseChecksSchemeHostPortAndPath(string baseUrl, string url, bool expected)
    {
        Assert.Equal(expected, HfDailyFetcher.IsInsideBase(new Uri(baseUrl), new Uri(url)));
    }

    [Fact]
    public void DayUrlsFollowTheBasePath()
    {
        var day = new DateOnly(2025, 6, 2);
        var baseUrl = new Uri("http://127.0.0.1:8080/mirror");

        Assert.Equal("http://127.0.0.1:8080/mirror/api/daily_papers?date=2025-06-02", HfDailyFetcher.BuildDayUrl(baseUrl, HfFetchKind.Api, day).AbsoluteUri);
        Assert.Equal("http://127.0.0.1:8080/mirror/papers/date/2025-06-02", HfDailyFetcher.BuildDayUrl(baseUrl, HfFetchKind.Html, day).AbsoluteUri);
    }

    [Fact]
    public async Task InvertedRangeIsRejected()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => FetchWithoutServerAsync("2025-06-04", "2025-06-02"));

        Assert.Contains("2025-06-04 is after its end 2025-06-02", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(OutputFolder));
    }

    [Fact]
    public async Task FutureDayIsRejected()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => FetchWithoutServerAsync("2026-08-30", "2026-09-02"));

        Assert.Contains("2026-09-02 is in the future", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverlongRangeIsRejected()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => FetchWithoutServerAsync("2024-01-01", "2025-06-30"));

        Assert.Contains($"more than the maximum of {HfFetchOptions.MaxDays}", error.Message, StringComparison.Ordinal);
    }

    private Task<HfFetchResult> FetchAsync(
        LocalHttpServer server,
        string from,
        string to,
        Func<HfFetchOptions, HfFetchOptions>? configure = null,
        IProgress<PipelineProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var options = new HfFetchOptions
        {
            From = DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            To = DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
            BaseUrl = server.BaseUrl,
            OutputFolder = OutputFolder,
        };
        options = configure?.Invoke(options) ?? options;
        var fetcher = new HfDailyFetcher(_httpClient, _clock, _logger);
        return fetcher.FetchAsync(options, progress, cancellationToken);
    }

    private Task<HfFetchResult> FetchWithoutServerAsync(string from, string to)
    {
        // Validation fails before any request, so the base URL's port 9 (discard) is never contacted.
        var options = new HfFetchOptions
        {
            From = DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            To = DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
            BaseUrl = new Uri("http://127.0.0.1:9/"),
            OutputFolder = OutputFolder,
        };
        return new HfDailyFetcher(_httpClient, _clock, _logger).FetchAsync(options, null, CancellationToken.None);
    }

    [GeneratedRegex("href=\"/papers/(\\d{4}\\.\\d{4,5})\"")]
    private static partial Regex PaperLink();

    private sealed class ListProgress : IProgress<PipelineProgress>
    {
        private readonly List<string> _details = [];

        public IReadOnlyList<string> Details
        {
            get
            {
                lock (_details)
                {
                    return [.. _details];
                }
            }
        }

        public void Report(PipelineProgress value)
        {
            lock (_details)
            {
                _details.Add(value.Detail ?? string.Empty);
            }
        }
    }
}
