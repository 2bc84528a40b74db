using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Topics;
using TrendBoard.Web.Hosting;

namespace TrendBoard.Web.Tests.Infrastructure;

/// <summary>
/// A database in its own temporary folder with the bundled Daily Papers files of June 2025
/// imported through the real pipeline, optionally with a fitted model run, opened through the
/// app's <see cref="TrendStoreProvider"/>.
/// </summary>
internal sealed class JuneTopicDatabase : IAsyncDisposable
{
    private JuneTopicDatabase(string folder, TrendStoreProvider provider)
    {
        Folder = folder;
        Provider = provider;
    }

    public string Folder { get; }

    public TrendStoreProvider Provider { get; }

    public static async Task<JuneTopicDatabase> CreateAsync(TopicModelOptions? modelOptions)
    {
        var folder = Directory.CreateTempSubdirectory("trendboard-topics-").FullName;
        var buildState = new CorpusBuildState();
        buildState.MarkReady();
        var options = Options.Create(new TrendBoardOptions { DatabasePath = Path.Combine(folder, "june.duckdb"), BuildOnFirstStart = false });
        var provider = new TrendStoreProvider(options, new HostingEnvironment { ContentRootPath = folder }, buildState, NullLoggerFactory.Instance);

        var repositoryRoot = TrendBoardOptions.FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} contains TrendBoard.sln.");
        var files = Directory.GetFiles(Path.Combine(repositoryRoot, "data", "hf-daily-papers"), "2025-06-*.json.gz").Order(StringComparer.Ordinal).ToList();
        var store = await provider.GetStoreAsync(CancellationToken.None);
        var builder = new CorpusBuilder(NullLoggerFactory.Instance);
        await builder.ImportAsync(store, files, null, CancellationToken.None);
        if (modelOptions is not null)
        {
            await builder.ModelAsync(store, modelOptions, null, CancellationToken.None);
        }

        return new JuneTopicDatabase(folder, provider);
    }

    public Task<TrendStore> GetStoreAsync() => Provider.GetStoreAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file that is still open cannot always be deleted; the folder then stays in the temp directory.
        }
    }
}
