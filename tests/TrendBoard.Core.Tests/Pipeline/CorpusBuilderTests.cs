using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Tests.Import;
using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Tests.Pipeline;

/// <summary>
/// First-start builds on real Daily Papers files of every shape: the database appears only
/// when import and model both finished.
/// </summary>
public sealed class CorpusBuilderTests : IDisposable
{
    private static readonly string[] CorpusFiles = ["2024-05-27.json", "2024-06-04.json", "2024-12-11.json", "2025-01-10.json", "2026-04-10.json", "2026-04-16.json"];

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("trendboard-builder-");
    private readonly string _corpus;
    private readonly CorpusBuilder _builder = new(NullLoggerFactory.Instance);
    private readonly TopicModelOptions _options = new() { TopicCount = 5 };

    public CorpusBuilderTests()
    {
        _corpus = Directory.CreateDirectory(Path.Combine(_folder.FullName, "corpus")).FullName;
        foreach (var name in CorpusFiles)
        {
            File.Copy(TestFiles.DailyPapers(name), Path.Combine(_corpus, name));
        }
    }

    private string DatabasePath => Path.Combine(_folder.FullName, "db", "trendboard.duckdb");

    [Fact]
    public async Task MissingDatabaseIsBuiltWithCurrentRun()
    {
        var built = await _builder.EnsureDatabaseAsync(DatabasePath, _corpus, _options, progress: null, CancellationToken.None);

        Assert.True(built);
        Assert.False(File.Exists(DatabasePath + ".building"));
        using var store = await TrendStore.OpenReadOnlyAsync(DatabasePath, null, CancellationToken.None);
        var papers = await store.GetPaperTextsAsync(CancellationToken.None);
        Assert.Equal(await CountDistinctIdsAsync(), papers.Count);

        var run = await store.GetCurrentModelRunAsync(CancellationToken.None);
        Assert.NotNull(run);
        Assert.Equal(CorpusBuilder.ComputeFingerprint(papers), run.DataFingerprint);
    }

    [Fact]
    public async Task ExistingDatabaseIsLeftAlone()
    {
        await _builder.EnsureDatabaseAsync(DatabasePath, _corpus, _options, progress: null, CancellationToken.None);
        var before = File.GetLastWriteTimeUtc(DatabasePath);

        var built = await _builder.EnsureDatabaseAsync(DatabasePath, _corpus, _options, progress: null, CancellationToken.None);

        Assert.False(built);
        Assert.Equal(before, File.GetLastWriteTimeUtc(DatabasePath));
    }

    [Fact]
    public async Task CancelledBuildLeavesNoDatabase()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress(report =>
        {
            if (report.Stage == "model")
            {
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _builder.EnsureDatabaseAsync(DatabasePath, _corpus, _options, progress, cancellation.Token));

        Assert.False(File.Exists(DatabasePath));
        Assert.False(File.Exists(DatabasePath + ".building"));
    }

    [Fact]
    public async Task ProgressCoversImportAndModel()
    {
        var stages = new List<PipelineProgress>();
        var progress = new SynchronousProgress(stages.Add);

        await _builder.EnsureDatabaseAsync(DatabasePath, _corpus, _options, progress, CancellationToken.None);

        Assert.Contains(stages, p => p.Stage == "import" && p.Detail == "2024-12-11.json");
        Assert.Contains(stages, p => p.Stage == "import" && p.Fraction == 1);
        Assert.Contains(stages, p => p.Stage == "model" && p.Fraction == 1);
    }

    [Fact]
    public async Task ModelProgressNamesStagesInWords()
    {
        var stages = new List<PipelineProgress>();
        var progress = new SynchronousProgress(stages.Add);

        await _builder.EnsureDatabaseAsync(DatabasePath, _corpus, _options, progress, CancellationToken.None);

        var details = stages.Where(p => p.Stage == "model").Select(p => p.Detail).OfType<string>().ToList();
        Assert.Contains("Splitting abstracts into words", details);
        Assert.Contains("Clustering papers", details);
        Assert.Contains("Computing quality metrics", details);
        Assert.DoesNotContain("cluster", details);
        Assert.DoesNotContain("metrics", details);
        Assert.All(details, detail => Assert.True(char.IsUpper(detail[0]), $"Progress detail '{detail}' is not a readable label."));
    }

    [Fact]
    public async Task MissingCorpusFailsWithPath()
    {
        var missing = Path.Combine(_folder.FullName, "nowhere");

        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(
            () => _builder.EnsureDatabaseAsync(DatabasePath, missing, _options, progress: null, CancellationToken.None));

        Assert.Contains(missing, error.Message);
        Assert.False(File.Exists(DatabasePath));
    }

    public void Dispose()
    {
        _folder.Delete(recursive: true);
    }

    /// <summary>Counts distinct paper ids with a plain text scan, apart from the importer.</summary>
    private async Task<int> CountDistinctIdsAsync()
    {
        var ids = new HashSet<string>();
        foreach (var file in Directory.GetFiles(_corpus))
        {
            var text = await File.ReadAllTextAsync(file);
            foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(text, @"[""']paper[""']:\s*\{\s*[""']id[""']:\s*[""'](\d{4}\.\d{4,5})[""']"))
            {
                ids.Add(match.Groups[1].Value);
            }
        }

        Assert.True(ids.Count > 50, $"the scan found only {ids.Count} ids");
        return ids.Count;
    }

    /// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/>, so tests see every report in order.</summary>
    private sealed class SynchronousProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => report(value);
    }
}
