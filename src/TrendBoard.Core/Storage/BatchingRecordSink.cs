using System.Collections.Concurrent;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Storage;

/// <summary>
/// Collects what a reader parses into <see cref="ImportBatch"/>es of at most
/// <paramref name="batchSize"/> distinct papers or rejects and hands each full batch to the
/// import's writer through a bounded queue, so parsing and database work overlap and memory stays
/// at a few batches whatever the file size.
/// </summary>
/// <remarks>
/// The reader calls the sink from one thread at a time. When the queue is full the call blocks
/// until the writer takes a batch; when the writer failed or the import was cancelled it throws
/// <see cref="OperationCanceledException"/>, which stops the reader.
/// </remarks>
internal sealed class BatchingRecordSink(string sourceFile, int batchSize, BlockingCollection<ImportBatch> queue, CancellationToken cancellationToken)
    : IPaperRecordSink
{
    private readonly List<string> _notices = [];
    private ImportBatch _batch = new();

    /// <summary>The notices of the file joined into one text, or null; read after <see cref="Complete"/>.</summary>
    public string? Notice => _notices.Count == 0 ? null : string.Join("; ", _notices.Select(n => n.TrimEnd('.', ' '))) + ".";

    /// <summary>The format that parsed the file, or null; set by <see cref="Complete"/>.</summary>
    public string? Format { get; private set; }

    public void AddPaper(PaperRecord paper, string position)
    {
        _batch.AddPaper(sourceFile, paper, position);
        FlushWhenFull();
    }

    public void AddReject(ImportReject reject)
    {
        ArgumentNullException.ThrowIfNull(reject);

        _batch.AddReject(reject);
        FlushWhenFull();
    }

    public void AddNotice(string notice)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(notice);

        _notices.Add(notice);
    }

    /// <summary>Passes on the last batch and marks the end of the file for the writer.</summary>
    public void Complete(string? format)
    {
        Format = format;
        if (_batch.Read > 0 || _batch.Rejects.Count > 0)
        {
            _batch.IsLast = true;
            queue.Add(_batch, cancellationToken);
            _batch = new ImportBatch();
        }

        queue.CompleteAdding();
    }

    private void FlushWhenFull()
    {
        if (_batch.PaperIds.Count < batchSize && _batch.Rejects.Count < batchSize)
        {
            return;
        }

        queue.Add(_batch, cancellationToken);
        _batch = new ImportBatch();
    }
}
