using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Pipeline;

/// <summary>A step of a long pipeline job and how far it has come, from 0 to 1.</summary>
/// <param name="Stage">The step, for example <c>import</c> or <c>model</c>.</param>
/// <param name="Fraction">The share of the step that is done, from 0 to 1.</param>
/// <param name="Detail">What is being worked on, for example the current file name.</param>
public sealed record PipelineProgress(string Stage, double Fraction, string? Detail);

/// <summary>The outcome of one topic model run that was stored.</summary>
public sealed record ModelRunSummary(long RunId, int Papers, int Topics, double Seconds, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>How the run's topics relate to the run it replaced; empty lists when none was read.</summary>
    public RunLineage? Lineage { get; init; }
}

/// <summary>
/// Runs the import and topic modelling steps against a store, with progress and cancellation,
/// and builds a fresh database from the bundled corpus on first start.
/// </summary>
public sealed class CorpusBuilder(ILoggerFactory loggerFactory)
{
    private readonly ILogger<CorpusBuilder> _logger = loggerFactory.CreateLogger<CorpusBuilder>();

    /// <summary>
    /// Imports every paper file under <paramref name="paths"/> (files or folders), one
    /// transaction per file, in name order.
    /// </summary>
    /// <returns>One summary per file, in import order.</returns>
    public Task<IReadOnlyList<ImportSummary>> ImportAsync(
        TrendStore store,
        IReadOnlyList<string> paths,
        IProgress<PipelineProgress>? progress,
        CancellationToken cancellationToken)
    {
        return ImportAsync(store, paths, PaperReadOptions.Default, rejected: null, progress, cancellationToken);
    }

    /// <summary>
    /// Imports every paper file under <paramref name="paths"/> with the given read options, each
    /// file streamed into the store in batches inside one transaction, so memory does not grow
    /// with the file size.
    /// </summary>
    /// <param name="store">The store to import into.</param>
    /// <param name="paths">Files or folders; folders are read recursively in name order.</param>
    /// <param name="options">How to read the files.</param>
    /// <param name="rejected">
    /// Called after each file that had rejects, with a <see cref="ParsedFile"/> that contains no
    /// papers and the file's first <see cref="MaxReportedRejects"/> rejects; when there were more,
    /// its <see cref="ParsedFile.Notice"/> gives the total. The store keeps all of them.
    /// </param>
    /// <param name="progress">Receives the file being imported and, after each stored batch, the records stored so far.</param>
    /// <param name="cancellationToken">Stops the import; the file being imported is rolled back, earlier files stay.</param>
    /// <returns>One summary per file, in import order.</returns>
    public Task<IReadOnlyList<ImportSummary>> ImportAsync(
        TrendStore store,
        IReadOnlyList<string> paths,
        PaperReadOptions options,
        Action<ParsedFile>? rejected,
        IProgress<PipelineProgress>? progress,
        CancellationToken cancellationToken)
    {
        return ImportAsync(store, paths, options, rejected, noticed: null, progress, cancellationToken);
    }

    /// <summary>
    /// Imports every paper file under <paramref name="paths"/> like the overload without
    /// <paramref name="noticed"/>, and also hands each stored file's notices to the caller.
    /// </summary>
    /// <param name="store">The store to import into.</param>
    /// <param name="paths">Files or folders; folders are read recursively in name order.</param>
    /// <param name="options">How to read the files.</param>
    /// <param name="rejected">Called after each file that had rejects; see the other overload.</param>
    /// <param name="noticed">
    /// Called after each stored file whose reader added notices (for example a CSV file without a
    /// date column, or a page cut short), with the file's path and its notices in the order they
    /// were added. The store keeps them joined in the import's row.
    /// </param>
    /// <param name="progress">Receives the file being imported and, after each stored batch, the records stored so far.</param>
    /// <param name="cancellationToken">Stops the import; the file being imported is rolled back, earlier files stay.</param>
    /// <returns>One summary per file, in import order.</returns>
    public async Task<IReadOnlyList<ImportSummary>> ImportAsync(
        TrendStore store,
        IReadOnlyList<string> paths,
        PaperReadOptions options,
        Action<ParsedFile>? rejected,
        Action<string, IReadOnlyList<string>>? noticed,
        IProgress<PipelineProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);

        var files = CorpusFiles.ListFiles(paths);
        var summaries = new List<ImportSummary>(files.Count);
        var stopwatch = Stopwatch.StartNew();
        _logger.LogInformation("Import started: {FileCount} files into {DatabasePath}", files.Count, store.DatabasePath);

