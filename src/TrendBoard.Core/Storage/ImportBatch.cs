using System.Buffers;
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
    bool DateUncertain,
    DateOnly? FeaturedOn,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> SourceKeywords,
    IReadOnlyList<string> Categories,
    string Source,
    DateOnly AsOf)
{
    public static PaperFields From(PaperRecord record)
    {
        return new PaperFields(
            record.Title,
            record.Abstract,
            record.PublishedOn,
            record.DateUncertain,
            record.FeaturedOn,
            record.Authors ?? [],
            record.SourceKeywords ?? [],
            record.Categories ?? [],
            record.Source,
            record.Upvote?.ObservedOn ?? record.FeaturedOn ?? record.PublishedOn);
    }

    /// <summary>
    /// Merges fields of the same paper. The fields observed later win, and on the same day
    /// <paramref name="incoming"/> wins; an empty author, keyword or category list never replaces
    /// a filled one, an exact publication day beats an estimated one, and the featured day is the
    /// earliest one known.
    /// </summary>
    /// <remarks><see cref="ImportSql.UpsertPapers"/> applies the same rule in SQL to stored rows; change both together.</remarks>
    public PaperFields MergeWith(PaperFields incoming)
    {
        var incomingWins = incoming.AsOf >= AsOf;
        var primary = incomingWins ? incoming : this;
        var secondary = incomingWins ? this : incoming;
        var dayFromIncoming = incoming.DateUncertain != DateUncertain ? !incoming.DateUncertain : incomingWins;
        var day = dayFromIncoming ? incoming : this;

        return primary with
        {
            PublishedOn = day.PublishedOn,
            DateUncertain = day.DateUncertain,
            FeaturedOn = EarliestOf(FeaturedOn, incoming.FeaturedOn),
            Authors = primary.Authors.Count > 0 ? primary.Authors : secondary.Authors,
            SourceKeywords = primary.SourceKeywords.Count > 0 ? primary.SourceKeywords : secondary.SourceKeywords,
            Categories = primary.Categories.Count > 0 ? primary.Categories : secondary.Categories,
        };
    }

    /// <summary>
    /// Returns the SHA-256 digest (lowercase hex) of the descriptive fields, byte for byte the
    /// value of <see cref="ImportSql.ContentHash"/> in SQL, which documents the encoding.
    /// </summary>
    public string ComputeContentHash()
    {
        // One buffer per thread, reused, because an import hashes a million records.
        var buffer = _hashBuffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        AppendText(buffer, Title);
        AppendText(buffer, Abstract);
        AppendRaw(buffer, PublishedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        AppendRaw(buffer, DateUncertain ? "true;" : "false;");
        AppendList(buffer, Authors);
        AppendList(buffer, SourceKeywords);
        AppendList(buffer, Categories);
        AppendText(buffer, Source);

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, digest);
        return Convert.ToHexStringLower(digest);
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _hashBuffer;

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

    private static void AppendText(ArrayBufferWriter<byte> buffer, string value)
    {
        AppendRaw(buffer, Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture));
        AppendRaw(buffer, ":");
        AppendRaw(buffer, value);
    }

    private static void AppendList(ArrayBufferWriter<byte> buffer, IReadOnlyList<string> values)
    {
        AppendRaw(buffer, values.Count.ToString(CultureInfo.InvariantCulture));
        AppendRaw(buffer, "[");
        foreach (var value in values)
        {
            AppendText(buffer, value);
        }
    }

    private static void AppendRaw(ArrayBufferWriter<byte> buffer, string value)
    {
        var written = Encoding.UTF8.GetBytes(value, buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length)));
        buffer.Advance(written);
    }
}

/// <summary>Identifies one upvote snapshot; the store keeps one count per key.</summary>
internal readonly record struct SnapshotKey(string PaperId, DateOnly ObservedOn, string Source);

/// <summary>
/// One batch of an import: the records of a stretch of the file, validated and merged per paper
/// id and per snapshot key, with the rejects of the same stretch.
/// </summary>
/// <remarks>
/// A file that lists a paper more than once merges the records by <see cref="PaperFields.MergeWith"/>,
/// the later record winning a tie; for the same snapshot key the later record's count wins.
/// Records of the same paper in different batches merge the same way in the database.
/// </remarks>
internal sealed class ImportBatch
{
    private readonly List<string> _paperIds = [];
    private readonly Dictionary<string, PaperFields> _papers = new(StringComparer.Ordinal);
    private readonly Dictionary<SnapshotKey, int> _snapshots = [];
    private readonly List<ImportReject> _rejects = [];

    /// <summary>Paper records added, counting repeated ids and invalid records.</summary>
    public int Read { get; private set; }

    /// <summary>
    /// Whether the reader finished the file with this batch. False for a full batch even when the
    /// file ends right after it, because the reader learns that only later.
    /// </summary>
    public bool IsLast { get; set; }

    /// <summary>The distinct valid paper ids, in order of first appearance.</summary>
    public IReadOnlyList<string> PaperIds => _paperIds;

    /// <summary>The merged fields of each valid paper id.</summary>
    public IReadOnlyDictionary<string, PaperFields> Papers => _papers;

    /// <summary>The upvote counts; when a key repeats, the later record wins.</summary>
    public IReadOnlyDictionary<SnapshotKey, int> Snapshots => _snapshots;

    /// <summary>The importer's rejects and the records the store found invalid, in file order.</summary>
    public IReadOnlyList<ImportReject> Rejects => _rejects;

    /// <summary>Adds one parsed record; an invalid one becomes a reject at <paramref name="position"/>.</summary>
    public void AddPaper(string sourceFile, PaperRecord? record, string position)
    {
        Read++;
        var problem = FindProblem(record);
        if (problem is not null)
        {
            var where = record is null || string.IsNullOrWhiteSpace(record.Id) ? position : $"{position} (id {record.Id})";
            _rejects.Add(new ImportReject(sourceFile, where, problem));
            return;
        }

        var fields = PaperFields.From(record!);
        if (_papers.TryGetValue(record!.Id, out var earlier))
        {
            _papers[record.Id] = earlier.MergeWith(fields);
        }
        else
        {
            _papers.Add(record.Id, fields);
            _paperIds.Add(record.Id);
        }

        if (record.Upvote is { } upvote)
        {
            _snapshots[new SnapshotKey(record.Id, upvote.ObservedOn, record.Source)] = upvote.Upvotes;
        }
    }

    public void AddReject(ImportReject reject) => _rejects.Add(reject);

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
