using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TrendBoard.Core.Pipeline;

namespace TrendBoard.Core.Fetch;

/// <summary>
/// Downloads Hugging Face Daily Papers responses day by day into one file per day, politely
/// (a pause between requests, retries with backoff) and resumably (days with a file are skipped).
/// </summary>
/// <remarks>
/// <para>
/// Every body is streamed to <c>yyyy-MM-dd.json.part</c> (or <c>.html.part</c>) and renamed to
/// its final name only when complete, so a cancelled or killed run never leaves a half file under
/// the final name. File names come from the day alone, never from the response.
/// </para>
/// <para>
/// Only URLs with the scheme, host and port of <see cref="HfFetchOptions.BaseUrl"/> and a path
/// under its path are requested. Redirects are followed by this class, hop by hop, and only to
/// such URLs; a redirect elsewhere fails the day. The <see cref="HttpClient"/> must therefore not
/// follow redirects itself: <see cref="CreateHttpClient"/> builds one that does not, and a
/// response whose final URL lies outside the base is discarded all the same.
/// </para>
/// <para>
/// A 404 or a response without papers counts as fetched without papers and is not retried.
/// Timeouts, broken connections and the statuses 408, 429 and 5xx are retried up to
/// <see cref="HfFetchOptions.Retries"/> times with exponential backoff and jitter, or after the
/// server's <c>Retry-After</c> when it sends one. Other statuses fail the day at once. All waits
/// run on the given <see cref="TimeProvider"/>; the request timeout runs on the system clock.
/// </para>
/// </remarks>
public sealed partial class HfDailyFetcher
{
    private const int MaxRedirects = 5;
    private const string PartExtension = ".part";
    private const double MaxJitterShare = 0.25;

    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<HfDailyFetcher> _logger;

    /// <summary>Creates a fetcher that sends its requests through <paramref name="httpClient"/>.</summary>
    /// <param name="httpClient">A client that does not follow redirects, such as one from <see cref="CreateHttpClient"/>.</param>
    /// <param name="timeProvider">The clock for the pauses between requests, backoff and today's date.</param>
    /// <param name="logger">Receives start, finish, retry and failure entries.</param>
    public HfDailyFetcher(HttpClient httpClient, TimeProvider timeProvider, ILogger<HfDailyFetcher> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        _httpClient = httpClient;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Creates an <see cref="HttpClient"/> for the fetcher: no automatic redirects, gzip and brotli
    /// decompression, no client-wide timeout (the fetcher times each request) and a TrendBoard
    /// user agent.
    /// </summary>
    public static HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        var client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("TrendBoard/1.0 (research-trends dashboard; daily papers fetch)");
        return client;
    }

    /// <summary>Returns the URL requested for <paramref name="day"/> under <paramref name="baseUrl"/>.</summary>
    public static Uri BuildDayUrl(Uri baseUrl, HfFetchKind kind, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);

