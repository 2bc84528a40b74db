using Microsoft.Extensions.Logging;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Topics;
using static TrendBoard.Core.Tests.Storage.TestPapers;

namespace TrendBoard.Core.Tests.Storage;

public sealed class TrendStoreTests : IDisposable
{
    private static readonly string[] ExpectedTables =
    [
        "analytics_cache_state", "analytics_keyword_names", "analytics_keyword_pairs", "analytics_keywords", "analytics_papers",
        "imports", "model_run_models", "model_runs", "paper_keywords", "paper_topics", "papers", "rejects",
        "schema_version", "topic_lineage", "topic_names", "topic_terms", "topics", "upvote_snapshots",
    ];

    private readonly TempDatabase _temp = new();
    private readonly CancellationToken _none = CancellationToken.None;

    public void Dispose()
    {
        _temp.Dispose();
    }

    [Fact]
    public async Task OpenCreatesFolderFileAndVersionedSchema()
    {
        await using (var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none))
        {
            Assert.Equal(Path.GetFullPath(_temp.DatabasePath), store.DatabasePath);
            Assert.Equal(TrendStore.LatestSchemaVersion, store.SchemaVersion);
            Assert.False(store.IsReadOnly);
        }

        Assert.True(System.IO.File.Exists(_temp.DatabasePath));

        var versions = Query(_temp.DatabasePath, "SELECT version FROM schema_version ORDER BY version", r => r.GetInt32(0));
        Assert.Equal(Enumerable.Range(1, TrendStore.LatestSchemaVersion), versions);

        var tables = Query(_temp.DatabasePath, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name", r => r.GetString(0));
        Assert.Equal(ExpectedTables, tables);
    }

