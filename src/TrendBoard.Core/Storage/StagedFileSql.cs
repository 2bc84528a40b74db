namespace TrendBoard.Core.Storage;

/// <summary>
/// The statements that import a file of several batches: every batch is appended to staging
/// tables without indexes, and at the end of the file a few set-based statements merge the
/// staged rows into <c>papers</c> and <c>upvote_snapshots</c>, inside the file's transaction.
/// </summary>
/// <remarks>
/// <para>
/// Each batch arrives merged per paper id by <see cref="PaperFields.MergeWith"/>. Staged rows of
/// the same id from different batches merge here by the same rules, applied as aggregates: the
/// fields of the row observed last win (latest <c>fields_as_of</c>, then the later batch), the
/// publication day comes from the exact rows before the estimated ones, the featured day is the
/// earliest, and each list comes from the latest row whose list is not empty. This differs from
/// merging the rows one by one in file order only when one paper's records in a file mix
/// observation days with empty lists or estimated days. In that case the aggregate gives the
/// result that does not depend on the order.
/// </para>
/// <para>
/// The merged row of a stored paper then meets the stored row as a one-batch file's rows do
/// (<see cref="PaperMergeSql"/>), but through <c>UPDATE</c>, and the merged rows of new papers go
/// in with one <c>INSERT</c>, instead of <c>INSERT ... ON CONFLICT</c>, which took most of the time
/// of a large import when it ran per batch.
/// </para>
/// </remarks>
internal static class StagedFileSql
{
    /// <summary>
    /// The staging tables, temporary to the import's connection: every batch's papers and upvote
    /// observations, numbered by <c>batch_no</c> from 0 in file order.
    /// </summary>
    public static readonly string[] CreateStagingTables =
    [
        """
        CREATE TEMP TABLE import_staged_papers (
            batch_no INTEGER NOT NULL,
            id VARCHAR NOT NULL,
            title VARCHAR NOT NULL,
            abstract VARCHAR NOT NULL,
            published_on DATE NOT NULL,
            featured_on DATE,
            authors VARCHAR[] NOT NULL,
            source_keywords VARCHAR[] NOT NULL,
            categories VARCHAR[] NOT NULL,
            date_uncertain BOOLEAN NOT NULL,
            source VARCHAR NOT NULL,
            fields_as_of DATE NOT NULL,
            content_hash VARCHAR NOT NULL
        )
        """,
        """
        CREATE TEMP TABLE import_staged_snapshots (
            batch_no INTEGER NOT NULL,
            paper_id VARCHAR NOT NULL,
            observed_on DATE NOT NULL,
            upvotes INTEGER NOT NULL,
            source VARCHAR NOT NULL
        )
        """,
    ];

    /// <summary>
    /// Lists each distinct staged paper id once, with its number of staged rows and whether
    /// <c>papers</c> already contains it, and adds the ids to <c>import_ids</c> for the counts.
    /// </summary>
    public static readonly string[] CollectIds =
    [
        """
        CREATE TEMP TABLE import_file_ids AS
        SELECT f.id, f.records, p.id IS NOT NULL AS stored
        FROM (SELECT id, count(*) AS records FROM import_staged_papers GROUP BY id) AS f
        LEFT JOIN papers AS p ON p.id = f.id
        """,
        "INSERT INTO import_ids SELECT id FROM import_file_ids",
    ];

    /// <summary>Returns the number of distinct staged ids that are stored and that are new.</summary>
    public const string CountStoredAndNew = "SELECT count(*) FILTER (WHERE stored), count(*) FILTER (WHERE NOT stored) FROM import_file_ids";

    /// <summary>
    /// Fills <c>import_snapshots</c> with one row per (paper, day, source) key, the latest batch
    /// winning, so the snapshot statements of <see cref="ImportSql"/> apply unchanged.
    /// </summary>
    public const string CollapseSnapshots = """
        INSERT INTO import_snapshots (paper_id, observed_on, upvotes, source)
        SELECT paper_id, observed_on, arg_max(upvotes, batch_no), source
        FROM import_staged_snapshots
        GROUP BY paper_id, observed_on, source
        """;

    /// <summary>Inserts the merged rows of the staged papers that <c>papers</c> did not contain.</summary>
    public static string InsertNewPapers { get; } = $"""
        INSERT INTO papers (
            id, title, abstract, published_on, featured_on, authors, source_keywords, upvotes, upvotes_observed_on,
            source, fields_as_of, content_hash, first_import_id, first_imported_at, last_import_id, last_imported_at,
            categories, primary_category, date_uncertain)
        SELECT id, title, abstract, published_on, featured_on, authors, source_keywords, upvotes, upvotes_observed_on,
            source, fields_as_of, content_hash, $import_id, $imported_at, $import_id, $imported_at,
            categories, categories[1], date_uncertain
        FROM ({BuildMergedPapers(stored: false)}) AS merged
        """;

