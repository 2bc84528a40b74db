namespace TrendBoard.Core.Storage;

/// <summary>A row of the <c>papers</c> table without its import bookkeeping columns.</summary>
internal sealed record PaperRow(string Id, PaperFields Fields, string ContentHash, int? Upvotes, DateOnly? UpvotesObservedOn);

/// <summary>The short columns of a stored paper: enough to tell whether an import changes it.</summary>
internal sealed record StoredPaperSummary(string Id, string ContentHash, DateOnly? FeaturedOn, DateOnly AsOf, int? Upvotes, DateOnly? UpvotesObservedOn);

/// <summary>
/// The writes one import needs, worked out from the batch and the stored rows of the same
/// papers, with the counts for its <see cref="ImportSummary"/>.
/// </summary>
internal sealed class ImportPlan
{
    public List<PaperRow> NewPapers { get; } = [];

    public List<PaperRow> ChangedPapers { get; } = [];

    public List<KeyValuePair<SnapshotKey, int>> NewSnapshots { get; } = [];

    public List<KeyValuePair<SnapshotKey, int>> ChangedSnapshots { get; } = [];

    public int New => NewPapers.Count;

    /// <summary>Stored papers whose row changed or that gained a new or changed snapshot.</summary>
    public int Updated { get; private set; }

    public int Unchanged { get; private set; }

    /// <param name="batch">The file's merged rows.</param>
    /// <param name="storedPapers">The short columns of the batch's papers that are stored.</param>
    /// <param name="storedSnapshots">Every stored snapshot of the batch's paper ids.</param>
    /// <param name="loadStoredFields">
    /// Reads the full stored fields of the given paper ids. Called at most once, and only for
    /// papers whose merge keeps some stored field: the stored fields were observed later, or
    /// the file has no authors or keywords for the paper and its content differs.
    /// </param>
    public static ImportPlan Create(
        ImportBatch batch,
        IReadOnlyDictionary<string, StoredPaperSummary> storedPapers,
        IReadOnlyDictionary<SnapshotKey, int> storedSnapshots,
        Func<IReadOnlyList<string>, IReadOnlyDictionary<string, PaperFields>> loadStoredFields)
    {
        var plan = new ImportPlan();
        var papersWithSnapshotChanges = plan.PlanSnapshots(batch, storedSnapshots);
        var latestObservations = LatestObservations(storedSnapshots, batch.Snapshots);

        var needStoredFields = new List<string>();
        foreach (var id in batch.PaperIds)
        {
            var incoming = batch.Papers[id];
            var incomingHash = incoming.ComputeContentHash();
            var (upvotes, observedOn) = latestObservations.GetValueOrDefault(id);

            if (!storedPapers.TryGetValue(id, out var stored))
            {
                plan.NewPapers.Add(new PaperRow(id, incoming, incomingHash, upvotes, observedOn));
                continue;
            }

            // When the content is identical, or the file's fields win and leave no stored field
            // in place, the merged row follows without reading the stored text.
            var incomingReplacesAll = incoming.AsOf >= stored.AsOf && incoming.Authors.Count > 0 && incoming.SourceKeywords.Count > 0;
            if (incomingHash != stored.ContentHash && !incomingReplacesAll)
            {
                needStoredFields.Add(id);
                continue;
            }

            var merged = incoming with
            {
                FeaturedOn = PaperFields.EarliestOf(stored.FeaturedOn, incoming.FeaturedOn),
                AsOf = incoming.AsOf > stored.AsOf ? incoming.AsOf : stored.AsOf,
            };
            plan.AddStored(new PaperRow(id, merged, incomingHash, upvotes, observedOn), stored, papersWithSnapshotChanges.Contains(id));
        }

        if (needStoredFields.Count > 0)
        {
            var storedFields = loadStoredFields(needStoredFields);
            foreach (var id in needStoredFields)
            {
                var merged = storedFields[id].MergeWith(batch.Papers[id]);
                var (upvotes, observedOn) = latestObservations.GetValueOrDefault(id);
                var row = new PaperRow(id, merged, merged.ComputeContentHash(), upvotes, observedOn);
                plan.AddStored(row, storedPapers[id], papersWithSnapshotChanges.Contains(id));
            }
        }

        return plan;
    }

    /// <summary>Sorts the batch's snapshots into new and changed ones and returns the papers they belong to.</summary>
    private HashSet<string> PlanSnapshots(ImportBatch batch, IReadOnlyDictionary<SnapshotKey, int> storedSnapshots)
    {
        var papers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var snapshot in batch.Snapshots)
        {
            if (!storedSnapshots.TryGetValue(snapshot.Key, out var storedUpvotes))
            {
                NewSnapshots.Add(snapshot);
                papers.Add(snapshot.Key.PaperId);
            }
            else if (storedUpvotes != snapshot.Value)
            {
                ChangedSnapshots.Add(snapshot);
                papers.Add(snapshot.Key.PaperId);
            }
        }

        return papers;
    }

    private void AddStored(PaperRow merged, StoredPaperSummary stored, bool snapshotChanged)
    {
        var rowChanged = merged.ContentHash != stored.ContentHash
            || merged.Fields.FeaturedOn != stored.FeaturedOn
            || merged.Fields.AsOf != stored.AsOf
            || merged.Upvotes != stored.Upvotes
            || merged.UpvotesObservedOn != stored.UpvotesObservedOn;

        if (rowChanged)
        {
            ChangedPapers.Add(merged);
        }

        if (rowChanged || snapshotChanged)
        {
            Updated++;
        }
        else
        {
            Unchanged++;
        }
    }

    /// <summary>
    /// Returns each paper's latest observation over the stored and the batch's snapshots: the
    /// latest day, then the higher count. A batch count replaces the stored one of the same key.
    /// </summary>
    private static Dictionary<string, (int? Upvotes, DateOnly? ObservedOn)> LatestObservations(
        IReadOnlyDictionary<SnapshotKey, int> storedSnapshots,
        IReadOnlyDictionary<SnapshotKey, int> batchSnapshots)
    {
        var latest = new Dictionary<string, (int? Upvotes, DateOnly? ObservedOn)>(StringComparer.Ordinal);
        var current = storedSnapshots
            .Where(pair => !batchSnapshots.ContainsKey(pair.Key))
            .Concat(batchSnapshots);

        foreach (var (key, upvotes) in current)
        {
            if (!latest.TryGetValue(key.PaperId, out var best)
                || key.ObservedOn > best.ObservedOn
                || (key.ObservedOn == best.ObservedOn && upvotes > best.Upvotes))
            {
                latest[key.PaperId] = (upvotes, key.ObservedOn);
            }
        }

        return latest;
    }
}
