using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TrendBoard.Web.Hosting;
using TrendBoard.Web.Imports;

namespace TrendBoard.Web.Tests.Infrastructure;

/// <summary>
/// A real <see cref="ImportJobService"/> over a new DuckDB file and an upload folder, both in
/// their own temporary folder, with the corpus changes it publishes collected.
/// </summary>
internal sealed class ImportServices : IAsyncDisposable
{
    private ImportServices(string folder, TrendBoardOptions options, bool buildReady)
    {
        Folder = folder;
        Options = options;
        BuildState = new CorpusBuildState();
        if (buildReady)
        {
            BuildState.MarkReady();
        }

        var environment = new HostingEnvironment { ContentRootPath = folder, EnvironmentName = "Development" };
        StoreProvider = new TrendStoreProvider(Microsoft.Extensions.Options.Options.Create(options), environment, BuildState, NullLoggerFactory.Instance);
        Notifier = new CorpusChangeNotifier(NullLogger<CorpusChangeNotifier>.Instance);
        Notifier.Changed += change =>
        {
            lock (Changes)
            {
                Changes.Add(change);
            }
        };
        Service = new ImportJobService(
            Microsoft.Extensions.Options.Options.Create(options),
            environment,
            StoreProvider,
            BuildState,
            Notifier,
            TimeProvider.System,
            NullLogger<ImportJobService>.Instance,
            NullLoggerFactory.Instance);
    }

    public string Folder { get; }

    public TrendBoardOptions Options { get; }

    public string DatabasePath => Path.Combine(Folder, Options.DatabasePath);

    public string UploadPath => Path.Combine(Folder, Options.UploadPath);

    public CorpusBuildState BuildState { get; }

    public TrendStoreProvider StoreProvider { get; }

    public CorpusChangeNotifier Notifier { get; }

    public ImportJobService Service { get; }

    /// <summary>The changes the service published, in order.</summary>
    public List<CorpusChange> Changes { get; } = [];

    /// <param name="maxUploadBytes">The upload limit; the app's default when null.</param>
    /// <param name="buildReady">Whether the first-start build has already finished.</param>
    /// <param name="keepUploads">Whether uploaded files stay after their import.</param>
    public static ImportServices Create(long? maxUploadBytes = null, bool buildReady = true, bool keepUploads = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "trendboard-import-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var options = new TrendBoardOptions
        {
            DatabasePath = Path.Combine(folder, "trendboard.duckdb"),
            UploadPath = Path.Combine(folder, "uploads"),
            KeepUploads = keepUploads,
            BuildOnFirstStart = false,
        };
        if (maxUploadBytes is long limit)
        {
            options.MaxUploadBytes = limit;
        }

        return new ImportServices(folder, options, buildReady);
    }

    /// <summary>Begins a job, uploads the files and starts the import; returns the job once it has ended.</summary>
    public async Task<ImportJob> ImportAsync(ImportRequest request, params (string Name, byte[] Content)[] files)
    {
        Assert.True(Service.TryBegin(request, files.Sum(file => (long)file.Content.Length), out var job, out var busy), busy);
        foreach (var (name, content) in files)
        {
            await Service.AddUploadAsync(job, name, content.Length, lastModified: null, new MemoryStream(content), CancellationToken.None);
        }

        Service.StartImport(job);
        await job.Completion;
        return job;
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await StoreProvider.DisposeAsync();
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