    /// <summary>
    /// Merges the list columns of stored papers whose lists change, with the content hash and the
    /// import that changed them. Runs before <see cref="UpdateStoredScalars"/>, which changes the
    /// <c>fields_as_of</c> that this merge reads.
    /// </summary>
    /// <remarks>
    /// Kept apart because DuckDB 1.5 rewrites the update of a list column in a table with an index
    /// as a delete and an insert. On the development machine, updating a list column in 100,000 of
    /// 200,000 rows took 11.6 s and its commit 5.4 s, against 0.2 s for both without the primary
    /// key. So only the rows whose lists change should pay for it.
    /// </remarks>
    public static string UpdateStoredLists { get; } = BuildUpdate(lists: true);

    /// <summary>Merges the other columns of stored papers whose fields change, by the rule of <see cref="PaperMergeSql"/>.</summary>
    public static string UpdateStoredScalars { get; } = BuildUpdate(lists: false);

    private static string BuildUpdate(bool lists)
    {
        var merge = PaperMergeSql.Create(stored: "p", incoming: "excluded");
        var columns = merge.Columns.Where(pair => PaperMergeSql.IsListColumn(pair.Column) == lists).ToList();
        var assignments = string.Join(",\n    ", columns.Select(pair => $"{pair.Column} = {pair.Expression}"));
        var changed = string.Join("\n    OR ", columns.Select(pair => $"{pair.Expression} IS DISTINCT FROM p.{pair.Column}"));

        return $"""
            UPDATE papers AS p
            SET {assignments},
                content_hash = {merge.ContentHash},
                last_import_id = $import_id,
                last_imported_at = $imported_at
            FROM ({BuildMergedPapers(stored: true)}) AS excluded
            WHERE p.id = excluded.id AND ({changed})
            """;
    }

    /// <summary>
    /// Builds a query of one merged row per staged paper id that is <paramref name="stored"/> or
    /// new, in the columns of <c>import_papers</c>. Each row has its paper's latest upvote
    /// observation from <c>upvote_snapshots</c>, where the file's snapshots are inserted before this
    /// query runs, or null upvote columns when the paper has no snapshot.
    /// </summary>
    private static string BuildMergedPapers(bool stored)
    {
        var storedFilter = stored ? "stored" : "NOT stored";
        const string staged = "s.id, s.title, s.abstract, s.published_on, s.featured_on, s.authors, s.source_keywords, s.categories, s.date_uncertain, s.source, s.fields_as_of, s.content_hash";

        // The later of two rows on the same day wins, as in PaperFields.MergeWith.
        const string orderKey = "(s.fields_as_of, s.batch_no)";
        var rows = $"""
            SELECT {staged}
            FROM import_staged_papers AS s
            WHERE s.id IN (SELECT id FROM import_file_ids WHERE records = 1 AND {storedFilter})
            UNION ALL
            SELECT id, latest.title, latest.abstract, day.published_on, featured_on, authors, source_keywords, categories,
                day.date_uncertain, latest.source, latest.fields_as_of,
                (CASE WHEN row(latest.title, latest.abstract, day.published_on, day.date_uncertain, authors, source_keywords, categories, latest.source)
                        IS NOT DISTINCT FROM row(latest.title, latest.abstract, latest.published_on, latest.date_uncertain, latest.authors, latest.source_keywords, latest.categories, latest.source)
                      THEN latest.content_hash
                      ELSE {ImportSql.ContentHash("latest.title", "latest.abstract", "day.published_on", "day.date_uncertain", "authors", "source_keywords", "categories", "latest.source")} END)
            FROM (
                SELECT id, latest, day, featured_on,
                    coalesce(authors, latest.authors) AS authors,
                    coalesce(source_keywords, latest.source_keywords) AS source_keywords,
                    coalesce(categories, latest.categories) AS categories
                FROM (
                    SELECT s.id,
                        arg_max(s, {orderKey}) AS latest,
                        arg_max(struct_pack(published_on := s.published_on, date_uncertain := s.date_uncertain), (NOT s.date_uncertain, s.fields_as_of, s.batch_no)) AS day,
                        min(s.featured_on) AS featured_on,
                        arg_max(s.authors, {orderKey}) FILTER (WHERE len(s.authors) > 0) AS authors,
                        arg_max(s.source_keywords, {orderKey}) FILTER (WHERE len(s.source_keywords) > 0) AS source_keywords,
                        arg_max(s.categories, {orderKey}) FILTER (WHERE len(s.categories) > 0) AS categories
                    FROM import_staged_papers AS s
                    WHERE s.id IN (SELECT id FROM import_file_ids WHERE records > 1 AND {storedFilter})
                    GROUP BY s.id))
            """;

        // Structs compare field by field, so the maximum of (day, count) is the latest observation,
        // the higher count winning a tie.
        return $"""
            SELECT m.*, o.observation.upvotes AS upvotes, o.observation.observed_on AS upvotes_observed_on
            FROM ({rows}) AS m
            LEFT JOIN (
                SELECT paper_id, max(struct_pack(observed_on := observed_on, upvotes := upvotes)) AS observation
                FROM upvote_snapshots
                WHERE paper_id IN (SELECT paper_id FROM import_snapshots)
                GROUP BY paper_id
            ) AS o ON o.paper_id = m.id
            """;
    }
}