        for (var index = 0; index < files.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = files[index];
            var name = Path.GetFileName(file);
            var fraction = (double)index / files.Count;
            progress?.Report(new PipelineProgress("import", fraction, name));

            var firstRejects = new FirstRejectsSink(MaxReportedRejects);
            var batchProgress = progress is null
                ? null
                : new ImportProgressAdapter(progress, fraction, name);
            var summary = await store.ImportAsync(
                file,
                (sink, token) => PaperFileReader.ReadAsync(file, options, firstRejects.Wrap(sink), token),
                batchProgress,
                cancellationToken);
            summaries.Add(summary);

            if (summary.Rejected > 0)
            {
                var notice = summary.Rejected > firstRejects.Rejects.Count
                    ? string.Create(CultureInfo.InvariantCulture, $"{summary.Rejected:N0} records were rejected; the first {firstRejects.Rejects.Count:N0} are listed and the database's rejects table contains all of them.")
                    : null;
                rejected?.Invoke(new ParsedFile(file, [], firstRejects.Rejects) { Notice = notice });
            }

            if (firstRejects.Notices.Count > 0)
            {
                noticed?.Invoke(file, firstRejects.Notices);
            }
        }

        progress?.Report(new PipelineProgress("import", 1, null));
        _logger.LogInformation(
            "Import finished: {FileCount} files, {PapersRead} papers read, {PapersNew} new, {Rejected} rejected in {ElapsedSeconds:F1} s",
            files.Count,
            summaries.Sum(s => s.Read),
            summaries.Sum(s => s.New),
            summaries.Sum(s => s.Rejected),
            stopwatch.Elapsed.TotalSeconds);
        return summaries;
    }

    /// <summary>The number of rejects per file that the import hands to its <c>rejected</c> callback, 1,000.</summary>
    public const int MaxReportedRejects = 1000;

    /// <summary>
    /// Fits a topic model on every stored paper and stores the run as the current one. When
    /// stored papers have arXiv categories, the run's metrics include its agreement with them.
    /// </summary>
    public async Task<ModelRunSummary> ModelAsync(
        TrendStore store,
        TopicModelOptions options,
        IProgress<PipelineProgress>? progress,
        CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var papers = await store.GetPaperTextsAsync(cancellationToken);
        if (papers.Count == 0)
        {
            throw new InvalidOperationException(
                $"The database '{store.DatabasePath}' holds no papers, so there is nothing to model. Import paper files first.");
        }

        // Reports pass straight through on the fitting thread: Progress<T> would post them to the
        // thread pool, where they can arrive after this method returned and the caller is gone.
        var modelProgress = progress is null ? null : new ModelProgressAdapter(progress);
        var modeler = new TopicModeler(loggerFactory.CreateLogger<TopicModeler>());

        // ML.NET trains synchronously, so the fit runs on a pool thread to keep callers responsive.
        // Papers with an arXiv category give the run its agreement metrics (nmi_labels, ari_labels).
        var categories = await store.GetPrimaryCategoriesAsync(cancellationToken);
        var labels = categories.Count > 0 ? categories : null;
        var result = await Task.Run(() => modeler.Fit(papers, options, labels, modelProgress, cancellationToken), cancellationToken);
        var runId = await store.SaveModelRunAsync(result, ComputeFingerprint(papers), cancellationToken);

        var lineage = await store.GetTopicLineageAsync(runId, cancellationToken);

        progress?.Report(new PipelineProgress("model", 1, null));
        return new ModelRunSummary(runId, papers.Count, result.Topics.Count, stopwatch.Elapsed.TotalSeconds, result.Metrics)
        {
            Lineage = lineage,
        };
    }

    /// <summary>
    /// Assigns the stored papers that have no topic in the current run to its topics with the
    /// run's stored model, without a refit, and stores their topics, scores and keywords in one
    /// transaction.
    /// </summary>
    /// <returns>The number of papers assigned; 0 when every paper has a topic or no run has a stored model.</returns>
    /// <exception cref="InvalidDataException">The stored model cannot be read.</exception>
    public async Task<int> AssignNewPapersAsync(
        TrendStore store,
        IProgress<PipelineProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);

        var stopwatch = Stopwatch.StartNew();
        var stored = await store.GetCurrentTopicModelAsync(cancellationToken);
        if (stored is null)
        {
            _logger.LogInformation("Assigning new papers skipped: {DatabasePath} has no current run with a stored model", store.DatabasePath);
            return 0;
        }

        progress?.Report(new PipelineProgress("assign", 0, null));
        var papers = await store.GetUnassignedPaperTextsAsync(stored.RunId, cancellationToken);
        if (papers.Count == 0)
        {
            progress?.Report(new PipelineProgress("assign", 1, null));
            return 0;
        }

        var placement = await Task.Run(
            () => stored.Model.AssignWithKeywords(papers, stored.Options.KeywordsPerPaper, stored.TrainingPaperCount, cancellationToken),
            cancellationToken);
        progress?.Report(new PipelineProgress("assign", 0.9, null));
        var assigned = await store.SaveAssignmentsAsync(stored.RunId, placement.Assignments, placement.Keywords, cancellationToken);

        progress?.Report(new PipelineProgress("assign", 1, null));
        _logger.LogInformation(
            "Assigned {PaperCount} new papers to run {RunId} ({OutlierCount} outliers) in {ElapsedSeconds:F1} s",
            assigned,
            stored.RunId,
            placement.Assignments.Count(a => a.TopicId < 0),
            stopwatch.Elapsed.TotalSeconds);
        return assigned;
    }

    /// <summary>
    /// Builds the database at <paramref name="databasePath"/> from <paramref name="corpusPath"/>
    /// when no database file exists yet; does nothing otherwise.
    /// </summary>
    /// <remarks>
    /// The build writes to a temporary file next to the target and moves it into place only when
    /// import and model both finished. A cancelled or failed first start therefore leaves no
    /// half-built database behind, and the next start tries again.
    /// </remarks>
    /// <returns>True when a database was built.</returns>
    public async Task<bool> EnsureDatabaseAsync(
        string databasePath,
        string corpusPath,
        TopicModelOptions options,
        IProgress<PipelineProgress>? progress,
        CancellationToken cancellationToken)
    {
        if (File.Exists(databasePath))
        {
            return false;
        }

        if (!Directory.Exists(corpusPath) && !File.Exists(corpusPath))
        {
            throw new DirectoryNotFoundException(
                $"The corpus folder '{corpusPath}' was not found, so the database '{databasePath}' cannot be built. "
                + "Run from a TrendBoard checkout or set the corpus path in configuration.");
        }

        var stopwatch = Stopwatch.StartNew();
        var buildPath = databasePath + ".building";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        DeleteDatabaseFiles(buildPath);
        _logger.LogInformation("First start: building {DatabasePath} from {CorpusPath}", databasePath, corpusPath);

        try
        {
            using (var store = await TrendStore.OpenAsync(buildPath, loggerFactory.CreateLogger<TrendStore>(), cancellationToken))
            {
                await ImportAsync(store, [corpusPath], progress, cancellationToken);
                await ModelAsync(store, options, progress, cancellationToken);
            }

            File.Move(buildPath, databasePath);
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Building {DatabasePath} failed or was cancelled; removing the partial file", databasePath);
            DeleteDatabaseFiles(buildPath);
            throw;
        }

        _logger.LogInformation("First start finished: {DatabasePath} built in {ElapsedSeconds:F1} s", databasePath, stopwatch.Elapsed.TotalSeconds);
        return true;
    }

    /// <summary>
    /// Hashes the ids and texts of the papers, so a stored model run names the exact data it saw.
    /// </summary>
    public static string ComputeFingerprint(IReadOnlyList<PaperText> papers)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var paper in papers.OrderBy(p => p.PaperId, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(paper.PaperId));
            hash.AppendData([0]);
            hash.AppendData(Encoding.UTF8.GetBytes(paper.Title));
            hash.AppendData([0]);
            hash.AppendData(Encoding.UTF8.GetBytes(paper.Abstract));
            hash.AppendData([0]);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Reports the records stored so far as detail of the file's import step.</summary>
    private sealed class ImportProgressAdapter(IProgress<PipelineProgress> target, double fraction, string fileName) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) =>
            target.Report(new PipelineProgress("import", fraction, string.Create(CultureInfo.InvariantCulture, $"{fileName}: {value.RecordsRead:N0} records stored")));
    }

    /// <summary>Keeps the first rejects of a file, passing everything on to the store's sink.</summary>
    // Keeps the first rejects and every notice of one file for the import's callbacks.
    private sealed class FirstRejectsSink(int limit)
    {
        private readonly int _limit = limit;
        private readonly List<ImportReject> _rejects = [];
        private readonly List<string> _notices = [];

        public IReadOnlyList<ImportReject> Rejects => _rejects;

        public IReadOnlyList<string> Notices => _notices;

        public IPaperRecordSink Wrap(IPaperRecordSink inner) => new Tee(this, inner);

        private sealed class Tee(FirstRejectsSink owner, IPaperRecordSink inner) : IPaperRecordSink
        {
            public void AddPaper(PaperRecord paper, string position) => inner.AddPaper(paper, position);

            public void AddReject(ImportReject reject)
            {
                if (owner._rejects.Count < owner._limit)
                {
                    owner._rejects.Add(reject);
                }

                inner.AddReject(reject);
            }

            public void AddNotice(string notice)
            {
                owner._notices.Add(notice);
                inner.AddNotice(notice);
            }
        }
    }

    private sealed class ModelProgressAdapter(IProgress<PipelineProgress> target) : IProgress<TopicModelProgress>
    {
        public void Report(TopicModelProgress value) => target.Report(new PipelineProgress("model", value.Fraction, ProgressLabels.ForModelStage(value.Stage)));
    }

    private static void DeleteDatabaseFiles(string path)
    {
        File.Delete(path);
        File.Delete(path + ".wal");
    }
}
