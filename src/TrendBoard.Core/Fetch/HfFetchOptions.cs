using System.Globalization;

namespace TrendBoard.Core.Fetch;

/// <summary>Which Hugging Face Daily Papers resource a fetch downloads for each day.</summary>
public enum HfFetchKind
{
    /// <summary>The JSON API, <c>{base}/api/daily_papers?date=yyyy-MM-dd</c>, saved as <c>yyyy-MM-dd.json</c>.</summary>
    Api,

    /// <summary>The daily list page, <c>{base}/papers/date/yyyy-MM-dd</c>, saved as <c>yyyy-MM-dd.html</c>.</summary>
    Html,
}

/// <summary>Settings of one <see cref="HfDailyFetcher.FetchAsync"/> run.</summary>
/// <remarks>
/// Defaults: the API kind, <see cref="DefaultBaseUrl"/>, 1 s between requests, 4 retries with
/// backoff from 2 s, at most 5 minutes for one wait, 60 s for one request and 64 MiB for one
/// response. A range spans at most <see cref="MaxDays"/> days and ends today (UTC) at the latest.
/// </remarks>
public sealed record HfFetchOptions
{
    /// <summary>The public Hugging Face site, used when no base URL is given.</summary>
    public const string DefaultBaseUrl = "https://huggingface.co";

    /// <summary>The maximum number of days in one run, so a mistyped year cannot start a crawl of several years.</summary>
    public const int MaxDays = 366;

    /// <summary>The maximum number of retries of one day.</summary>
    public const int MaxRetries = 10;

    /// <summary>The first day to fetch (inclusive).</summary>
    public required DateOnly From { get; init; }

    /// <summary>The last day to fetch (inclusive).</summary>
    public required DateOnly To { get; init; }

    /// <summary>The folder that receives one file per day; created when missing.</summary>
    public required string OutputFolder { get; init; }

    /// <summary>The resource to download per day.</summary>
    public HfFetchKind Kind { get; init; } = HfFetchKind.Api;

    /// <summary>
    /// The site root, or a path under it, that every request must stay inside: scheme, host, port
    /// and path prefix. Check user input with <see cref="ParseBaseUrl"/>.
    /// </summary>
    public Uri BaseUrl { get; init; } = new(DefaultBaseUrl);

    /// <summary>The wait before each request after the first, so the server receives at most one request per interval.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often one day is requested again after a timeout, a 408, 429 or 5xx status, or a broken connection.</summary>
    public int Retries { get; init; } = 4;

    /// <summary>The backoff before the first retry; each further retry doubles it, plus up to 25% random jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The maximum single wait: backoff is capped here, and a <c>Retry-After</c> longer than this
    /// fails the day instead of blocking the run.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The time allowed for one request, from sending it to the last byte of the body.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest response body that is saved; a larger one fails the day.</summary>
    public long MaxResponseBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The file extension of the saved days: <c>.json</c> for the API, <c>.html</c> for pages.</summary>
    public string FileExtension => Kind == HfFetchKind.Api ? ".json" : ".html";

    /// <summary>
    /// Parses a user-given base URL, rejecting anything but an absolute http or https URL
    /// without query, fragment or user info.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not such a URL; the message names it and shows a valid example.</exception>
    public static Uri ParseBaseUrl(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var example = $"Use an absolute http or https URL without query or fragment, such as {DefaultBaseUrl} or http://127.0.0.1:8080/mirror.";
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"Base URL '{text}' is not an absolute URL. {example}");
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Base URL '{text}' has the scheme '{uri.Scheme}', which is not http or https. {example}");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || text.Contains('?') || text.Contains('#'))
        {
            throw new ArgumentException($"Base URL '{text}' has a query or fragment. {example}");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw new ArgumentException($"Base URL '{text}' contains user info, which would be sent and logged with every request. {example}");
        }

        return uri;
    }

    /// <summary>
    /// Checks the range and limits against <paramref name="today"/> (the current UTC day).
    /// </summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it and states what to change.</exception>
    public void Validate(DateOnly today)
    {
        if (From > To)
        {
            throw new ArgumentException($"The range start {Format(From)} is after its end {Format(To)}. Swap the two dates.");
        }

        if (To > today)
        {
            throw new ArgumentException($"The range end {Format(To)} is in the future (today is {Format(today)} in UTC). End the range today or earlier.");
        }

        var days = DayCount;
        if (days > MaxDays)
        {
            throw new ArgumentException($"The range {Format(From)} to {Format(To)} spans {days} days, more than the maximum of {MaxDays}. Split it into several runs.");
        }

        if (Retries is < 0 or > MaxRetries)
        {
            throw new ArgumentException($"Retries {Retries} is out of range. Use 0 to {MaxRetries}.");
        }

        if (Delay < TimeSpan.Zero || RetryBaseDelay < TimeSpan.Zero || MaxRetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("Delays cannot be negative. Use 0 or more seconds.");
        }

        if (RequestTimeout <= TimeSpan.Zero || MaxResponseBytes <= 0)
        {
            throw new ArgumentException("The request timeout and the maximum response size must be positive.");
        }

        if (string.IsNullOrWhiteSpace(OutputFolder))
        {
            throw new ArgumentException("The output folder is empty. Give a folder path.");
        }

        _ = ParseBaseUrl(BaseUrl.OriginalString);
    }

    /// <summary>The number of days from <see cref="From"/> to <see cref="To"/>, both included.</summary>
    public int DayCount => To.DayNumber - From.DayNumber + 1;

    internal static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
