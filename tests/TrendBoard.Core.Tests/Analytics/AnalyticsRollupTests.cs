using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Tests.Import;
using TrendBoard.Core.Tests.Storage;
using TrendBoard.Core.Topics;
using static TrendBoard.Core.Tests.Storage.TestPapers;

namespace TrendBoard.Core.Tests.Analytics;

/// <summary>
/// Checks the monthly rollups and the incremental cache refresh against the base tables, on the
/// bundled Daily Papers files of 2025-05-19 to 2025-07-10.
/// </summary>
/// <remarks>
/// Each test builds its own model run: topic = (sum of the id's characters) mod 5, and each
/// paper's keywords are its source keywords. Expected results come from a read-only store opened
/// while the cache is stale, which joins the base tables instead of reading the cache.
/// </remarks>
[Trait("Category", "Corpus")]
public sealed class AnalyticsRollupTests : IDisposable
{
    private const int TopicCount = 5;
    private static readonly DateOnly FirstFileDay = new(2025, 5, 19);
    private static readonly DateOnly SplitFileDay = new(2025, 7, 1);
    private static readonly DateOnly LastFileDay = new(2025, 7, 10);

    private readonly TempDatabase _temp = new();
    private readonly CancellationToken _none = CancellationToken.None;

    public void Dispose()
    {
        _temp.Dispose();
    }

    [Fact]
    public async Task RollupAnswersMatchBaseTables()
    {
        await using (var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none))
        {
            var papers = await ImportAsync(store, Files(FirstFileDay, LastFileDay));
            await AddLaterSnapshotsAsync(store, papers.Where((_, i) => i % 3 == 0).Select(p => p.Id).ToList());
            await store.SaveModelRunAsync(ModelRun(papers), "rollup-slice", _none);
        }

        var expected = await AnswersAsync(await TrendStore.OpenReadOnlyAsync(_temp.DatabasePath, null, _none), readOnly: true);
        await using var writable = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        var actual = await AnswersAsync(writable, readOnly: false);

