using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TrendBoard.Tests.Fetch;

/// <summary>
/// A Kestrel server on 127.0.0.1 with an ephemeral port that handles every request with a
/// test's handler and records the path and query of each request.
/// </summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _requests;

    private LocalHttpServer(WebApplication app, ConcurrentQueue<string> requests, Uri baseUrl)
    {
        _app = app;
        _requests = requests;
        BaseUrl = baseUrl;
    }

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Every request so far as path plus query, such as <c>/api/daily_papers?date=2025-06-02</c>.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    public static async Task<LocalHttpServer> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();

        var requests = new ConcurrentQueue<string>();
        app.Run(context =>
        {
            requests.Enqueue(context.Request.Path + context.Request.QueryString);
            return handler(context);
        });
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var baseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        Assert.Equal("127.0.0.1", baseUrl.Host);
        return new LocalHttpServer(app, requests, baseUrl);
    }

    /// <summary>Counts the requests for one day of the API (<c>date=DAY</c>).</summary>
    public int CountRequestsFor(string day) => Requests.Count(r => r.EndsWith("date=" + day, StringComparison.Ordinal));

    /// <summary>
    /// Writes the bundled Daily Papers response of the day in the request's <c>date</c> query,
    /// decompressed from <c>data/hf-daily-papers/DAY.json.gz</c>, or a 404 when none is bundled.
    /// </summary>
    public static async Task ServeBundledDayAsync(HttpContext context, string repositoryRoot)
    {
        var day = context.Request.Query["date"].ToString();
        var bytes = ReadBundledDay(repositoryRoot, day);
        if (bytes is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(bytes);
    }

    /// <summary>Returns the decompressed bundled response of <paramref name="day"/>, or null when none is bundled.</summary>
    public static byte[]? ReadBundledDay(string repositoryRoot, string day)
    {
        if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return null;
        }

        var path = Path.Combine(repositoryRoot, "data", "hf-daily-papers", day + ".json.gz");
        if (!File.Exists(path))
        {
            return null;
        }

        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
