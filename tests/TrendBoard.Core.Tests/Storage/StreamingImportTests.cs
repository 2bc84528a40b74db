using DuckDB.NET.Data;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Storage;
using static TrendBoard.Core.Tests.Storage.TestPapers;

namespace TrendBoard.Core.Tests.Storage;

/// <summary>The streaming import path, the schema version that stores categories, and the upgrade of version 2 files.</summary>
public sealed class StreamingImportTests : IDisposable
{
    private static readonly CancellationToken _none = CancellationToken.None;
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CategoriesAndDateEstimateAreStored()
    {
        var paper = Paper("2401.00001", Day("2024-01-02")) with { Categories = ["cs.CL", "cs.AI"], DateUncertain = true };
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);

        await store.ImportAsync(File("day1.json", paper), _none);
        var stored = await store.GetPaperAsync("2401.00001", _none);
        var primary = Query(_temp.DatabasePath, "SELECT primary_category FROM papers", r => r.GetString(0));

        Assert.Equal(["cs.CL", "cs.AI"], stored!.Categories);
        Assert.True(stored.DateUncertain);
        Assert.Equal(["cs.CL"], primary);
    }

    [Fact]
    public async Task ExactDayReplacesEstimatedDay()
    {
        var estimated = Paper("2401.00001", Day("2024-01-09"), featuredOn: Day("2024-01-10")) with { DateUncertain = true };
        var exact = Paper("2401.00001", Day("2024-01-02")) with { Categories = ["cs.LG"] };
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);

        await store.ImportAsync(File("estimate.txt", estimated), _none);
        await store.ImportAsync(File("listing.jsonl", exact), _none);
        var stored = await store.GetPaperAsync("2401.00001", _none);

        // The estimate was observed later, so it keeps its title, but the exact day wins.
        Assert.Equal(Day("2024-01-02"), stored!.PublishedOn);
        Assert.False(stored.DateUncertain);
        Assert.Equal(["cs.LG"], stored.Categories);
    }

    [Fact]
    public async Task StoredHashMatchesSqlEncoding()
    {
        var paper = Paper("2401.00001", Day("2024-01-02"), title: "Über «Tokens» 🚀", keywords: [], authors: ["Zoë Ćirić", ""])
            with { Categories = ["cs.CL"], DateUncertain = true };
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await store.ImportAsync(File("day1.json", paper), _none);

        var sql = "SELECT content_hash = " + ImportSql.ContentHash(
            "title", "abstract", "published_on", "date_uncertain", "authors", "source_keywords", "categories", "source") + " FROM papers";
        var matches = Query(_temp.DatabasePath, sql, r => r.GetBoolean(0));

        Assert.Equal([true], matches);
    }

    [Fact]
    public async Task BatchesMergeRepeatedIdsAcrossFile()
    {
        // Three records per id, spread over more than two batches, the last one newest.
        var papers = new List<PaperRecord>();
        var distinct = TrendStore.ImportBatchSize + 500;
        for (var round = 0; round < 3; round++)
        {
            for (var number = 1; number <= distinct; number++)
            {
                var id = $"24{1 + (number / 99_999):D2}.{(number % 99_999) + 1:D5}";
                var observed = Day("2024-03-01").AddDays(round);
                papers.Add(Paper(id, Day("2024-01-02"), featuredOn: observed, upvote: new UpvoteObservation(observed, round), title: $"Round {round}"));
            }
        }

        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        var progress = new List<ImportProgress>();
        var summary = await store.ImportAsync(
            "rounds.json",
            (sink, token) => Task.Run(() => Feed(papers, sink), token),
            new SynchronousProgress(progress.Add),
            _none);

        Assert.Equal(new ImportSummary("rounds.json", papers.Count, distinct, 0, 0, 0), summary);
        Assert.True(progress.Count >= 3, $"expected a report per batch, got {progress.Count}");
        Assert.Equal(papers.Count, progress[^1].RecordsRead);
        var stored = await store.GetPaperAsync("2401.00002", _none);
        Assert.Equal("Round 2", stored!.Title);
        Assert.Equal(Day("2024-03-01"), stored.FeaturedOn);
        Assert.Equal(2, stored.Upvotes);
        Assert.Equal(3, (await store.GetUpvoteSnapshotsAsync("2401.00002", _none)).Count);
        Assert.Equal(distinct, (await store.GetCountsAsync(_none)).Papers);
    }

    [Fact]
    public async Task NewPaperKeepsLatestObservationOfFile()
    {
        // The later day comes first and has fewer upvotes, so neither file order nor the larger
        // count may decide which observation the paper shows.
        var later = Paper("2401.00003", Day("2024-01-02"), upvote: new UpvoteObservation(Day("2024-01-05"), 3));
        var earlier = Paper("2401.00003", Day("2024-01-02"), upvote: new UpvoteObservation(Day("2024-01-04"), 9));
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);

        await store.ImportAsync(File("days.json", later, earlier), _none);

        var stored = await store.GetPaperAsync("2401.00003", _none);
        Assert.Equal(3, stored!.Upvotes);
        Assert.Equal(Day("2024-01-05"), stored.UpvotesObservedOn);
        Assert.Equal(2, (await store.GetUpvoteSnapshotsAsync("2401.00003", _none)).Count);
    }

    [Fact]
    public async Task ReaderFailureRollsBackFile()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await store.ImportAsync(File("day1.json", Paper("2401.00001", Day("2024-01-02"))), _none);
        var before = await store.GetCountsAsync(_none);

        var papers = Enumerable.Range(2, TrendStore.ImportBatchSize * 2)
            .Select(n => Paper($"2402.{n:D5}", Day("2024-02-02")))
            .ToList();
        await Assert.ThrowsAsync<IOException>(() => store.ImportAsync(
            "broken.json",
            (sink, token) => Task.Run(FeedThenFail(papers, sink), token),
            progress: null,
            _none));

        Assert.Equal(before, await store.GetCountsAsync(_none));
    }

    [Fact]
    public async Task VersionTwoFileUpgradesInPlace()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_temp.DatabasePath)!);
        CreateVersionTwoFile(_temp.DatabasePath);

        await using (var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none))
        {
            Assert.Equal(TrendStore.LatestSchemaVersion, store.SchemaVersion);
            var hash = Assert.Single(Query(_temp.DatabasePath, "SELECT content_hash FROM papers", r => r.GetString(0)));
            Assert.NotEqual("old-encoding-hash", hash);
            Assert.Equal(64, hash.Length);
            var old = await store.GetPaperAsync("2401.00001", _none);
            Assert.Equal("Old title", old!.Title);
            Assert.Empty(old.Categories);
            Assert.False(old.DateUncertain);
            Assert.Equal(7, old.Upvotes);

            // The migration recomputes the hash, so re-importing the same fields changes nothing.
            var same = Paper("2401.00001", Day("2024-01-02"), title: "Old title", authors: ["Ada Lovelace"], source: "hf-daily-api")
                with { Abstract = "Old abstract." };
            var summary = await store.ImportAsync(File("again.json", same), _none);
            Assert.Equal(1, summary.Unchanged);

            var withCategories = same with { Categories = ["cs.CL"] };
            var update = await store.ImportAsync(File("listing.jsonl", withCategories), _none);
            Assert.Equal(1, update.Updated);
            Assert.Equal(["cs.CL"], (await store.GetPaperAsync("2401.00001", _none))!.Categories);
        }

        var versions = Query(_temp.DatabasePath, "SELECT version FROM schema_version ORDER BY version", r => r.GetInt32(0));
        Assert.Equal(Enumerable.Range(1, TrendStore.LatestSchemaVersion), versions);
    }

    /// <summary>
    /// Builds a file as a version 2 build did: migrations 1 and 2 only, and one paper whose
    /// content hash used the old encoding (any value other than the new one shows the recompute).
    /// </summary>
    private static void CreateVersionTwoFile(string path)
    {
        using var connection = new DuckDBConnection($"Data Source={path}");
        connection.Open();
        Run(connection, SchemaMigrations.CreateVersionTable);
        foreach (var migration in SchemaMigrations.All.Where(m => m.Version <= 2))
        {
            foreach (var statement in migration.Statements)
            {
                Run(connection, statement);
            }

            Run(connection, $"INSERT INTO schema_version VALUES ({migration.Version}, 'v{migration.Version}', TIMESTAMP '2026-01-01 00:00:00')");
        }

        Run(connection, "INSERT INTO imports VALUES (nextval('imports_id_seq'), 'old.json', TIMESTAMP '2026-01-01 00:00:00', 1, 1, 0, 0, 0)");
        Run(connection, """
            INSERT INTO papers VALUES ('2401.00001', 'Old title', 'Old abstract.', DATE '2024-01-02', NULL, ['Ada Lovelace'], [],
                7, DATE '2024-01-02', 'hf-daily-api', DATE '2024-01-02', 'old-encoding-hash', 1, TIMESTAMP '2026-01-01 00:00:00',
                1, TIMESTAMP '2026-01-01 00:00:00')
            """);
        Run(connection, "INSERT INTO upvote_snapshots VALUES ('2401.00001', DATE '2024-01-02', 7, 'hf-daily-api', 1)");
    }

    private static void Run(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string? Feed(IReadOnlyList<PaperRecord> papers, IPaperRecordSink sink)
    {
        for (var index = 0; index < papers.Count; index++)
        {
            sink.AddPaper(papers[index], $"record {index + 1}");
        }

        return "test";
    }

    private static Func<string?> FeedThenFail(IReadOnlyList<PaperRecord> papers, IPaperRecordSink sink) => () =>
    {
        Feed(papers, sink);
        throw new IOException("Simulated read failure after two batches.");
    };

    private sealed class SynchronousProgress(Action<ImportProgress> handler) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => handler(value);
    }
}
