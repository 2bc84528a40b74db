using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrendBoard.Web.Hosting;

namespace TrendBoard.Web.Tests.Hosting;

/// <summary>Runs alone, because it sets process environment variables that every app started meanwhile would read.</summary>
[CollectionDefinition(nameof(DatabaseEnvironmentTests), DisableParallelization = true)]
public sealed class DatabaseEnvironmentCollection;

[Collection(nameof(DatabaseEnvironmentTests))]
public sealed class DatabaseEnvironmentTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("trendboard-env-");

    [Fact]
    public void TrendboardDbSetsDatabasePath()
    {
        var path = ExistingFile("from-trendboard-db.duckdb");

        var resolved = ResolvedDatabasePath(trendboardDb: path, settingVariable: null);

        Assert.Equal(path, resolved);
    }

    [Fact]
    public void SettingVariableWinsOverTrendboardDb()
    {
        var fromSetting = ExistingFile("from-setting.duckdb");

        var resolved = ResolvedDatabasePath(trendboardDb: ExistingFile("from-trendboard-db.duckdb"), settingVariable: fromSetting);

        Assert.Equal(fromSetting, resolved);
    }

    public void Dispose()
    {
        _folder.Delete(recursive: true);
    }

    /// <summary>Starts the real app with the two variables set and returns the database path its options resolve.</summary>
    private static string ResolvedDatabasePath(string? trendboardDb, string? settingVariable)
    {
        Environment.SetEnvironmentVariable("TRENDBOARD_DB", trendboardDb);
        Environment.SetEnvironmentVariable("TrendBoard__DatabasePath", settingVariable);
        try
        {
            using var app = new WebApplicationFactory<Program>();
            using var client = app.CreateClient();
            return app.Services.GetRequiredService<TrendStoreProvider>().DatabasePath;
        }
        finally
        {
            Environment.SetEnvironmentVariable("TRENDBOARD_DB", null);
            Environment.SetEnvironmentVariable("TrendBoard__DatabasePath", null);
        }
    }

    /// <summary>Creates an empty file, so the app finds an existing database and starts no first-start build.</summary>
    private string ExistingFile(string name)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllBytes(path, []);
        return path;
    }
}
