using System.Net;
using System.Text.Json;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Exports;

public sealed class UnreadableDatabaseTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("trendboard-unreadable-");

    [Fact]
    public async Task ExportFailsWithProblemDetails()
    {
        var path = Path.Combine(_folder.FullName, "not-a-database.duckdb");
        await File.WriteAllTextAsync(path, "bin_start,topic_id\n2024-06-03,1\n");
        await using var app = new TrendBoardApp(path);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("api/export/volume?format=csv");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("volume", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(response.Content.Headers.Contains("Content-Disposition"));
    }

    [Theory]
    [InlineData("api/export/volume?format=csv")]
    [InlineData("api/export/topics")]
    public async Task ExportFailureNamesDatabaseFileOnly(string url)
    {
        var path = Path.Combine(_folder.FullName, "not-a-database.duckdb");
        await File.WriteAllTextAsync(path, "not a database");
        await using var app = new TrendBoardApp(path);
        using var client = app.CreateClient();

        using var response = await client.GetAsync(url);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var detail = problem.RootElement.GetProperty("detail").GetString()!;

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("database file 'not-a-database.duckdb' failed", detail, StringComparison.Ordinal);
        Assert.Contains("Check that 'not-a-database.duckdb' is a DuckDB database", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_folder.FullName, detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath(), detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadParameterFailsBeforeDatabase()
    {
        var path = Path.Combine(_folder.FullName, "not-a-database.duckdb");
        await File.WriteAllTextAsync(path, "not a database");
        await using var app = new TrendBoardApp(path);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("api/export/volume?bin=year");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
