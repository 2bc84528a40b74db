using System.Text;
using DuckDB.NET.Data;
using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Analytics;

public sealed partial class TrendAnalytics
{
    /// <summary>The maximum number of ids in one lookup statement, below DuckDB's default <c>index_scan_max_count</c> (2048), the maximum it reads through the index.</summary>
    private const int LookupChunkSize = 2000;

    /// <summary>
    /// Reads the stored columns of the given papers through the primary-key index of
    /// <c>papers</c>, by id. Ids that are not stored are missing from the result.
    /// </summary>
    /// <remarks>
    /// A join with <c>papers</c> scans and hashes every stored id (100 to 250 ms at 1,000,000
    /// papers, even for a page of 50). DuckDB 1.5 reads the ART index only for a filter on
    /// constants, so the ids go into the statement as string literals, quotes doubled.
    /// </remarks>
    private static Dictionary<string, StoredPaper> ReadStoredPapers(DuckDBConnection connection, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var papers = new Dictionary<string, StoredPaper>(StringComparer.Ordinal);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(LookupChunkSize))
        {
            var sql = new StringBuilder("SELECT id, title, published_on, featured_on, upvotes FROM papers WHERE id IN (");
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "'" : ", '").Append(chunk[i].Replace("'", "''", StringComparison.Ordinal)).Append('\'');
            }

            sql.Append(')');
            using var command = connection.CreateCommand(sql.ToString());
            using var reader = command.ExecuteReader(cancellationToken);
            while (reader.Read())
            {
                papers[reader.GetString(0)] = new StoredPaper(
                    reader.GetString(1),
                    reader.GetFieldValue<DateOnly>(2),
                    reader.GetNullable<DateOnly>(3),
                    reader.GetNullable<int>(4));
            }
        }

        return papers;
    }

    /// <summary>Reads the labels of the current run's topics, by topic id.</summary>
    private static Dictionary<int, string> ReadTopicLabels(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand("""
            SELECT topic_id, label
            FROM named_topics
            WHERE run_id = (SELECT id FROM model_runs WHERE is_current)
            """);
        using var reader = command.ExecuteReader(cancellationToken);
        var labels = new Dictionary<int, string>();
        while (reader.Read())
        {
            if (!reader.IsDBNull(1))
            {
                labels[reader.GetInt32(0)] = reader.GetString(1);
            }
        }

        return labels;
    }

    /// <summary>
    /// Returns the listings of (paper id, topic id) rows in their order, reading the papers
    /// through <see cref="ReadStoredPapers"/>. Rows whose paper is no longer stored are left out,
    /// as the inner join with <c>papers</c> did.
    /// </summary>
    private static List<PaperListing> ReadListings(
        DuckDBConnection connection,
        IReadOnlyList<(string PaperId, int TopicId)> rows,
        CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var stored = ReadStoredPapers(connection, rows.Select(row => row.PaperId), cancellationToken);
        var labels = ReadTopicLabels(connection, cancellationToken);
        var listings = new List<PaperListing>(rows.Count);
        foreach (var (paperId, topicId) in rows)
        {
            if (!stored.TryGetValue(paperId, out var paper))
            {
                continue;
            }

            listings.Add(new PaperListing(
                paperId,
                paper.Title,
                paper.PublishedOn,
                paper.FeaturedOn,
                paper.Upvotes,
                topicId,
                LabelFor(topicId, labels.GetValueOrDefault(topicId)),
                PaperLinks.TryGetPaperUrl(paperId, out var url) ? url : null));
        }

        return listings;
    }

    /// <summary>The columns of a stored paper that listings show.</summary>
    private sealed record StoredPaper(string Title, DateOnly PublishedOn, DateOnly? FeaturedOn, int? Upvotes);
}
