using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Tests.Import;
using static TrendBoard.Core.Tests.Storage.TestPapers;

namespace TrendBoard.Core.Tests.Storage;

/// <summary>
/// Files of several batches, which the store stages whole and merges at the end of the file,
/// built from the real arXiv listing rows of the fixture with derived ids.
/// </summary>
public sealed class StagedImportTests : IDisposable
{
    private static readonly CancellationToken _none = CancellationToken.None;

    // More distinct papers than one batch holds, so every file here takes the staged path.
    private static readonly int _distinct = TrendStore.ImportBatchSize + 700;

    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RepeatedIdAcrossBatchesKeepsLastRecord()
    {
        var listing = await ReadListingAsync();
        var papers = Derive(listing, _distinct);

        // The first paper returns at the end of the file, in the second batch, with another
        // title, other categories and an upvote observation. The last record must win.
        var first = papers[0];
        Assert.NotEqual(first.Title, listing[^1].Title);
        var repeated = listing[^1] with
        {
            Id = first.Id,
            Categories = ["cs.LG"],
            Upvote = new UpvoteObservation(first.PublishedOn, 4),
        };
        papers.Add(repeated);
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);

        var summary = await ImportAsync(store, "2025-05-05.jsonl", papers);

        Assert.Equal(new ImportSummary("2025-05-05.jsonl", papers.Count, _distinct, 0, 0, 0), summary);
        var stored = await store.GetPaperAsync(first.Id, _none);
        Assert.Equal(repeated.Title, stored!.Title);
        Assert.Equal(repeated.Abstract, stored.Abstract);
        Assert.Equal(["cs.LG"], stored.Categories);
        Assert.Equal(4, stored.Upvotes);
        Assert.Equal(_distinct, (await store.GetCountsAsync(_none)).Papers);
        Assert.Equal([true], Query(_temp.DatabasePath, HashesMatchSql, r => r.GetBoolean(0)));
    }

    [Fact]
    public async Task EveryObservationAcrossBatchesIsKept()
    {
        var listing = await ReadListingAsync();
        var papers = Derive(listing, _distinct);
        var id = papers[1].Id;
        var day = papers[1].PublishedOn;

        // Four observations of one paper: two in the first batch, the latest day first, and two
        // at the end of the file in the second batch, where the later count of the middle day
        // must replace the first batch's count.
        papers[1] = papers[1] with { Upvote = new UpvoteObservation(day.AddDays(2), 7) };
        papers.Insert(5, papers[1] with { Upvote = new UpvoteObservation(day.AddDays(1), 5) });
        papers.Add(papers[1] with { Upvote = new UpvoteObservation(day, 3) });
        papers.Add(papers[1] with { Upvote = new UpvoteObservation(day.AddDays(1), 6) });
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);

        await ImportAsync(store, "2025-05-05.jsonl", papers);

        var snapshots = await store.GetUpvoteSnapshotsAsync(id, _none);
        Assert.Equal([day, day.AddDays(1), day.AddDays(2)], snapshots.Select(s => s.ObservedOn).Order());
        Assert.Equal(6, snapshots.Single(s => s.ObservedOn == day.AddDays(1)).Upvotes);
        var stored = await store.GetPaperAsync(id, _none);
        Assert.Equal(7, stored!.Upvotes);
        Assert.Equal(day.AddDays(2), stored.UpvotesObservedOn);
    }

    [Fact]
    public async Task ImportingSameFileAgainChangesNothing()
    {
        var papers = Derive(await ReadListingAsync(), _distinct);
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await ImportAsync(store, "2025-05-05.jsonl", papers);
        var before = Query(_temp.DatabasePath, "SELECT count(*), max(last_import_id) FROM papers", r => (r.GetInt64(0), r.GetInt64(1)));

        var again = await ImportAsync(store, "2025-05-05.jsonl", papers);

        Assert.Equal(new ImportSummary("2025-05-05.jsonl", papers.Count, 0, 0, _distinct, 0), again);
        Assert.Equal(before, Query(_temp.DatabasePath, "SELECT count(*), max(last_import_id) FROM papers", r => (r.GetInt64(0), r.GetInt64(1))));
    }

    [Fact]
    public async Task ChangedRecordsUpdateStoredPapers()
    {
        var listing = await ReadListingAsync();
        var papers = Derive(listing, _distinct);
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await ImportAsync(store, "2025-05-05.jsonl", papers);

        // A later listing repeats every paper. Every 100th has another paper's title, and the
        // first 50 lose their categories, which must not erase the stored ones.
        var later = papers.Select((paper, index) => paper with
        {
            PublishedOn = paper.PublishedOn.AddDays(1),
            Title = index % 100 == 0 ? listing.First(other => other.Title != paper.Title).Title : paper.Title,
            Categories = index < 50 ? [] : paper.Categories,
        }).ToList();
        var summary = await ImportAsync(store, "2025-05-06.jsonl", later);

        // Every paper is observed a day later, so every paper changes: its publication day.
        Assert.Equal(0, summary.New);
        Assert.Equal(_distinct, summary.Updated);
        Assert.Equal(_distinct, (await store.GetCountsAsync(_none)).Papers);
        Assert.NotEqual(papers[100].Title, later[100].Title);
        var retitled = await store.GetPaperAsync(papers[100].Id, _none);
        Assert.Equal(later[100].Title, retitled!.Title);
        Assert.Equal(later[100].PublishedOn, retitled.PublishedOn);
        var keptCategories = await store.GetPaperAsync(papers[10].Id, _none);
        Assert.NotEmpty(papers[10].Categories);
        Assert.Equal(papers[10].Categories, keptCategories!.Categories);
        Assert.Equal([true], Query(_temp.DatabasePath, HashesMatchSql, r => r.GetBoolean(0)));
    }

    [Fact]
    public async Task MixedFileUpdatesStoredAndAddsNew()
    {
        var papers = Derive(await ReadListingAsync(), _distinct * 2);
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        await ImportAsync(store, "2025-05-05.jsonl", papers[.._distinct]);

        var summary = await ImportAsync(store, "2025-05-06.jsonl", papers[(_distinct / 2)..]);

        var expectedNew = papers.Count - _distinct;
        Assert.Equal(new ImportSummary("2025-05-06.jsonl", papers.Count - (_distinct / 2), expectedNew, 0, _distinct - (_distinct / 2), 0), summary);
        Assert.Equal(papers.Count, (await store.GetCountsAsync(_none)).Papers);
        Assert.Equal(1, Query(_temp.DatabasePath, "SELECT count(*) FROM papers GROUP BY id ORDER BY count(*) DESC LIMIT 1", r => r.GetInt64(0)).Single());
    }

    // Every stored content hash equals the SQL encoding of its row's fields.
    private static readonly string HashesMatchSql = "SELECT bool_and(content_hash = " + ImportSql.ContentHash(
        "title", "abstract", "published_on", "date_uncertain", "authors", "source_keywords", "categories", "source") + ") FROM papers";

    private static async Task<IReadOnlyList<PaperRecord>> ReadListingAsync()
    {
        var parsed = await PaperFileReader.ReadAsync(TestFiles.TestData("arxiv-listings", "2025-05-05.jsonl"), _none);
        Assert.NotEmpty(parsed.Papers);
        return parsed.Papers;
    }

    /// <summary>
    /// Returns <paramref name="count"/> papers with distinct derived ids (valid arXiv ids from
    /// 3001.00001 on, never used by arXiv), cycling through the real listing records.
    /// </summary>
    private static List<PaperRecord> Derive(IReadOnlyList<PaperRecord> listing, int count)
    {
        return Enumerable.Range(0, count)
            .Select(n => listing[n % listing.Count] with { Id = $"30{1 + (n / 99_999):D2}.{(n % 99_999) + 1:D5}" })
            .ToList();
    }

    private static Task<ImportSummary> ImportAsync(TrendStore store, string sourceFile, IReadOnlyList<PaperRecord> papers)
    {
        return store.ImportAsync(
            sourceFile,
            (sink, token) => Task.Run(() =>
            {
                for (var index = 0; index < papers.Count; index++)
                {
                    sink.AddPaper(papers[index], $"line {index + 1}");
                }

                return (string?)ArxivListingJsonlFormat.FormatName;
            }, token),
            progress: null,
            _none);
    }
}
