using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Core.Export;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Exports;

/// <summary>A database with one imported Daily Papers day and no topic model run, served by the real app.</summary>
public sealed class UnmodelledDatabaseFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("trendboard-nomodel-");

    internal TrendBoardApp App { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        var path = Path.Combine(_folder.FullName, "papers-only.duckdb");
        await using (var store = await TrendStore.OpenAsync(path, logger: null, CancellationToken.None))
        {
            await new CorpusBuilder(NullLoggerFactory.Instance).ImportAsync(store, [RealData.DailyPapersPath], progress: null, CancellationToken.None);
        }

        App = new TrendBoardApp(path);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        _folder.Delete(recursive: true);
    }
}

public sealed class ExportWithoutModelTests(UnmodelledDatabaseFixture fixture) : IClassFixture<UnmodelledDatabaseFixture>
{
    private readonly HttpClient _client = fixture.App.CreateClient();

    public static TheoryData<string> ExportNames()
    {
        return new TheoryData<string>(ChartExports.All.Select(export => export.Name).Concat(ModelExports.Names));
    }

    [Theory]
    [MemberData(nameof(ExportNames))]
    public async Task ExportReturnsConflictNamingModel(string chart)
    {
        using var response = await _client.GetAsync($"api/export/{chart}?format=csv");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Content.Headers.Contains("Content-Disposition"));
        Assert.Contains("No topic model has been run", body, StringComparison.Ordinal);
        Assert.Contains($"the {chart} export would be empty", body, StringComparison.Ordinal);
        Assert.Contains("'trendboard model'", body, StringComparison.Ordinal);
        Assert.Contains("Refit topics", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidParameterStillReportedFirst()
    {
        using var response = await _client.GetAsync("api/export/volume?bin=year");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
