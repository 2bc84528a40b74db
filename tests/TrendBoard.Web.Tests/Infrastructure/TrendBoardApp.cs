using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace TrendBoard.Web.Tests.Infrastructure;

/// <summary>
/// The real app on its own test database, either in memory (<see cref="CreateClient"/>) or on
/// Kestrel at http://127.0.0.1 with a free port (<see cref="StartKestrel"/>).
/// </summary>
internal sealed class TrendBoardApp : WebApplicationFactory<Program>
{
    private readonly string _databasePath;
    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="databasePath">The DuckDB file the app opens.</param>
    /// <param name="settings">Further configuration, such as <c>TrendBoard:UploadPath</c>; keys as in appsettings.json with ':' separators.</param>
    public TrendBoardApp(string databasePath, IReadOnlyDictionary<string, string>? settings = null)
    {
        _databasePath = databasePath;
        _settings = settings ?? new Dictionary<string, string>();
    }

    /// <summary>Starts Kestrel on a free loopback port and returns the app's base address.</summary>
    public Uri StartKestrel()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();

        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.Single());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("TrendBoard:DatabasePath", _databasePath);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
