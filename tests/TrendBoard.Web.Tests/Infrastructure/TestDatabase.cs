using TrendBoard.Core.Papers;
using TrendBoard.Core.Storage;

namespace TrendBoard.Web.Tests.Infrastructure;

/// <summary>A DuckDB file in its own temporary folder, filled with <see cref="TestCorpus"/> through the real store.</summary>
internal sealed class TestDatabase : IDisposable
{
    private TestDatabase(string folder, IReadOnlyList<(PaperRecord Paper, int TopicId, IReadOnlyList<string> Keywords)> papers)
    {
        Folder = folder;
        Papers = papers;
    }

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "trendboard.duckdb");

    /// <summary>The papers stored, each with the topic and keywords its model run gave it.</summary>
    public IReadOnlyList<(PaperRecord Paper, int TopicId, IReadOnlyList<string> Keywords)> Papers { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "trendboard-web-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = new TestDatabase(folder, TestCorpus.Build());

        await using var store = await TrendStore.OpenAsync(database.DatabasePath, logger: null, CancellationToken.None);
        await store.ImportAsync(new ParsedFile("test-corpus.json", database.Papers.Select(paper => paper.Paper).ToList(), []), CancellationToken.None);
        await store.SaveModelRunAsync(TestCorpus.BuildModelResult(database.Papers), "test-corpus", CancellationToken.None);
        return database;
    }

    public void Dispose()
    {
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