        var relative = kind == HfFetchKind.Api
            ? $"api/daily_papers?date={HfFetchOptions.Format(day)}"
            : $"papers/date/{HfFetchOptions.Format(day)}";
        return new Uri(WithTrailingSlash(baseUrl), relative);
    }

    /// <summary>
    /// Returns whether <paramref name="url"/> lies inside <paramref name="baseUrl"/>: same scheme,
    /// host and port, and a path equal to or under the base path.
    /// </summary>
    public static bool IsInsideBase(Uri baseUrl, Uri url)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(url);

        if (!url.IsAbsoluteUri || url.UserInfo.Length > 0)
        {
            return false;
        }

        var root = WithTrailingSlash(baseUrl);
        return string.Equals(url.Scheme, root.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(url.IdnHost, root.IdnHost, StringComparison.OrdinalIgnoreCase)
            && url.Port == root.Port
            && (url.AbsolutePath + "/").StartsWith(root.AbsolutePath, StringComparison.Ordinal);
    }

    /// <summary>
    /// Fetches every day from <see cref="HfFetchOptions.From"/> to <see cref="HfFetchOptions.To"/>
    /// into <see cref="HfFetchOptions.OutputFolder"/>, skipping days whose file exists.
    /// </summary>
    /// <param name="options">The range, source and limits; checked with <see cref="HfFetchOptions.Validate"/> first.</param>
    /// <param name="progress">Receives one <c>fetch</c> report per day, with the day's outcome as detail.</param>
    /// <param name="cancellationToken">Stops the run; a partly written day file is deleted, saved days stay.</param>
    /// <returns>One result per day; failed days do not stop the run.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public async Task<HfFetchResult> FetchAsync(HfFetchOptions options, IProgress<PipelineProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);

        options.Validate(DateOnly.FromDateTime(_timeProvider.GetUtcNow().UtcDateTime));
        Directory.CreateDirectory(options.OutputFolder);

        var stopwatch = Stopwatch.StartNew();
        var days = options.DayCount;
        LogFetchStarted(options.Kind, HfFetchOptions.Format(options.From), HfFetchOptions.Format(options.To), days, options.BaseUrl, options.OutputFolder);

        var results = new List<HfDayResult>(days);
        var session = new FetchSession(options);
        try
        {
            for (var index = 0; index < days; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var day = options.From.AddDays(index);
                var result = await FetchDayAsync(session, day, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                progress?.Report(new PipelineProgress("fetch", (double)(index + 1) / days, Describe(result)));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogFetchCancelled(results.Count, days, results.Count(r => r.Status is HfDayStatus.Saved or HfDayStatus.NoPapers));
            throw;
        }

        var summary = new HfFetchResult(results);
        LogFetchFinished(days, summary.Fetched, summary.Skipped, summary.NoPapers, summary.Failed, stopwatch.Elapsed.TotalSeconds);
        return summary;
    }

    /// <summary>Returns the progress text for one day's outcome, such as <c>2024-05-27 saved (12 papers)</c>.</summary>
    public static string Describe(HfDayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);

        var day = HfFetchOptions.Format(result.Day);
        return result.Status switch
        {
            HfDayStatus.Saved when result.PaperCount is { } count => $"{day} saved ({count} papers)",
            HfDayStatus.Saved => $"{day} saved",
            HfDayStatus.NoPapers when result.HttpStatus == 404 => $"{day} no papers (HTTP 404)",
            HfDayStatus.NoPapers => $"{day} no papers",
            HfDayStatus.Skipped => $"{day} skipped: file exists",
            _ => $"{day} failed: {result.Error}",
        };
    }

    private async Task<HfDayResult> FetchDayAsync(FetchSession session, DateOnly day, CancellationToken cancellationToken)
    {
        var options = session.Options;
        var url = BuildDayUrl(options.BaseUrl, options.Kind, day);
        var finalPath = Path.Combine(options.OutputFolder, HfFetchOptions.Format(day) + options.FileExtension);
        var partPath = finalPath + PartExtension;

        if (File.Exists(finalPath))
        {
            LogDaySkipped(HfFetchOptions.Format(day), finalPath);
            return new HfDayResult(day, HfDayStatus.Skipped, finalPath, url, 0, null, null, null);
        }

        // A .part file left by a killed run is incomplete, so it is deleted before the new request.
        File.Delete(partPath);

        AttemptOutcome outcome;
        var attempt = 0;
        while (true)
        {
            attempt++;
            var wait = session.NextWait;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
            }

            outcome = await SendAsync(options, url, partPath, finalPath, cancellationToken).ConfigureAwait(false);
            session.NextWait = options.Delay;
            if (!outcome.Retryable)
            {
                break;
            }

            if (attempt > options.Retries)
            {
                outcome = outcome with { Error = $"{outcome.Error}; gave up after {attempt} attempts" };
                break;
            }

            var retryDelay = ComputeRetryDelay(options, attempt, outcome.RetryAfter);
            if (retryDelay is null)
            {
                outcome = outcome with
                {
                    Error = $"{outcome.Error}; the server asked to wait {outcome.RetryAfter!.Value.TotalSeconds:F0} s (Retry-After), "
                        + $"longer than the maximum wait of {options.MaxRetryDelay.TotalSeconds:F0} s. Run again later",
                };
                break;
            }

            LogRetry(HfFetchOptions.Format(day), url, attempt, outcome.HttpStatus, outcome.Error, attempt, options.Retries, retryDelay.Value.TotalSeconds);
            session.NextWait = retryDelay.Value;
        }

        if (outcome.Status == HfDayStatus.Failed)
        {
            LogDayFailed(HfFetchOptions.Format(day), url, attempt, outcome.HttpStatus, outcome.Error);
        }
        else
        {
            LogDayFetched(HfFetchOptions.Format(day), outcome.Status, outcome.HttpStatus, outcome.PaperCount, attempt);
        }

        return new HfDayResult(day, outcome.Status, outcome.FilePath, url, attempt, outcome.HttpStatus, outcome.PaperCount, outcome.Error);
    }

    private TimeSpan? ComputeRetryDelay(HfFetchOptions options, int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } requested)
        {
            return requested > options.MaxRetryDelay ? null : Max(requested, options.Delay);
        }

        // Exponential backoff with up to 25% jitter, so clients that failed together do not retry together.
        var exponent = Math.Min(attempt - 1, 20);
        var backoff = options.RetryBaseDelay * Math.Pow(2, exponent);
        var jittered = backoff * (1 + (Random.Shared.NextDouble() * MaxJitterShare));
        return Max(Min(jittered, options.MaxRetryDelay), options.Delay);
    }

    private async Task<AttemptOutcome> SendAsync(HfFetchOptions options, Uri dayUrl, string partPath, string finalPath, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        var url = dayUrl;
        try
        {
            for (var hop = 0; hop <= MaxRedirects; hop++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Accept.ParseAdd(options.Kind == HfFetchKind.Api ? "application/json" : "text/html");
                using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;

                var answeredUrl = response.RequestMessage?.RequestUri ?? url;
                if (!IsInsideBase(options.BaseUrl, answeredUrl))
                {
                    LogRedirectRejected(url, answeredUrl, options.BaseUrl);
                    return AttemptOutcome.Fail(status, $"the HTTP client followed a redirect to {answeredUrl}, outside the base URL {options.BaseUrl}; the response was discarded");
                }

                if (status is >= 300 and < 400)
                {
                    if (response.Headers.Location is not { } location)
                    {
                        return AttemptOutcome.Fail(status, $"HTTP {status} from {url} without a Location header");
                    }

                    var target = new Uri(url, location);
                    if (!IsInsideBase(options.BaseUrl, target))
                    {
                        LogRedirectRejected(url, target, options.BaseUrl);
                        return AttemptOutcome.Fail(status, $"HTTP {status} redirect to {target}, outside the base URL {options.BaseUrl}; not followed");
                    }

                    url = target;
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return new AttemptOutcome(HfDayStatus.NoPapers, status, null, 0, null, false, null);
                }

                if (status is 408 or 429 or >= 500)
                {
                    return new AttemptOutcome(HfDayStatus.Failed, status, null, null, $"HTTP {status} from {url}", true, ReadRetryAfter(response));
                }

                if (status is < 200 or >= 300)
                {
                    return AttemptOutcome.Fail(status, $"HTTP {status} from {url}");
                }

                return await SaveBodyAsync(options, response, url, partPath, finalPath, timeout.Token).ConfigureAwait(false);
            }

            return AttemptOutcome.Fail(null, $"more than {MaxRedirects} redirects starting at {dayUrl}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptOutcome(HfDayStatus.Failed, null, null, null, $"no complete response from {url} within {options.RequestTimeout.TotalSeconds:F0} s (timed out)", true, null);
        }
        catch (HttpRequestException exception)
        {
            return new AttemptOutcome(HfDayStatus.Failed, (int?)exception.StatusCode, null, null, $"request to {url} failed: {exception.Message}", true, null);
        }
        catch (IOException exception)
        {
            // Thrown when the connection breaks while the body is read.
            return new AttemptOutcome(HfDayStatus.Failed, null, null, null, $"reading the response from {url} failed: {exception.Message}", true, null);
        }
    }

    private async Task<AttemptOutcome> SaveBodyAsync(HfFetchOptions options, HttpResponseMessage response, Uri url, string partPath, string finalPath, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.Content.Headers.ContentLength > options.MaxResponseBytes)
        {
            return AttemptOutcome.Fail(status, $"the response from {url} is {response.Content.Headers.ContentLength} bytes, more than the maximum of {options.MaxResponseBytes}");
        }

        long length;
        try
        {
            await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
            await using (var file = LocalFile(partPath, () => new FileStream(partPath, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous)))
            {
                length = await CopyLimitedAsync(body, file, partPath, options.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            }

            if (length < 0)
            {
                File.Delete(partPath);
                return AttemptOutcome.Fail(status, $"the response from {url} is longer than the maximum of {options.MaxResponseBytes} bytes");
            }

            if (length == 0)
            {
                // An empty file would only give an import reject, so nothing is kept.
                File.Delete(partPath);
                return new AttemptOutcome(HfDayStatus.NoPapers, status, null, 0, null, false, null);
            }

            LocalFile(finalPath, () =>
            {
                File.Move(partPath, finalPath, overwrite: true);
                return true;
            });
        }
        catch (LocalSaveException exception)
        {
            // A full disk or an unwritable folder fails the same way on every attempt, so it is not retried.
            DeleteQuietly(partPath);
            return AttemptOutcome.Fail(status, $"saving the response from {url} to {exception.Path} failed: {exception.InnerException?.Message}. "
                + "Check that the output folder is writable and has free space, then run again");
        }
        catch
        {
            DeleteQuietly(partPath);
            throw;
        }

        // Counted from the saved file, after the save, so a body the counter cannot read is still kept for the importer to report.
        var count = options.Kind == HfFetchKind.Api ? CountApiItems(finalPath) : null;
        var dayStatus = count == 0 ? HfDayStatus.NoPapers : HfDayStatus.Saved;
        return new AttemptOutcome(dayStatus, status, finalPath, count, null, false, null);
    }

    /// <summary>Copies at most <paramref name="maxBytes"/> and returns the length, or -1 when the source is longer.</summary>
    /// <remarks>Read errors come from the connection and stay <see cref="IOException"/>s, which are retried.
    /// Write errors come from the local disk and become <see cref="LocalSaveException"/>s, which are not.</remarks>
    private static async Task<long> CopyLimitedAsync(Stream source, Stream destination, string destinationPath, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return -1;
            }

            try
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException exception)
            {
                throw new LocalSaveException(destinationPath, exception);
            }
        }

        try
        {
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            throw new LocalSaveException(destinationPath, exception);
        }

        return total;
    }

    private static T LocalFile<T>(string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new LocalSaveException(path, exception);
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The .part file is deleted again before the next request for the day.
        }
    }

    /// <summary>A failure to write a response to the local disk, which retrying the request cannot fix.</summary>
    private sealed class LocalSaveException(string path, Exception inner) : Exception(inner.Message, inner)
    {
        public string Path { get; } = path;
    }

    /// <summary>
    /// Counts the items of a saved API response: a JSON array, or the archive wrapper
    /// <c>{"status", "data"}</c> where a <c>no_data</c> status counts as 0. Returns null for anything else.
    /// </summary>
    internal static int? CountApiItems(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                return root.GetArrayLength();
            }

            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
                {
                    return data.GetArrayLength();
                }

                if (root.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() == "no_data")
                {
                    return 0;
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private TimeSpan? ReadRetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return Max(delta, TimeSpan.Zero);
        }

        if (header?.Date is { } date)
        {
            return Max(date - _timeProvider.GetUtcNow(), TimeSpan.Zero);
        }

        return null;
    }

    private static Uri WithTrailingSlash(Uri baseUrl)
    {
        var text = baseUrl.GetLeftPart(UriPartial.Path);
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>State that lasts across the days of one run.</summary>
    private sealed class FetchSession(HfFetchOptions options)
    {
        public HfFetchOptions Options { get; } = options;

        /// <summary>The wait before the next request: none before the first, then the rate-limit delay or a retry's backoff.</summary>
        public TimeSpan NextWait { get; set; } = TimeSpan.Zero;
    }

    private sealed record AttemptOutcome(
        HfDayStatus Status,
        int? HttpStatus,
        string? FilePath,
        int? PaperCount,
        string? Error,
        bool Retryable,
        TimeSpan? RetryAfter)
    {
        public static AttemptOutcome Fail(int? httpStatus, string error) => new(HfDayStatus.Failed, httpStatus, null, null, error, false, null);
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Information, Message = "Fetch started: {Kind} days {From} to {To} ({DayCount} days) from {BaseUrl} into {OutputFolder}")]
    private partial void LogFetchStarted(HfFetchKind kind, string from, string to, int dayCount, Uri baseUrl, string outputFolder);

    [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "Fetch finished: {DayCount} days, {Fetched} fetched, {Skipped} skipped, {NoPapers} without papers, {Failed} failed in {ElapsedSeconds:F1} s")]
    private partial void LogFetchFinished(int dayCount, int fetched, int skipped, int noPapers, int failed, double elapsedSeconds);

    [LoggerMessage(EventId = 62, Level = LogLevel.Warning, Message = "Day {Day} ({Url}) attempt {Attempt} failed with status {HttpStatus}: {Error}; retry {Retry} of {Retries} in {DelaySeconds:F1} s")]
    private partial void LogRetry(string day, Uri url, int attempt, int? httpStatus, string? error, int retry, int retries, double delaySeconds);

    [LoggerMessage(EventId = 63, Level = LogLevel.Error, Message = "Fetching day {Day} from {Url} failed after {Attempts} attempts: status {HttpStatus}, {Error}")]
    private partial void LogDayFailed(string day, Uri url, int attempts, int? httpStatus, string? error);

    [LoggerMessage(EventId = 64, Level = LogLevel.Warning, Message = "Redirect from {Url} to {Target} rejected: outside the base URL {BaseUrl}")]
    private partial void LogRedirectRejected(Uri url, Uri target, Uri baseUrl);

    [LoggerMessage(EventId = 65, Level = LogLevel.Debug, Message = "Day {Day} skipped: {FilePath} exists")]
    private partial void LogDaySkipped(string day, string filePath);

    [LoggerMessage(EventId = 66, Level = LogLevel.Debug, Message = "Day {Day} {Status}: status {HttpStatus}, {PaperCount} papers, {Attempts} attempts")]
    private partial void LogDayFetched(string day, HfDayStatus status, int? httpStatus, int? paperCount, int attempts);

    [LoggerMessage(EventId = 67, Level = LogLevel.Warning, Message = "Fetch cancelled after {DoneDays} of {DayCount} days ({Fetched} fetched); saved days are kept")]
    private partial void LogFetchCancelled(int doneDays, int dayCount, int fetched);
}
