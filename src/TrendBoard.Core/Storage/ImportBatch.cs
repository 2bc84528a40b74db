using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Storage;

/// <summary>
/// The descriptive fields of a paper with the day they were observed (<see cref="AsOf"/>: the
/// upvote observation day, else the featured day, else the publication day), so sources can be
/// merged in any order: the fields of the newer observation win.
/// </summary>
internal sealed record PaperFields(
    string Title,
    string Abstract,
    DateOnly PublishedOn,
    DateOnly? FeaturedOn,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> SourceKeywords,
    string Source,
    DateOnly AsOf)
{
    public static PaperFields From(PaperRecord record)
    {
        return new PaperFields(
            record.Title,
            record.Abstract,
            record.PublishedOn,
            record.FeaturedOn,
            record.Authors ?? [],
            record.SourceKeywords ?? [],
            record.Source,
            record.Upvote?.ObservedOn ?? record.FeaturedOn ?? record.PublishedOn);
    }

    /// <summary>
    /// Merges fields of the same paper. The fields observed later win, and on the same day
    /// <paramref name="incoming"/> wins; an empty author or keyword list never replaces a
    /// filled one, and the featured day is the earliest one known.
    /// </summary>
    public PaperFields MergeWith(PaperFields incoming)
    {
        var incomingWins = incoming.AsOf >= AsOf;
        var primary = incomingWins ? incoming : this;
        var secondary = incomingWins ? this : incoming;

        return primary with
        {
            FeaturedOn = EarliestOf(FeaturedOn, incoming.FeaturedOn),
            Authors = primary.Authors.Count > 0 ? primary.Authors : secondary.Authors,
            SourceKeywords = primary.SourceKeywords.Count > 0 ? primary.SourceKeywords : secondary.SourceKeywords,
        };
    }

    /// <summary>
    /// Returns a SHA-256 digest (lowercase hex) of the title, abstract, publication day, authors,
    /// keywords and source, so an import can tell whether a stored paper changed without reading
    /// its long text columns. The featured day and <see cref="AsOf"/> are stored in their own columns.
    /// </summary>
    /// <remarks>Stored in <c>papers.content_hash</c>: a change to this encoding needs a schema migration that recomputes the column.</remarks>
    public string ComputeContentHash()
    {
        var text = new StringBuilder();
        AppendField(text, Title);
        AppendField(text, Abstract);
        AppendField(text, PublishedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        AppendList(text, Authors);
        AppendList(text, SourceKeywords);
        AppendField(text, Source);

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Returns the earlier of two optional days; a missing day never wins.</summary>
    public static DateOnly? EarliestOf(DateOnly? first, DateOnly? second)
    {
        if (first is null)
        {
            return second;
        }

        if (second is null)
        {
            return first;
        }

        return first < second ? first : second;
    }

    // Length prefixes keep field boundaries unambiguous, so ("ab", "c") and ("a", "bc") differ.
    private static void AppendField(StringBuilder text, string value)
    {
        text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
    }

    private static void AppendList(StringBuilder text, IReadOnlyList<string> values)
    {
        text.Append(values.Count.ToString(CultureInfo.InvariantCulture)).Append('[');
        foreach (var value in values)
        {
            AppendField(text, value);
        }
    }
}
/// <summary>Identifies one upvote snapshot; the store keeps one count per key.</summary>
internal readonly record struct SnapshotKey(string PaperId, DateOnly ObservedOn, string Source);

/// <summary>
/// The rows one parsed file contributes, validated and merged per paper id before any database
/// work, so the import transaction stays short.
/// </summary>
internal sealed class ImportBatch
{
    private ImportBatch(int read, IReadOnlyList<string> paperIds, IReadOnlyDictionary<string, PaperFields> papers, IReadOnlyDictionary<SnapshotKey, int> snapshots, IReadOnlyList<ImportReject> rejects)
    {
        Read = read;
        PaperIds = paperIds;
        Papers = papers;
        Snapshots = snapshots;
        Rejects = rejects;
    }

    /// <summary>Paper records in the parsed file, counting repeated ids and invalid records.</summary>
    public int Read { get; }

    /// <summary>The distinct valid paper ids, in order of first appearance.</summary>
    public IReadOnlyList<string> PaperIds { get; }

    /// <summary>The merged fields of each valid paper id.</summary>
    public IReadOnlyDictionary<string, PaperFields> Papers { get; }

    /// <summary>The upvote counts of the file; when a key repeats, the later record wins.</summary>
    public IReadOnlyDictionary<SnapshotKey, int> Snapshots { get; }

    /// <summary>The importer's rejects followed by the records the store found invalid.</summary>
    public IReadOnlyList<ImportReject> Rejects { get; }

    public static ImportBatch Create(ParsedFile file)
    {
        var paperIds = new List<string>();
        var papers = new Dictionary<string, PaperFields>(StringComparer.Ordinal);
        var snapshots = new Dictionary<SnapshotKey, int>();
        var rejects = new List<ImportReject>(file.Rejects ?? []);

        for (var index = 0; index < file.Papers.Count; index++)
        {
            var record = file.Papers[index];
            var problem = FindProblem(record);
            if (problem is not null)
            {
                var position = record is null || string.IsNullOrWhiteSpace(record.Id)
                    ? $"parsed paper {index + 1}"
                    : $"parsed paper {index + 1} (id {record.Id})";
                rejects.Add(new ImportReject(file.SourceFile, position, problem));
                continue;
            }

            var fields = PaperFields.From(record!);
            if (papers.TryGetValue(record!.Id, out var earlier))
            {
                papers[record.Id] = earlier.MergeWith(fields);
            }
            else
            {
                papers.Add(record.Id, fields);
                paperIds.Add(record.Id);
            }

            if (record.Upvote is { } upvote)
            {
                snapshots[new SnapshotKey(record.Id, upvote.ObservedOn, record.Source)] = upvote.Upvotes;
            }
        }

        return new ImportBatch(file.Papers.Count, paperIds, papers, snapshots, rejects);
    }

    /// <summary>Returns why the store cannot keep the record, or null when it can.</summary>
    private static string? FindProblem(PaperRecord? record)
    {
        if (record is null)
        {
            return "The record is null; the importer must leave unreadable records out and report them as rejects.";
        }

        if (string.IsNullOrWhiteSpace(record.Id))
        {
            return "The paper id is missing; every paper needs its arXiv id.";
        }

        if (string.IsNullOrWhiteSpace(record.Title))
        {
            return "The title is missing; check the source record's title field.";
        }

        if (record.Abstract is null)
        {
            return "The abstract is null; pass an empty string when the source has no abstract.";
        }

        if (string.IsNullOrWhiteSpace(record.Source))
        {
            return "The source format is missing; the importer must name its format, for example hf-daily-api.";
        }

        if (record.Upvote is { Upvotes: < 0 } upvote)
        {
            return $"The upvote count {upvote.Upvotes} is negative; upvote counts start at 0.";
        }

        return null;
    }
}