        Assert.True(RollupRows(writable) > 0, "the writable store did not build the monthly rollups");
        AssertSameAnswers(expected, actual);
    }

    [Fact]
    public async Task KeywordPruningMatchesBaseTables()
    {
        await using (var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none))
        {
            var papers = await ImportAsync(store, Files(FirstFileDay, LastFileDay));
            await store.SaveModelRunAsync(ModelRun(papers), "pruning-slice", _none);
        }

        // First keyword sets of 2 and 12 keywords leave out keywords that can reach the list, so
        // many queries need the second, widened run. Larger sets make more first runs exact.
        var expected = await ShortRangePairAnswersAsync(await TrendStore.OpenReadOnlyAsync(_temp.DatabasePath, null, _none), null, readOnly: true);
        await using var writable = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        foreach (var firstKeywordSetSize in new int?[] { 2, 12, 40, null })
        {
            var actual = await ShortRangePairAnswersAsync(writable, firstKeywordSetSize, readOnly: false);

            Assert.True(RollupRows(writable) > 0, "the writable store did not build the monthly rollups");
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i], actual[i]);
            }
        }
    }

    [Fact]
    public async Task KeywordPruningAfterRefreshMatchesBaseTables()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        var firstPapers = await ImportAsync(store, Files(FirstFileDay, SplitFileDay.AddDays(-1)));
        var runId = await store.SaveModelRunAsync(ModelRun(firstPapers), "first-files", _none);
        await new TrendAnalytics(store).GetKeywordPairsAsync(new TrendFilter(FirstFileDay, LastFileDay), 1, 10, _none);
        var builtAt = StateBuiltAt(store);

        // Moved papers leave negative and positive deltas inside the short ranges, and the new
        // papers of the later files add deltas for pairs the monthly rows already contain. The
        // pruned runs take paper and keyword counts from their first query and read pairs alone,
        // so both must see the deltas.
        var moved = firstPapers.Where((_, i) => i % 7 == 0).Select(p => p.Id).Take(30).ToList();
        await ExecuteAsync(store, "UPDATE paper_topics SET topic_id = (topic_id + 2) % 5 WHERE list_contains($ids, paper_id)", ("ids", moved));
        var laterPapers = await ImportAsync(store, Files(SplitFileDay, SplitFileDay.AddDays(2)));
        var known = firstPapers.SelectMany(KeywordsOf).ToHashSet(StringComparer.Ordinal);
        await AssignAsync(store, runId, laterPapers.Where(p => !firstPapers.Any(f => f.Id == p.Id)).ToList(), known);

        var expected = await ShortRangePairAnswersAsync(await TrendStore.OpenReadOnlyAsync(_temp.DatabasePath, null, _none), null, readOnly: true);
        foreach (var firstKeywordSetSize in new int?[] { 2, 12, null })
        {
            var actual = await ShortRangePairAnswersAsync(store, firstKeywordSetSize, readOnly: false);

            Assert.Equal(builtAt, StateBuiltAt(store));
            Assert.True(DeltaRows(store) > 0, "the refresh recorded no deltas, so the pruned runs did not read any");
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i], actual[i]);
            }
        }
    }

    [Fact]
    public async Task IncrementalRefreshEqualsFullRebuild()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        var firstPapers = await ImportAsync(store, Files(FirstFileDay, SplitFileDay.AddDays(-1)));
        var runId = await store.SaveModelRunAsync(ModelRun(firstPapers), "first-files", _none);
        var analytics = new TrendAnalytics(store);
        await analytics.GetKeywordPairsAsync(new TrendFilter(FirstFileDay, LastFileDay), 1, 10, _none);
        var builtAt = StateBuiltAt(store);

        // The refresh rebuilds instead when the deltas outgrow a tenth of the monthly rows, so
        // the later files add few papers next to the first ones. The test moves some assigned
        // papers to another topic and imports the later files (new papers and newer upvotes of
        // stored ones). It then assigns the new papers as the no-refit assignment does: under the
        // current run, with keywords the run already has.
        var moved = firstPapers.Take(20).Select(p => p.Id).ToList();
        await ExecuteAsync(store, "UPDATE paper_topics SET topic_id = (topic_id + 1) % 5 WHERE list_contains($ids, paper_id)", ("ids", moved));
        await AddLaterSnapshotsAsync(store, firstPapers.Skip(10).Take(40).Select(p => p.Id).ToList());
        var laterPapers = await ImportAsync(store, Files(SplitFileDay, SplitFileDay.AddDays(2)));
        var known = firstPapers.SelectMany(KeywordsOf).ToHashSet(StringComparer.Ordinal);
        var assigned = laterPapers.Where(p => !firstPapers.Any(f => f.Id == p.Id)).ToList();
        Assert.True(assigned.Count > 30, $"only {assigned.Count} new papers in the later files");
        await AssignAsync(store, runId, assigned, known);

        var expected = await AnswersAsync(await TrendStore.OpenReadOnlyAsync(_temp.DatabasePath, null, _none), readOnly: true);
        var refreshed = await AnswersAsync(store, readOnly: false);
        Assert.Equal(builtAt, StateBuiltAt(store));
        Assert.True(DeltaRows(store) > 0, "the refresh recorded no deltas, so it did not take the incremental path");
        var refreshedPapers = CachedPapers(store);
        var refreshedTables = DerivedTables.ToDictionary(table => table, table => TableRows(store, table));
        Assert.True(refreshedTables["analytics_upvote_growth"].Count > 0, "no paper has snapshots on two days, so growth is not compared");

        await store.RunAsync((connection, token) =>
        {
            AnalyticsCache.RebuildNow(connection, token);
            return 0;
        }, _none);
        Assert.NotEqual(builtAt, StateBuiltAt(store));
        Assert.Equal(0, DeltaRows(store));
        var rebuilt = await AnswersAsync(store, readOnly: false);

        AssertSameAnswers(expected, refreshed);
        AssertSameAnswers(rebuilt, refreshed);
        Assert.Equal(CachedPapers(store), refreshedPapers);
        foreach (var table in DerivedTables)
        {
            Assert.Equal(TableRows(store, table), refreshedTables[table]);
        }
    }

    [Fact]
    public async Task UnknownKeywordAfterImportRebuildsCache()
    {
        await using var store = await TrendStore.OpenAsync(_temp.DatabasePath, null, _none);
        var firstPapers = await ImportAsync(store, Files(FirstFileDay, SplitFileDay.AddDays(-1)));
        var runId = await store.SaveModelRunAsync(ModelRun(firstPapers), "first-files", _none);
        var analytics = new TrendAnalytics(store);
        await analytics.GetKeywordPairsAsync(new TrendFilter(FirstFileDay, LastFileDay), 1, 10, _none);
        var builtAt = StateBuiltAt(store);

        var laterPapers = await ImportAsync(store, Files(SplitFileDay, SplitFileDay.AddDays(3)));
        var assigned = laterPapers.Where(p => !firstPapers.Any(f => f.Id == p.Id)).ToList();
        await AssignAsync(store, runId, assigned, knownKeywords: null);
        await ExecuteAsync(
            store,
            "INSERT INTO paper_keywords VALUES ($run_id, $paper_id, 'zz keyword the run never saw', 1.0)",
            ("run_id", runId),
            ("paper_id", assigned[0].Id));

        var expected = await AnswersAsync(await TrendStore.OpenReadOnlyAsync(_temp.DatabasePath, null, _none), readOnly: true);
        var actual = await AnswersAsync(store, readOnly: false);

        Assert.NotEqual(builtAt, StateBuiltAt(store));
        AssertSameAnswers(expected, actual);
    }

    /// <summary>
    /// Runs the topic volume, keyword pair and keyword change queries over ranges that start and end on and
    /// between month ends, on both date bases, with and without a topic filter, and every chart
    /// export over a few of them. Disposes a read-only store when done.
    /// </summary>
    private async Task<List<string>> AnswersAsync(TrendStore store, bool readOnly)
    {
        var ranges = new (DateOnly From, DateOnly To)[]
        {
            (new(2020, 1, 1), new(2030, 12, 31)),
            (DateOnly.MinValue, DateOnly.MaxValue),
            (new(2031, 1, 1), new(2031, 12, 31)),
            (FirstFileDay, LastFileDay),
            (new(2025, 5, 31), new(2025, 6, 30)),
            (new(2025, 6, 1), new(2025, 6, 30)),
            (new(2025, 6, 3), new(2025, 6, 27)),
            (new(2025, 6, 10), new(2025, 7, 5)),
            (new(2025, 6, 16), new(2025, 6, 17)),
            (new(2025, 5, 1), new(2025, 6, 2)),
            (new(2025, 6, 29), new(2025, 7, 31)),
        };

        var answers = new List<string>();
        try
        {
            var analytics = new TrendAnalytics(store);
            foreach (var basis in new[] { DateBasis.Published, DateBasis.Featured })
            {
                foreach (var topics in new IReadOnlyList<int>[] { [], [1, 3] })
                {
                    foreach (var (from, to) in ranges)
                    {
                        var filter = new TrendFilter(from, to) { DateBasis = basis, TopicIds = topics };
                        var label = $"{basis} {from:yyyy-MM-dd}..{to:yyyy-MM-dd} topics [{string.Join(',', topics)}]";
                        var pairs = await analytics.GetKeywordPairsAsync(filter, 1, 1000, _none);
                        answers.Add($"{label} pairs: " + string.Join("; ", pairs.Select(p => $"{p.KeywordA}|{p.KeywordB}|{p.Papers}|{p.Dice:R}|{p.Npmi:R}")));

                        foreach (var bin in new[] { TimeBin.Day, TimeBin.Week, TimeBin.Month })
                        {
                            var volume = await analytics.GetTopicVolumeAsync(filter with { Bin = bin }, _none);
                            answers.Add($"{label} volume {bin}: " + string.Join("; ", volume.Select(p => p.ToString())));
                        }

                        var changes = await analytics.GetKeywordPairChangesAsync(filter, new KeywordChangeOptions { MinPapers = 1, Limit = 1000 }, _none);
                        answers.Add($"{label} changes {changes.PeriodA} {changes.PeriodPapersA} {changes.PeriodB} {changes.PeriodPapersB}: " + string.Join("; ", changes.Pairs.Select(p => p.ToString())));

                        // Short lists make the rollup path group only the pairs that can reach
                        // the list: by their totals when the range covers most stored days, else
                        // by the counts of their keywords. Limits 3 and 12 cut through ties of
                        // the sort key, and MinPapers 2 drops the keywords of a single paper.
                        foreach (var limit in new[] { 1, 3, 5, 12 })
                        {
                            var topPairs = await analytics.GetKeywordPairsAsync(filter, 2, limit, _none);
                            answers.Add($"{label} top {limit} pairs: " + string.Join("; ", topPairs.Select(p => $"{p.KeywordA}|{p.KeywordB}|{p.Papers}|{p.Dice:R}|{p.Npmi:R}")));
                            var minPapers = limit == 12 ? 2 : 1;
                            var topChanges = await analytics.GetKeywordPairChangesAsync(filter, new KeywordChangeOptions { MinPapers = minPapers, Limit = limit }, _none);
                            answers.Add($"{label} top {limit} changes: " + string.Join("; ", topChanges.Pairs.Select(p => p.ToString())));
                        }

                        // The slower upvote, shift and summary queries skip three ranges whose
                        // cases (no data, one whole month, a month end) the others cover.
                        if ((from, to) == ranges[2] || (from, to) == ranges[5] || (from, to) == ranges[10])
                        {
                            continue;
                        }

                        answers.AddRange(await UpvoteAnswersAsync(analytics, filter, label));
                        if (pairs.Count > 0 && topics.Count == 0)
                        {
                            var keywordFilter = filter with { Keywords = [pairs[0].KeywordA.ToUpperInvariant()] };
                            var volume = await analytics.GetTopicVolumeAsync(keywordFilter, _none);
                            answers.Add($"{label} volume, keyword {pairs[0].KeywordA}: " + string.Join("; ", volume.Select(p => p.ToString())));
                            answers.AddRange(await UpvoteAnswersAsync(analytics, keywordFilter, $"{label} keyword {pairs[0].KeywordA}"));
                        }
                    }
                }

                var periods = new ChartExportQuery(new TrendFilter(FirstFileDay, LastFileDay) { DateBasis = basis })
                {
                    MinPapers = 1,
                    Limit = 1000,
                    PeriodA = new DayRange(new DateOnly(2025, 5, 25), new DateOnly(2025, 6, 14)),
                    PeriodB = new DayRange(new DateOnly(2025, 6, 20), new DateOnly(2025, 7, 2)),
                };
                foreach (var query in new[] { periods, periods with { PeriodA = null, PeriodB = null, Filter = periods.Filter with { TopicIds = [2] } } })
                {
                    foreach (var export in ChartExports.All)
                    {
                        var table = await export.QueryAsync(analytics, query, _none);
                        answers.Add($"{basis} export {export.Name}: " + string.Join("\n", table.Rows.Select(r => string.Join(",", r))));
                    }
                }
            }
        }
        finally
        {
            if (readOnly)
            {
                await store.DisposeAsync();
            }
        }

        return answers;
    }

    /// <summary>
    /// Runs the keyword pair and pair change queries with short lists over ranges shorter than
    /// half the stored days, where the cached path prunes pairs by the counts of their keywords.
    /// </summary>
    private async Task<List<string>> ShortRangePairAnswersAsync(TrendStore store, int? firstKeywordSetSize, bool readOnly)
    {
        var ranges = new (DateOnly From, DateOnly To)[]
        {
            (new(2025, 6, 3), new(2025, 6, 24)),
            (new(2025, 6, 10), new(2025, 7, 5)),
            (new(2025, 5, 19), new(2025, 5, 31)),
            (new(2025, 6, 16), new(2025, 6, 17)),
        };

        var answers = new List<string>();
        try
        {
            var analytics = new TrendAnalytics(store) { FirstKeywordSetSize = firstKeywordSetSize };
            foreach (var basis in new[] { DateBasis.Published, DateBasis.Featured })
            {
                foreach (var topics in new IReadOnlyList<int>[] { [], [1, 3] })
                {
                    foreach (var (from, to) in ranges)
                    {
                        var filter = new TrendFilter(from, to) { DateBasis = basis, TopicIds = topics };
                        var label = $"{basis} {from:yyyy-MM-dd}..{to:yyyy-MM-dd} topics [{string.Join(',', topics)}]";
                        foreach (var (limit, minPapers) in new[] { (1, 1), (3, 1), (4, 2), (7, 1), (12, 2), (30, 1) })
                        {
                            var pairs = await analytics.GetKeywordPairsAsync(filter, minPapers, limit, _none);
                            answers.Add($"{label} top {limit} pairs of {minPapers}: " + string.Join("; ", pairs.Select(p => $"{p.KeywordA}|{p.KeywordB}|{p.Papers}|{p.Dice:R}|{p.Npmi:R}")));
                            var changes = await analytics.GetKeywordPairChangesAsync(filter, new KeywordChangeOptions { MinPapers = minPapers, Limit = limit }, _none);
                            answers.Add($"{label} top {limit} changes of {minPapers}: " + string.Join("; ", changes.Pairs.Select(p => p.ToString())));
                        }
                    }
                }
            }
        }
        finally
        {
            if (readOnly)
            {
                await store.DisposeAsync();
            }
        }

        return answers;
    }

    /// <summary>
    /// Runs the upvote, growth, topic shift, topic summary and drill-down queries on one filter
    /// and writes every field of their results, top papers included, as text.
    /// </summary>
    private async Task<List<string>> UpvoteAnswersAsync(TrendAnalytics analytics, TrendFilter filter, string label)
    {
        static string Listing(PaperListing p) => $"{p.PaperId}|{p.Title}|{p.PublishedOn}|{p.FeaturedOn}|{p.Upvotes}|{p.TopicId}|{p.TopicLabel}|{p.Url}";

        var answers = new List<string>();
        foreach (var bin in new[] { TimeBin.Day, TimeBin.Week, TimeBin.Month })
        {
            var binFilter = filter with { Bin = bin };
            var upvotes = await analytics.GetTopicUpvotesAsync(binFilter, _none);
            answers.Add($"{label} upvotes {bin}: " + string.Join("; ", upvotes.Select(p => $"{p}|{p.UpvoteMedian:R}")));

            foreach (var top in new[] { 0, 3, TrendAnalytics.MaxTopPapers })
            {
                var details = await analytics.GetTopicUpvoteDetailsAsync(binFilter, top, _none);
                answers.Add($"{label} upvote details {bin} top {top}: " + string.Join("; ", details.Select(d =>
                    $"{d.BinStart}|{d.TopicId}|{d.TopicLabel}|{d.Papers}|{d.PapersWithCount}|{d.PapersUpvoted}|{d.Partial}|"
                    + string.Join(",", d.TopPapers.Select(p => $"{p.Rank}:{p.PaperId}:{p.Title}:{p.Upvotes}")))));
            }
        }

        var growth = await analytics.GetUpvoteGrowthAsync(filter, TrendAnalytics.MaxGrowthLimit, _none);
        answers.Add($"{label} growth: " + string.Join("; ", growth.Select(g => $"{g}|{g.PerDay:R}")));

        foreach (var weeks in new[] { 1, 2 })
        {
            var shifts = await analytics.GetTopicShiftsAsync(filter, new TopicShiftOptions { RecentWeeks = weeks, BaselineWeeks = 3, TopPapers = 3 }, _none);
            answers.Add($"{label} shifts {weeks}: {shifts.Recent} {shifts.RecentTotal} {shifts.Baseline} {shifts.BaselineTotal} " + string.Join("; ", shifts.Topics.Select(t =>
                $"{t.TopicId}|{t.RecentPapers}|{t.BaselinePapers}|{t.RecentShare:R}|{t.PValue:R}|{t.QValue:R}|{t.Status}|" + string.Join(",", t.TopPapers.Select(Listing)))));
        }

        var summaries = await analytics.GetTopicSummariesAsync(filter, new TopicSummaryOptions { TopPapers = 4 }, _none);
        answers.Add($"{label} summaries: {summaries.Recent} {summaries.RecentTotal} {summaries.Earlier} {summaries.EarlierTotal} " + string.Join("; ", summaries.Topics.Select(t =>
            $"{t.TopicId}|{t.Size}|{t.Papers}|{t.FirstPaperOn}|{t.LastPaperOn}|{t.RecentPapers}|{t.RecentShare:R}|{t.EarlierPapers}|{t.EarlierShare:R}|" + string.Join(",", t.TopPapers.Select(Listing)))));

        var page = await analytics.GetPapersAsync(filter, new PaperDrillDown { SortBy = PaperSortKey.Upvotes, Limit = 20 }, _none);
        answers.Add($"{label} papers {page.Total}: " + string.Join("; ", page.Papers.Select(Listing)));
        return answers;
    }

    private static void AssertSameAnswers(List<string> expected, List<string> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Contains(expected, a => a.Contains("pairs: ", StringComparison.Ordinal) && a.Length > 500);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    private static List<string> Files(DateOnly from, DateOnly to)
    {
        var folder = Path.Combine(TestFiles.RepositoryRoot(), "data", "hf-daily-papers");
        return Directory.GetFiles(folder, "*.json.gz")
            .Where(f => DateOnly.ParseExact(Path.GetFileName(f)[..10], "yyyy-MM-dd") is var day && day >= from && day <= to)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Imports the files in order and returns the stored papers, read back from the store.</summary>
    private async Task<List<PaperRecord>> ImportAsync(TrendStore store, List<string> files)
    {
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var parsed = await PaperFileReader.ReadAsync(file, _none);
            Assert.Empty(parsed.Rejects);
            await store.ImportAsync(parsed, _none);
        }

        return await store.RunAsync((connection, token) =>
        {
            using var command = connection.CreateCommand("SELECT id, source_keywords FROM papers ORDER BY id");
            using var reader = command.ExecuteReader(token);
            var papers = new List<PaperRecord>();
            while (reader.Read())
            {
                var keywords = reader.GetFieldValue<List<string>>(1);
                papers.Add(Paper(reader.GetString(0), FirstFileDay) with { SourceKeywords = keywords });
            }

            return papers;
        }, _none);
    }

    /// <summary>
    /// Records a second upvote count, at least the first, for each paper, observed 1 to 6 days after its first,
    /// as an import of another source would: a new <c>imports</c> row, snapshots with its id, and
    /// the papers' latest counts. The bundled files observe each paper on one day only, so
    /// without this no paper has upvote growth.
    /// </summary>
    private async Task AddLaterSnapshotsAsync(TrendStore store, List<string> paperIds)
    {
        await ExecuteAsync(store, "INSERT INTO imports (id, source_file, imported_at, read_count, new_count, updated_count, unchanged_count, rejected_count) VALUES (nextval('imports_id_seq'), 'later observations', now(), 0, 0, 0, 0, 0)");
        await ExecuteAsync(
            store,
            """
            INSERT INTO upvote_snapshots
            SELECT paper_id, max(observed_on) + 1 + CAST(hash(paper_id) % 6 AS INTEGER), max(upvotes) + CAST(hash(paper_id) % 9 AS INTEGER),
                   'later observations', (SELECT max(id) FROM imports)
            FROM upvote_snapshots
            WHERE list_contains($ids, paper_id)
            GROUP BY paper_id
            """,
            ("ids", paperIds));
        await ExecuteAsync(
            store,
            """
            UPDATE papers
            SET upvotes = s.upvotes, upvotes_observed_on = s.observed_on
            FROM upvote_snapshots AS s
            WHERE s.paper_id = papers.id AND s.source = 'later observations' AND s.import_id = (SELECT max(id) FROM imports)
            """);
    }

    /// <summary>
    /// Writes topics and keywords of the current run for <paramref name="papers"/>, keeping only
    /// the keywords in <paramref name="knownKeywords"/> when it is set.
    /// </summary>
    private async Task AssignAsync(TrendStore store, long runId, List<PaperRecord> papers, HashSet<string>? knownKeywords)
    {
        foreach (var paper in papers)
        {
            await ExecuteAsync(store, "INSERT INTO paper_topics VALUES ($run_id, $paper_id, $topic_id, 1.0)", ("run_id", runId), ("paper_id", paper.Id), ("topic_id", TopicOf(paper.Id)));
            foreach (var keyword in KeywordsOf(paper).Where(k => knownKeywords is null || knownKeywords.Contains(k)))
            {
                await ExecuteAsync(store, "INSERT INTO paper_keywords VALUES ($run_id, $paper_id, $keyword, 1.0)", ("run_id", runId), ("paper_id", paper.Id), ("keyword", keyword));
            }
        }
    }

    private Task<int> ExecuteAsync(TrendStore store, string sql, params (string Name, object Value)[] parameters)
    {
        return store.RunAsync((connection, token) =>
        {
            using var command = connection.CreateCommand(sql);
            foreach (var (name, value) in parameters)
            {
                command.Bind(name, value);
            }

            return command.ExecuteNonQuery(token);
        }, _none);
    }

    private static long RollupRows(TrendStore store) => Query(store.DatabasePath, "SELECT count(*) FROM analytics_item_months", r => r.GetInt64(0)).Single();

    private static long DeltaRows(TrendStore store) => Query(store.DatabasePath, "SELECT count(*) FROM analytics_item_deltas", r => r.GetInt64(0)).Single();

    private static DateTime StateBuiltAt(TrendStore store) => Query(store.DatabasePath, "SELECT built_at FROM analytics_rollup_state", r => r.GetDateTime(0)).Single();

    /// <summary>The cache tables a refresh updates in place, which must then contain the rows a full rebuild writes.</summary>
    private static readonly string[] DerivedTables =
    [
        "analytics_topic_days",
        "analytics_upvote_bins",
        "analytics_upvote_top",
        "analytics_listing_top",
        "analytics_upvote_growth",
        "analytics_item_totals",
    ];

    /// <summary>
    /// Returns every row of a cache table as text, sorted. Item totals of zero are left out:
    /// a refresh keeps a pair whose papers all moved away at zero, and a rebuild has no row.
    /// </summary>
    private static List<string> TableRows(TrendStore store, string table) => Query(
        store.DatabasePath,
        $"SELECT CAST(t AS VARCHAR) FROM {table} AS t {(table == "analytics_item_totals" ? "WHERE papers <> 0" : string.Empty)} ORDER BY ALL",
        r => r.GetString(0));

    private static List<string> CachedPapers(TrendStore store) => Query(
        store.DatabasePath,
        """
        SELECT a.paper_id || ' ' || a.topic_id || ' ' || a.published_on || ' ' || coalesce(CAST(a.featured_on AS VARCHAR), '-') || ' ' || coalesce(CAST(a.upvotes AS VARCHAR), '-')
               || ' ' || (SELECT count(*) FROM analytics_keywords AS k WHERE k.paper_id = a.paper_id)
               || ' ' || (SELECT count(*) FROM analytics_keyword_pairs AS k WHERE k.paper_id = a.paper_id)
        FROM analytics_papers AS a
        ORDER BY a.paper_id
        """,
        r => r.GetString(0));

    private static TopicModelResult ModelRun(List<PaperRecord> papers)
    {
        var topics = Enumerable.Range(0, TopicCount)
            .Select(id => new TopicInfo(id, $"topic {id}", papers.Count(p => TopicOf(p.Id) == id), []))
            .ToList();

        return new TopicModelResult(
            new TopicModelOptions { TopicCount = TopicCount },
            topics,
            papers.Select(p => new TopicAssignment(p.Id, TopicOf(p.Id), 1.0)).ToList(),
            papers.SelectMany(p => KeywordsOf(p).Select(k => new PaperKeyword(p.Id, k, 1.0))).ToList(),
            new Dictionary<string, double>(),
            "id-hash");
    }

    private static int TopicOf(string paperId) => paperId.Sum(c => c) % TopicCount;

    private static IEnumerable<string> KeywordsOf(PaperRecord paper) => paper.SourceKeywords.Distinct(StringComparer.Ordinal);
}