    [Fact]
    public async Task NonDatabaseFileGetsOneClearMessage()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_temp.DatabasePath)!);
        await System.IO.File.WriteAllTextAsync(_temp.DatabasePath, "id,title\n2406.00001,Not a database\n");

        var error = await Assert.ThrowsAsync<IOException>(() => TrendStore.OpenAsync(_temp.DatabasePath, null, _none));

        Assert.StartsWith($"DuckDB could not open the database file {Path.GetFullPath(_temp.DatabasePath)}: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(". Close other programs that use the file, or check that it is a DuckDB database.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("..", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReopenAppliesNoMigrationAndKeepsData()
    {
        await using (var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none))
        {
            await store.ImportAsync(File("a.json", Paper("2401.00001", Day("2024-01-02"))), _none);
        }

        var before = Query(_temp.DatabasePath, "SELECT version, applied_at FROM schema_version ORDER BY version", r => (r.GetInt32(0), r.GetDateTime(1)));

        await using (var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none))
        {
            Assert.Equal(TrendStore.LatestSchemaVersion, store.SchemaVersion);
            Assert.Equal(1, await store.CountPapersAsync(_none));
        }

        var after = Query(_temp.DatabasePath, "SELECT version, applied_at FROM schema_version ORDER BY version", r => (r.GetInt32(0), r.GetDateTime(1)));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task OpenRejectsNewerSchemaVersion()
    {
        await using (await TrendStore.OpenAsync(_temp.DatabasePath, null, _none))
        {
        }

        Execute(_temp.DatabasePath, "INSERT INTO schema_version VALUES (99, 'from a newer build', TIMESTAMP '2030-01-01 00:00:00')");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TrendStore.OpenAsync(_temp.DatabasePath, null, _none));
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
        Assert.Contains(_temp.DatabasePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportTwiceLeavesCountsUnchanged()
    {
        var file = new ParsedFile(
            "2024-01-05.json",
            [
                Paper("2401.00001", Day("2024-01-02"), Day("2024-01-05"), new UpvoteObservation(Day("2024-01-05"), 12), keywords: ["diffusion", "sampling"]),
                Paper("2401.00002", Day("2024-01-03"), Day("2024-01-05"), new UpvoteObservation(Day("2024-01-05"), 3)),
                Paper("2401.00003", Day("2024-01-04"), Day("2024-01-05"), new UpvoteObservation(Day("2024-01-05"), 0)),
            ],
            [new ImportReject("2024-01-05.json", "record 4", "The id field is missing.")]);
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);

        var first = await store.ImportAsync(file, _none);
        var countsAfterFirst = await store.GetCountsAsync(_none);
        var second = await store.ImportAsync(file, _none);
        var countsAfterSecond = await store.GetCountsAsync(_none);

        Assert.Equal(new ImportSummary("2024-01-05.json", Read: 3, New: 3, Updated: 0, Unchanged: 0, Rejected: 1), first);
        Assert.Equal(new ImportSummary("2024-01-05.json", Read: 3, New: 0, Updated: 0, Unchanged: 3, Rejected: 1), second);
        Assert.Equal(3, countsAfterFirst.Papers);
        Assert.Equal(3, countsAfterFirst.UpvoteSnapshots);
        Assert.Equal(1, countsAfterFirst.Rejects);
        Assert.Equal(countsAfterFirst with { Imports = 2 }, countsAfterSecond);
    }

    [Fact]
    public async Task ImportStoresLatestFieldsOfPaper()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await store.ImportAsync(File("f.json", Paper(
            "2401.00001",
            Day("2024-01-02"),
            Day("2024-01-05"),
            new UpvoteObservation(Day("2024-01-05"), 12),
            title: "Sparse Attention",
            keywords: ["diffusion", "sampling"],
            authors: ["Grace Hopper"])), _none);

        var paper = await store.GetPaperAsync("2401.00001", _none);

        Assert.NotNull(paper);
        Assert.Equal("Sparse Attention", paper.Title);
        Assert.Equal(Day("2024-01-02"), paper.PublishedOn);
        Assert.Equal(Day("2024-01-05"), paper.FeaturedOn);
        Assert.Equal(["Grace Hopper"], paper.Authors);
        Assert.Equal(["diffusion", "sampling"], paper.SourceKeywords);
        Assert.Equal(12, paper.Upvotes);
        Assert.Equal(Day("2024-01-05"), paper.UpvotesObservedOn);
        Assert.Equal("hf-daily-api", paper.Source);
        Assert.Null(await store.GetPaperAsync("2401.99999", _none));
    }

    [Fact]
    public async Task NewerObservationUpdatesUpvotes()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await store.ImportAsync(File("day1.json", Paper("2401.00001", Day("2024-01-02"), Day("2024-01-05"), new UpvoteObservation(Day("2024-01-05"), 10))), _none);

        var summary = await store.ImportAsync(File("day2.json", Paper("2401.00001", Day("2024-01-02"), Day("2024-01-08"), new UpvoteObservation(Day("2024-01-08"), 25))), _none);
        var paper = await store.GetPaperAsync("2401.00001", _none);
        var snapshots = await store.GetUpvoteSnapshotsAsync("2401.00001", _none);

        Assert.Equal(1, summary.Updated);
        Assert.Equal(25, paper!.Upvotes);
        Assert.Equal(Day("2024-01-08"), paper.UpvotesObservedOn);
        Assert.Equal(Day("2024-01-05"), paper.FeaturedOn);
        Assert.Equal(
            [
                new UpvoteSnapshot("2401.00001", Day("2024-01-05"), 10, "hf-daily-api"),
                new UpvoteSnapshot("2401.00001", Day("2024-01-08"), 25, "hf-daily-api"),
            ],
            snapshots);
    }

    [Fact]
    public async Task OlderObservationOnlyAddsSnapshot()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await store.ImportAsync(File("day2.json", Paper("2401.00001", Day("2024-01-02"), Day("2024-01-08"), new UpvoteObservation(Day("2024-01-08"), 25), title: "Newer title")), _none);

        var summary = await store.ImportAsync(File("day1.json", Paper("2401.00001", Day("2024-01-02"), Day("2024-01-05"), new UpvoteObservation(Day("2024-01-05"), 10), title: "Older title")), _none);
        var paper = await store.GetPaperAsync("2401.00001", _none);
        var snapshots = await store.GetUpvoteSnapshotsAsync("2401.00001", _none);

        Assert.Equal(new ImportSummary("day1.json", Read: 1, New: 0, Updated: 1, Unchanged: 0, Rejected: 0), summary);
        Assert.Equal(25, paper!.Upvotes);
        Assert.Equal(Day("2024-01-08"), paper.UpvotesObservedOn);
        Assert.Equal("Newer title", paper.Title);
        Assert.Equal(Day("2024-01-05"), paper.FeaturedOn);
        Assert.Equal(2, snapshots.Count);
    }

    [Fact]
    public async Task RepeatedIdInOneFileKeepsBothSnapshots()
    {
        // The newer observation comes first, so "latest wins" cannot be mistaken for "last wins".
        var file = File(
            "merged.json",
            Paper("2401.00001", Day("2024-01-02"), Day("2024-01-08"), new UpvoteObservation(Day("2024-01-08"), 30), title: "Newer title"),
            Paper("2401.00001", Day("2024-01-02"), Day("2024-01-05"), new UpvoteObservation(Day("2024-01-05"), 7), title: "Older title"));
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);

        var summary = await store.ImportAsync(file, _none);
        var paper = await store.GetPaperAsync("2401.00001", _none);
        var snapshots = await store.GetUpvoteSnapshotsAsync("2401.00001", _none);

        Assert.Equal(new ImportSummary("merged.json", Read: 2, New: 1, Updated: 0, Unchanged: 0, Rejected: 0), summary);
        Assert.Equal([7, 30], snapshots.Select(s => s.Upvotes));
        Assert.Equal(30, paper!.Upvotes);
        Assert.Equal("Newer title", paper.Title);
        Assert.Equal(Day("2024-01-05"), paper.FeaturedOn);
    }

    [Fact]
    public async Task SourceWithoutKeywordsKeepsStoredKeywords()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await store.ImportAsync(File("hf.json", Paper("2401.00001", Day("2024-01-02"), Day("2024-01-05"), new UpvoteObservation(Day("2024-01-05"), 4), keywords: ["diffusion"])), _none);

        // A later observation from a source without keywords: its title wins, the keywords stay.
        var summary = await store.ImportAsync(File("listing.json", Paper("2401.00001", Day("2024-01-02"), Day("2024-01-09"), new UpvoteObservation(Day("2024-01-09"), 9), title: "Revised title", source: "arxiv-listing")), _none);
        var paper = await store.GetPaperAsync("2401.00001", _none);

        Assert.Equal(1, summary.Updated);
        Assert.Equal("Revised title", paper!.Title);
        Assert.Equal(["diffusion"], paper.SourceKeywords);
        Assert.Equal("arxiv-listing", paper.Source);
        Assert.Equal(9, paper.Upvotes);
    }

    [Fact]
    public async Task ListingUpdateKeepsNullDayAndUpvotes()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await store.ImportAsync(File("listing-1.txt", Paper("2401.00001", Day("2024-01-02"), title: "First title", source: "arxiv-listing")), _none);

        // Same observation day (the publication day), so the later import wins the tie.
        var summary = await store.ImportAsync(File("listing-2.txt", Paper("2401.00001", Day("2024-01-02"), title: "Second title", source: "arxiv-listing")), _none);
        var paper = await store.GetPaperAsync("2401.00001", _none);

        Assert.Equal(1, summary.Updated);
        Assert.Equal("Second title", paper!.Title);
        Assert.Null(paper.FeaturedOn);
        Assert.Null(paper.Upvotes);
        Assert.Null(paper.UpvotesObservedOn);
        Assert.Empty(await store.GetUpvoteSnapshotsAsync("2401.00001", _none));
    }

    [Fact]
    public async Task RejectsAreStoredOncePerFile()
    {
        var file = new ParsedFile(
            "broken.json",
            [
                Paper("2401.00001", Day("2024-01-02")),
                Paper("2401.00002", Day("2024-01-02"), upvote: new UpvoteObservation(Day("2024-01-05"), -4)),
                Paper(" ", Day("2024-01-02")),
            ],
            [new ImportReject("broken.json", "record 7", "The publishedAt field is not a date.")]);
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);

        var summary = await store.ImportAsync(file, _none);
        await store.ImportAsync(file, _none);
        var rejects = await store.GetRejectsAsync(_none);

        Assert.Equal(new ImportSummary("broken.json", Read: 3, New: 1, Updated: 0, Unchanged: 0, Rejected: 3), summary);
        Assert.Equal(3, rejects.Count);
        Assert.Equal(["record 7", "parsed paper 2 (id 2401.00002)", "parsed paper 3"], rejects.Select(r => r.Position));
        Assert.Contains("-4", rejects[1].Reason, StringComparison.Ordinal);
        Assert.Contains("id is missing", rejects[2].Reason, StringComparison.Ordinal);
        Assert.All(rejects, r => Assert.Equal("broken.json", r.SourceFile));
        Assert.Null(await store.GetPaperAsync("2401.00002", _none));
    }

    [Fact]
    public async Task FailedImportLeavesDatabaseUnchanged()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await store.ImportAsync(File("day1.json", Paper("2401.00001", Day("2024-01-02"), Day("2024-01-05"), new UpvoteObservation(Day("2024-01-05"), 10))), _none);
        var countsBefore = await store.GetCountsAsync(_none);
        var secondFile = new ParsedFile(
            "day2.json",
            [
                Paper("2401.00001", Day("2024-01-02"), Day("2024-01-08"), new UpvoteObservation(Day("2024-01-08"), 40), title: "Changed title"),
                Paper("2401.00002", Day("2024-01-06"), Day("2024-01-08"), new UpvoteObservation(Day("2024-01-08"), 2)),
            ],
            [new ImportReject("day2.json", "record 3", "Not a paper.")]);

        // The hook runs after every write of the import and before its commit.
        store.BeforeImportCommit = _ => throw new InvalidOperationException("Simulated failure before commit.");
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.ImportAsync(secondFile, _none));

        Assert.Equal(countsBefore, await store.GetCountsAsync(_none));
        Assert.Null(await store.GetPaperAsync("2401.00002", _none));
        var storedPaper = await store.GetPaperAsync("2401.00001", _none);
        Assert.Equal("Title of 2401.00001", storedPaper!.Title);
        Assert.Equal(10, storedPaper.Upvotes);

        store.BeforeImportCommit = null;
        var retry = await store.ImportAsync(secondFile, _none);
        Assert.Equal(1, retry.New);
        Assert.Equal(1, retry.Updated);
    }

    [Fact]
    public async Task CancelledImportLeavesDatabaseUnchanged()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await store.ImportAsync(File("day1.json", Paper("2401.00001", Day("2024-01-02"))), _none);
        var countsBefore = await store.GetCountsAsync(_none);
        using var cancellation = new CancellationTokenSource();
        store.BeforeImportCommit = _ => cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => store.ImportAsync(File("day2.json", Paper("2401.00002", Day("2024-01-03"))), cancellation.Token));

        Assert.Equal(countsBefore, await store.GetCountsAsync(_none));
        Assert.Null(await store.GetPaperAsync("2401.00002", _none));
    }

    [Fact]
    public async Task ImportRejectsFileWithoutName()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.ImportAsync(File("", Paper("2401.00001", Day("2024-01-02"))), _none));

        Assert.Contains("SourceFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PaperTextsAreOrderedById()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await store.ImportAsync(File("f.json", Paper("2402.00002", Day("2024-02-01")), Paper("2401.00009", Day("2024-01-09")), Paper("2402.00001", Day("2024-02-01"))), _none);

        var texts = await store.GetPaperTextsAsync(_none);

        Assert.Equal(["2401.00009", "2402.00001", "2402.00002"], texts.Select(t => t.PaperId));
        Assert.Equal("Title of 2401.00009", texts[0].Title);
        Assert.StartsWith("Abstract of 2401.00009", texts[0].Abstract, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveModelRunMakesNewRunCurrent()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        var metrics = new Dictionary<string, double> { ["coherence"] = 0.42, ["silhouette"] = double.NaN };

        var firstRun = await store.SaveModelRunAsync(SmallRun(seed: 1, metrics), "fingerprint-1", _none);
        var secondRun = await store.SaveModelRunAsync(SmallRun(seed: 2, metrics), "fingerprint-2", _none);
        var current = await store.GetCurrentModelRunAsync(_none);

        Assert.NotEqual(firstRun, secondRun);
        Assert.NotNull(current);
        Assert.Equal(secondRun, current.Id);
        Assert.True(current.IsCurrent);
        Assert.Equal("test-kmeans", current.Algorithm);
        Assert.Equal(2, current.Options.Seed);
        Assert.Equal(2, current.Options.TopicCount);
        Assert.Equal("fingerprint-2", current.DataFingerprint);
        Assert.Equal(0.42, current.Metrics["coherence"]);
        Assert.True(double.IsNaN(current.Metrics["silhouette"]));
        Assert.Contains("DuckDB", current.LibraryVersions.Keys);
        Assert.Contains("Microsoft.ML", current.LibraryVersions.Keys);

        var currentFlags = Query(_temp.DatabasePath, "SELECT id, is_current FROM model_runs ORDER BY id", r => (r.GetInt64(0), r.GetBoolean(1)));
        Assert.Equal([(firstRun, false), (secondRun, true)], currentFlags);
        var rowsPerRun = Query(_temp.DatabasePath, "SELECT run_id, count(*) FROM paper_topics GROUP BY run_id ORDER BY run_id", r => (r.GetInt64(0), r.GetInt64(1)));
        Assert.Equal([(firstRun, 3L), (secondRun, 3L)], rowsPerRun);
    }

    [Fact]
    public async Task SaveModelRunRejectsPaperAssignedTwice()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        var run = SmallRun(seed: 1, new Dictionary<string, double>()) with
        {
            Assignments = [new TopicAssignment("2401.00001", 0, 0.9), new TopicAssignment("2401.00001", 1, 0.8)],
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.SaveModelRunAsync(run, "fingerprint", _none));

        Assert.Contains("2401.00001", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await store.GetCountsAsync(_none)).ModelRuns);
        Assert.Null(await store.GetCurrentModelRunAsync(_none));
    }

    [Fact]
    public async Task ReadOnlyStoreReadsButRejectsWrites()
    {
        await using (var writable = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none))
        {
            await writable.ImportAsync(File("f.json", Paper("2401.00001", Day("2024-01-02"))), _none);
        }

        await using var store = await TrendStore.OpenReadOnlyAsync(_temp.DatabasePath, null, _none);

        Assert.True(store.IsReadOnly);
        Assert.Equal(1, await store.CountPapersAsync(_none));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.ImportAsync(File("g.json", Paper("2401.00002", Day("2024-01-02"))), _none));
    }

    [Fact]
    public async Task ReadOnlyOpenOfMissingFileFails()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => TrendStore.OpenReadOnlyAsync(_temp.DatabasePath, null, _none));

        Assert.Contains(Path.GetFullPath(_temp.DatabasePath), error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Folder));
    }

    [Fact]
    public async Task OpenRejectsFileThatIsNotDuckDb()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_temp.DatabasePath)!);
        await System.IO.File.WriteAllTextAsync(_temp.DatabasePath, "id,title\n2401.00001,Not a database\n");

        var error = await Assert.ThrowsAsync<IOException>(() => TrendStore.OpenAsync(_temp.DatabasePath, null, _none));

        Assert.Contains(Path.GetFullPath(_temp.DatabasePath), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentImportsAreSerialised()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        var files = Enumerable.Range(1, 6)
            .Select(day => File(
                $"2024-01-0{day}.json",
                Paper("2401.00001", Day("2024-01-01"), Day("2024-01-01"), new UpvoteObservation(Day($"2024-01-0{day}"), day * 10)),
                Paper($"2401.0010{day}", Day($"2024-01-0{day}"))))
            .ToList();

        var summaries = await Task.WhenAll(files.Select(file => store.ImportAsync(file, _none)));
        var paper = await store.GetPaperAsync("2401.00001", _none);

        Assert.Equal(7, await store.CountPapersAsync(_none));
        Assert.Equal(6, (await store.GetUpvoteSnapshotsAsync("2401.00001", _none)).Count);
        Assert.Equal(60, paper!.Upvotes);
        Assert.Equal(7, summaries.Sum(s => s.New));
        Assert.Equal(5, summaries.Sum(s => s.Updated));
    }

    [Fact]
    public async Task ImportLogsStartFinishAndFailureWithIds()
    {
        var logger = new ListLogger();
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, logger, _none);

        await store.ImportAsync(File("day1.json", Paper("2401.00001", Day("2024-01-02"))), _none);
        store.BeforeImportCommit = _ => throw new InvalidOperationException("Simulated failure before commit.");
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.ImportAsync(File("day2.json", Paper("2401.00002", Day("2024-01-03"))), _none));

        var finished = Assert.Single(logger.Entries, e => e.Message.StartsWith("Import 1 of day1.json finished", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Debug, finished.Level);
        Assert.Equal(1L, finished.State["ImportId"]);
        Assert.Equal("day1.json", finished.State["SourceFile"]);
        Assert.Equal(1, finished.State["NewPapers"]);
        Assert.Equal(0, finished.State["UpdatedPapers"]);
        var failed = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal("day2.json", failed.State["SourceFile"]);
        Assert.IsType<InvalidOperationException>(failed.Exception);
        Assert.Contains(logger.Entries, e => e.Message.StartsWith("Import of day2.json started", StringComparison.Ordinal));
    }

    private static TopicModelResult SmallRun(int seed, IReadOnlyDictionary<string, double> metrics)
    {
        return new TopicModelResult(
            new TopicModelOptions { TopicCount = 2, Seed = seed },
            [
                new TopicInfo(0, "diffusion / sampling", 2, [new TopicTerm(1, "diffusion", 0.9), new TopicTerm(2, "sampling", 0.5)]),
                new TopicInfo(1, "agents / tools", 1, [new TopicTerm(1, "agents", 0.8)]),
            ],
            [
                new TopicAssignment("2401.00001", 0, 0.9),
                new TopicAssignment("2401.00002", 0, 0.7),
                new TopicAssignment("2401.00003", 1, 0.6),
            ],
            [new PaperKeyword("2401.00001", "diffusion", 0.5)],
            metrics,
            "test-kmeans");
    }

    private sealed record LogEntry(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> State, Exception? Exception);

    /// <summary>Records every log call with its structured values.</summary>
    private sealed class ListLogger : ILogger<TrendStore>
    {
        public List<LogEntry> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            return null;
        }

        public bool IsEnabled(LogLevel logLevel)
        {
            return true;
        }

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            lock (Entries)
            {
                Entries.Add(new LogEntry(logLevel, formatter(state, exception), values.ToDictionary(pair => pair.Key, pair => pair.Value), exception));
            }
        }
    }
}
