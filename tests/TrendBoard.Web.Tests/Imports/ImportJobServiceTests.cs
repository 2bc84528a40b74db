using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Core.Import;
using TrendBoard.Core.Pipeline;
using TrendBoard.Core.Topics;
using TrendBoard.Web.Imports;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Imports;

public sealed class ImportJobServiceTests : IAsyncLifetime
{
    private ImportServices _services = default!;

    public Task InitializeAsync()
    {
        _services = ImportServices.Create();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task BundledFileImportsWithItsCounts()
    {
        var (items, paperIds) = RealData.CountDailyPapers(RealData.DailyPapersPath);

        var job = await _services.ImportAsync(new ImportRequest(null, null), (RealData.DailyPapersFileName, await File.ReadAllBytesAsync(RealData.DailyPapersPath)));

        var state = job.State;
        Assert.Equal(ImportJobStatus.Finished, state.Status);
        Assert.Null(state.Error);
        var file = Assert.Single(state.Files);
        Assert.Equal(RealData.DailyPapersFileName, file.FileName);
        Assert.Equal("hf-daily-api", file.Format);
        Assert.Null(file.Error);
        Assert.NotNull(file.Summary);
        Assert.Equal(items, file.Summary.Read);
        Assert.Equal(paperIds.Count, file.Summary.New);
        Assert.Equal(0, file.Summary.Updated);
        Assert.Equal(0, file.Summary.Rejected);
        Assert.Empty(state.Rejects);
        Assert.Null(file.CaptureDateSource);

        var store = await _services.StoreProvider.GetStoreAsync(CancellationToken.None);
        Assert.Equal(paperIds.Count, await store.CountPapersAsync(CancellationToken.None));
        foreach (var id in paperIds.Take(5))
        {
            var paper = await store.GetPaperAsync(id, CancellationToken.None);
            Assert.NotNull(paper);

            // The day in the uploaded name survives the server-chosen file name.
            Assert.Equal(new DateOnly(2024, 5, 27), paper.FeaturedOn);
        }
    }

    [Fact]
    public async Task ImportWithoutModelAssignsNoPapers()
    {
        var job = await _services.ImportAsync(new ImportRequest(null, null), (RealData.DailyPapersFileName, await File.ReadAllBytesAsync(RealData.DailyPapersPath)));

        Assert.Equal(ImportJobStatus.Finished, job.State.Status);
        Assert.Equal(0, job.State.AssignedPapers);
    }

    [Fact]
    public async Task ImportAssignsNewPapersToCurrentTopics()
    {
        // A topic model fitted on the first 30 bundled days; the upload is a later day.
        var folder = Path.GetDirectoryName(RealData.DailyPapersPath)!;
        var days = Directory.GetFiles(folder, "*.json.gz").Order(StringComparer.Ordinal).ToList();
        var store = await _services.StoreProvider.GetStoreAsync(CancellationToken.None);
        var builder = new CorpusBuilder(NullLoggerFactory.Instance);
        await builder.ImportAsync(store, days.Take(30).ToList(), progress: null, CancellationToken.None);
        await builder.ModelAsync(store, new TopicModelOptions { TopicCount = 5 }, progress: null, CancellationToken.None);
        var assignedBefore = (await store.GetCurrentAssignmentsAsync(CancellationToken.None)).Select(a => a.PaperId).ToHashSet();

        var upload = days[40];
        var (_, uploadIds) = RealData.CountDailyPapers(upload);
        var expectedNew = uploadIds.Where(id => !assignedBefore.Contains(id)).ToHashSet();
        var job = await _services.ImportAsync(new ImportRequest(null, null), (Path.GetFileName(upload), await File.ReadAllBytesAsync(upload)));

        Assert.Equal(ImportJobStatus.Finished, job.State.Status);
        Assert.NotEmpty(expectedNew);
        Assert.Equal(expectedNew.Count, job.State.AssignedPapers);
        var assignedAfter = (await store.GetCurrentAssignmentsAsync(CancellationToken.None)).Select(a => a.PaperId).ToHashSet();
        Assert.Superset(expectedNew, assignedAfter);
    }

    [Fact]
    public async Task ImportTwiceLeavesCountsUnchanged()
    {
        var content = await File.ReadAllBytesAsync(RealData.DailyPapersPath);
        var (_, paperIds) = RealData.CountDailyPapers(RealData.DailyPapersPath);

        await _services.ImportAsync(new ImportRequest(null, null), (RealData.DailyPapersFileName, content));
        var second = await _services.ImportAsync(new ImportRequest(null, null), (RealData.DailyPapersFileName, content));

        var summary = Assert.Single(second.State.Files).Summary;
        Assert.NotNull(summary);
        Assert.Equal(0, summary.New);
        Assert.Equal(0, summary.Updated);
        Assert.Equal(paperIds.Count, summary.Unchanged);
    }

    [Fact]
    public async Task FinishedImportPublishesChangeAndDeletesUploads()
    {
        var job = await _services.ImportAsync(new ImportRequest(null, null), (RealData.DailyPapersFileName, await File.ReadAllBytesAsync(RealData.DailyPapersPath)));

        var change = Assert.Single(_services.Changes);
        Assert.Equal("import", change.Kind);
        Assert.Contains(job.Id, change.Detail, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_services.UploadPath, job.Id)), "The upload folder was not deleted.");
    }

    [Fact]
    public async Task KeepUploadsLeavesFilesInPlace()
    {
        await using var services = ImportServices.Create(keepUploads: true);

        var job = await services.ImportAsync(new ImportRequest(null, null), (RealData.DailyPapersFileName, await File.ReadAllBytesAsync(RealData.DailyPapersPath)));

        var keptFiles = Directory.GetFiles(Path.Combine(services.UploadPath, job.Id), "*", SearchOption.AllDirectories);
        Assert.Equal([Path.Combine(services.UploadPath, job.Id, "001", RealData.DailyPapersFileName)], keptFiles);
    }

    [Fact]
    public async Task WrongFormatListsCappedRejects()
    {
        var content = await File.ReadAllBytesAsync(RealData.DailyPapersPath);
        var json = RealData.Gunzip(RealData.DailyPapersPath);

        // Read as JSON Lines, every non-blank line of the pretty-printed array is an incomplete object.
        var nonBlankLines = System.Text.Encoding.UTF8.GetString(json).Split('\n').Count(line => !string.IsNullOrWhiteSpace(line));

        var job = await _services.ImportAsync(new ImportRequest(ArxivListingJsonlFormat.FormatName, null), (RealData.DailyPapersFileName, content));

        var state = job.State;
        var summary = Assert.Single(state.Files).Summary;
        Assert.NotNull(summary);
        Assert.Equal(nonBlankLines, summary.Rejected);
        Assert.Equal(ImportJob.MaxRejectsShown, state.Rejects.Count);
        Assert.Equal(nonBlankLines - ImportJob.MaxRejectsShown, state.RejectsNotShown);
        Assert.All(state.Rejects, reject => Assert.Equal(RealData.DailyPapersFileName, reject.FileName));
        Assert.All(state.Rejects, reject => Assert.DoesNotContain(_services.UploadPath, reject.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProgressCountsFilesAndRecords()
    {
        var content = RealData.Gunzip(RealData.DailyPapersPath);
        Assert.True(_services.Service.TryBegin(new ImportRequest(ArxivListingJsonlFormat.FormatName, null), content.Length * 2L, out var job, out _));
        var reports = new List<TrendBoard.Core.Pipeline.PipelineProgress>();
        job.Changed += state =>
        {
            lock (reports)
            {
                reports.Add(state.Progress);
            }
        };

        await _services.Service.AddUploadAsync(job, "2024-05-27.json", content.Length, null, new MemoryStream(content), CancellationToken.None);
        await _services.Service.AddUploadAsync(job, "2024-05-28.json", content.Length, null, new MemoryStream(content), CancellationToken.None);
        _services.Service.StartImport(job);
        await job.Completion;

        var stages = reports.Select(report => report.Stage).Distinct().ToList();
        Assert.Equal(["upload", "wait", "import"], stages);
        var uploadFractions = reports.Where(report => report.Stage == "upload").Select(report => report.Fraction).ToList();
        Assert.Equal(1.0, uploadFractions[^1]);
        Assert.Equal(uploadFractions.Order(), uploadFractions);

        // Read as JSON Lines, each file gives over 1,000 rejected lines, so both counts are reported for both files.
        var details = reports.Where(report => report.Stage == "import").Select(report => report.Detail).ToList();
        Assert.Contains("file 1 of 2, 2024-05-27.json: 500 records read", details);
        Assert.Contains("file 1 of 2, 2024-05-27.json: 1,000 records read", details);
        Assert.Contains("file 2 of 2, 2024-05-28.json: 1,000 records read", details);
        Assert.Contains("file 2 of 2, 2024-05-28.json: stored", details);
        var importFractions = reports.Where(report => report.Stage == "import").Select(report => report.Fraction).ToList();
        Assert.Equal(importFractions.Order(), importFractions);
        Assert.Equal(1.0, importFractions[^1]);
    }

    [Fact]
    public async Task CaptureDateGivesSearchPageItsYear()
    {
        var content = await File.ReadAllBytesAsync(RealData.TestDataPath("language-model-pretraining.txt"));

        var job = await _services.ImportAsync(new ImportRequest(null, new DateOnly(2025, 12, 20)), ("language-model-pretraining.txt", content));

        var file = Assert.Single(job.State.Files);
        Assert.Equal(HfSearchTextFormat.FormatName, file.Format);
        Assert.Equal("2025-12-20, the capture date given", file.CaptureDateSource);
        Assert.Contains("2025-12-20", file.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListingWithoutDayInNameIsRejected()
    {
        var content = await File.ReadAllBytesAsync(RealData.TestDataPath("2025-05-05.jsonl"));

        var job = await _services.ImportAsync(
            new ImportRequest(null, null),
            ("listing.jsonl", content),
            ("2025-05-05.jsonl", content));

        Assert.Equal(2, job.State.Files.Count);
        var undated = job.State.Files[0].Summary;
        var dated = job.State.Files[1].Summary;
        Assert.NotNull(undated);
        Assert.NotNull(dated);
        Assert.Equal(0, undated.Read);
        Assert.Equal(1, undated.Rejected);
        Assert.Contains("file name", Assert.Single(job.State.Rejects).Position, StringComparison.Ordinal);
        Assert.True(dated.New > 0, "The listing named by its day stored no paper.");
    }

    [Fact]
    public async Task UnreadableFileFailsAloneAndNamesIt()
    {
        // The PDF signature makes the reader reject the whole file before any format reads it.
        byte[] pdf = [.. "%PDF-1.7\n"u8, .. new byte[64]];

        var job = await _services.ImportAsync(
            new ImportRequest(null, null),
            ("paper.pdf", pdf),
            (RealData.DailyPapersFileName, await File.ReadAllBytesAsync(RealData.DailyPapersPath)));

        Assert.Equal(ImportJobStatus.Finished, job.State.Status);
        Assert.Equal(2, job.State.Files.Count);
        Assert.Equal("paper.pdf", job.State.Files[0].FileName);
        Assert.True(job.State.Files[0].Summary?.Rejected > 0 || job.State.Files[0].Error is not null, "The PDF was neither rejected nor reported as failed.");
        Assert.True(job.State.Files[1].Summary?.New > 0, "The good file after the bad one was not stored.");
    }

    [Fact]
    public async Task SecondImportWhileRunningIsRejected()
    {
        Assert.True(_services.Service.TryBegin(new ImportRequest(null, null), 10, out var running, out _));

        var started = _services.Service.TryBegin(new ImportRequest(null, null), 10, out var second, out var busy);

        Assert.False(started);
        Assert.Null(second);
        Assert.NotNull(busy);
        Assert.Contains("An import is running", busy, StringComparison.Ordinal);
        Assert.Contains(running.Id, busy, StringComparison.Ordinal);

        _services.Service.AbandonUpload(running, ImportJobStatus.Cancelled, "The test cancelled the upload.");
        Assert.True(_services.Service.TryBegin(new ImportRequest(null, null), 10, out _, out _));
    }

    [Fact]
    public async Task OversizedStreamStopsAtLimit()
    {
        await using var services = ImportServices.Create(maxUploadBytes: 1000);
        Assert.True(services.Service.TryBegin(new ImportRequest(null, null), 10, out var job, out _));

        // The browser declares 10 bytes but sends 5000: the streamed count is what is checked.
        var error = await Assert.ThrowsAsync<UploadTooLargeException>(() =>
            services.Service.AddUploadAsync(job, "big.json", 10, null, new MemoryStream(new byte[5000]), CancellationToken.None));

        Assert.Contains("'big.json'", error.Message, StringComparison.Ordinal);
        Assert.Contains("1,000 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("TrendBoard:MaxUploadBytes", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(services.UploadPath, job.Id), "*", SearchOption.AllDirectories));

        services.Service.AbandonUpload(job, ImportJobStatus.Failed, error.Message);
        Assert.Equal(ImportJobStatus.Failed, job.State.Status);
        Assert.False(Directory.Exists(Path.Combine(services.UploadPath, job.Id)));
    }

    [Fact]
    public async Task DeclaredSizeOverLimitIsRefusedBeforeReading()
    {
        await using var services = ImportServices.Create(maxUploadBytes: 1000);
        Assert.True(services.Service.TryBegin(new ImportRequest(null, null), 1001, out var job, out _));
        var content = new MemoryStream(new byte[1001]);

        await Assert.ThrowsAsync<UploadTooLargeException>(() =>
            services.Service.AddUploadAsync(job, "big.json", 1001, null, content, CancellationToken.None));

        Assert.Equal(0, content.Position);
    }

    [Fact]
    public async Task ImportWaitsForFirstStartBuild()
    {
        await using var services = ImportServices.Create(buildReady: false);
        Assert.True(services.Service.TryBegin(new ImportRequest(null, null), 100, out var job, out _));
        await services.Service.AddUploadAsync(job, RealData.DailyPapersFileName, 100, null, File.OpenRead(RealData.DailyPapersPath), CancellationToken.None);

        services.Service.StartImport(job);

        Assert.Equal(ImportJobStatus.WaitingForDatabase, job.State.Status);
        Assert.Contains("first-start", job.State.Progress.Detail, StringComparison.Ordinal);
        Assert.False(job.Completion.IsCompleted);

        services.BuildState.MarkReady();
        await job.Completion;

        Assert.Equal(ImportJobStatus.Finished, job.State.Status);
    }

    [Fact]
    public async Task FailedBuildFailsImport()
    {
        await using var services = ImportServices.Create(buildReady: false);
        Assert.True(services.Service.TryBegin(new ImportRequest(null, null), 100, out var job, out _));
        await services.Service.AddUploadAsync(job, RealData.DailyPapersFileName, 100, null, File.OpenRead(RealData.DailyPapersPath), CancellationToken.None);
        services.Service.StartImport(job);

        services.BuildState.MarkFailed("disk full");
        await job.Completion;

        Assert.Equal(ImportJobStatus.Failed, job.State.Status);
        Assert.Contains("disk full", job.State.Error, StringComparison.Ordinal);
        Assert.Empty(services.Changes);
    }

    [Fact]
    public async Task CancelKeepsStoredFilesAndRollsBackCurrent()
    {
        var listing = await File.ReadAllBytesAsync(RealData.TestDataPath("2025-05-05.jsonl"));
        var (_, dailyIds) = RealData.CountDailyPapers(RealData.DailyPapersPath);
        Assert.True(_services.Service.TryBegin(new ImportRequest(null, null), 100, out var job, out _));
        await _services.Service.AddUploadAsync(job, RealData.DailyPapersFileName, 100, null, File.OpenRead(RealData.DailyPapersPath), CancellationToken.None);
        await _services.Service.AddUploadAsync(job, "2025-05-05.jsonl", listing.Length, null, new MemoryStream(listing), CancellationToken.None);

        // The handler runs on the import's thread, so the cancel lands while the second file is being stored.
        job.Changed += state =>
        {
            if (state.Progress.Detail?.StartsWith("file 2 of 2", StringComparison.Ordinal) == true
                && state.Progress.Detail.Contains("storing", StringComparison.Ordinal))
            {
                job.Cancel();
            }
        };
        _services.Service.StartImport(job);
        await job.Completion;

        Assert.Equal(ImportJobStatus.Cancelled, job.State.Status);
        Assert.Contains("1 of 2 files were stored", job.State.Error, StringComparison.Ordinal);
        Assert.Single(job.State.Files);
        var store = await _services.StoreProvider.GetStoreAsync(CancellationToken.None);
        Assert.Equal(dailyIds.Count, await store.CountPapersAsync(CancellationToken.None));
        Assert.Equal("import", Assert.Single(_services.Changes).Kind);
        Assert.False(Directory.Exists(Path.Combine(_services.UploadPath, job.Id)));
    }
}
