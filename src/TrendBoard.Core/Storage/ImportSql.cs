namespace TrendBoard.Core.Storage;

/// <summary>
/// The statements of one import. They run inside the import transaction, on staging tables that
/// hold one batch: the only batch of a small file, or all batches of a larger file merged into
/// one row per paper id (see <see cref="StagedFileSql"/>).
/// </summary>
internal static class ImportSql
{
    /// <summary>
    /// Staging tables of one import, temporary to its connection. <c>import_papers</c> and
    /// <c>import_snapshots</c> hold one batch, already merged per paper id and per snapshot key;
    /// <c>import_ids</c> collects every valid paper id of the file for the counts.
    /// </summary>
    public static readonly string[] CreateStagingTables =
    [
        """
        CREATE TEMP TABLE import_papers (
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
            content_hash VARCHAR NOT NULL,
            upvotes INTEGER,
            upvotes_observed_on DATE
        )
        """,
        """
        CREATE TEMP TABLE import_snapshots (
            paper_id VARCHAR NOT NULL,
            observed_on DATE NOT NULL,
            upvotes INTEGER NOT NULL,
            source VARCHAR NOT NULL
        )
        """,
        "CREATE TEMP TABLE import_ids (id VARCHAR NOT NULL)",
    ];

    public const string CollectStagedIds = "INSERT INTO import_ids SELECT id FROM import_papers";

    /// <summary>
    /// Adds the batch's snapshots and replaces the count of a stored (paper, day, source) key
    /// when it differs, so an unchanged snapshot keeps its import id.
    /// </summary>
    public const string UpsertSnapshots = """
        INSERT INTO upvote_snapshots AS s (paper_id, observed_on, upvotes, source, import_id)
        SELECT paper_id, observed_on, upvotes, source, $import_id
        FROM import_snapshots
        ON CONFLICT (paper_id, observed_on, source) DO UPDATE
        SET upvotes = excluded.upvotes, import_id = excluded.import_id
        WHERE s.upvotes <> excluded.upvotes
        """;

    /// <summary>
    /// Copies each staged paper's latest observation over all its stored snapshots (latest day,
    /// then the higher count) into the staging row; runs after <see cref="UpsertSnapshots"/>.
    /// Structs compare field by field, so the maximum of (day, count) is that observation.
    /// </summary>
    public const string StageLatestObservations = """
        UPDATE import_papers
        SET upvotes = latest.observation.upvotes, upvotes_observed_on = latest.observation.observed_on
        FROM (
            SELECT paper_id, max(struct_pack(observed_on := observed_on, upvotes := upvotes)) AS observation
            FROM upvote_snapshots
            WHERE paper_id IN (SELECT paper_id FROM import_snapshots)
            GROUP BY paper_id
        ) AS latest
        WHERE import_papers.id = latest.paper_id
        """;

    /// <summary>
    /// Inserts the staged papers, or merges each into its stored row by the rule of
    /// <see cref="PaperFields.MergeWith"/> and writes the row only when a column changes.
    /// </summary>
    public static string UpsertPapers { get; } = BuildUpsertPapers();

    public const string CountStoredSnapshotsOfStagedPapers = """
        SELECT count(*)
        FROM upvote_snapshots
        WHERE paper_id IN (SELECT paper_id FROM import_snapshots)
        """;

    /// <summary>Adds the batch's snapshots when none of its papers has a stored snapshot.</summary>
    public const string InsertNewSnapshots = """
        INSERT INTO upvote_snapshots (paper_id, observed_on, upvotes, source, import_id)
        SELECT paper_id, observed_on, upvotes, source, $import_id
        FROM import_snapshots
        """;

    public const string CountStoredStagedPapers = "SELECT count(*) FROM import_papers AS i JOIN papers AS p ON p.id = i.id";

    /// <summary>
    /// Inserts the staged papers when none of them is stored yet, which gives the same rows as
    /// <see cref="UpsertPapers"/> in that case.
    /// </summary>
    public const string InsertNewPapers = """
        INSERT INTO papers (
            id, title, abstract, published_on, featured_on, authors, source_keywords, upvotes, upvotes_observed_on,
            source, fields_as_of, content_hash, first_import_id, first_imported_at, last_import_id, last_imported_at,
            categories, primary_category, date_uncertain)
        SELECT id, title, abstract, published_on, featured_on, authors, source_keywords, upvotes, upvotes_observed_on,
            source, fields_as_of, content_hash, $import_id, $imported_at, $import_id, $imported_at,
            categories, categories[1], date_uncertain
        FROM import_papers
        """;

    /// <summary>
    /// Counts the file's effect after its last batch: papers the import created, stored papers
    /// it changed or gave a new or changed snapshot, and distinct valid paper ids.
    /// </summary>
    public const string CountChanges = """
        SELECT
            (SELECT count(*) FROM papers WHERE first_import_id = $import_id),
            (SELECT count(*) FROM (
                SELECT id FROM papers WHERE last_import_id = $import_id AND first_import_id <> $import_id
                UNION
                SELECT s.paper_id
                FROM upvote_snapshots AS s
                JOIN papers AS p ON p.id = s.paper_id
                WHERE s.import_id = $import_id AND p.first_import_id <> $import_id)),
            (SELECT count(DISTINCT id) FROM import_ids)
        """;

    public const string InsertImport = """
        INSERT INTO imports (
            id, source_file, imported_at, read_count, new_count, updated_count, unchanged_count, rejected_count)
        VALUES (nextval('imports_id_seq'), $source_file, $imported_at, 0, 0, 0, 0, 0)
        RETURNING id
        """;

    public const string UpdateImportCounts = """
        UPDATE imports
        SET read_count = $read_count,
            new_count = $new_count,
            updated_count = $updated_count,
            unchanged_count = $unchanged_count,
            rejected_count = $rejected_count,
            format = $format,
            notice = $notice
        WHERE id = $import_id
        """;

    public const string DeleteRejectsOfFile = "DELETE FROM rejects WHERE source_file = $source_file";

    /// <summary>
    /// Returns a SQL expression for the SHA-256 digest (lowercase hex) of a paper's descriptive
    /// fields, given the SQL expressions of those fields. The featured day, upvotes and
    /// <c>fields_as_of</c> have their own columns and are left out.
    /// </summary>
    /// <remarks>
    /// Each text is prefixed with its length in UTF-8 bytes and each list with its item count, so
    /// field boundaries are unambiguous: ("ab", "c") and ("a", "bc") differ. Stored in
    /// <c>papers.content_hash</c>: a change to this encoding needs a schema migration that
    /// recomputes the column, as version 4 does.
    /// </remarks>
    public static string ContentHash(
        string title,
        string @abstract,
        string publishedOn,
        string dateUncertain,
        string authors,
        string keywords,
        string categories,
        string source)
    {
        return $"""
            sha256(concat(
                {Text(title)}, {Text(@abstract)}, CAST({publishedOn} AS VARCHAR), CAST({dateUncertain} AS VARCHAR), ';',
                {List(authors)}, {List(keywords)}, {List(categories)}, {Text(source)}))
            """;

        static string Text(string value) => $"strlen({value}), ':', {value}";

        // list_aggregate of an empty list is NULL, which concat skips.
        static string List(string value) =>
            $"len({value}), '[', list_aggregate(list_transform({value}, lambda item: concat(strlen(item), ':', item)), 'string_agg', '')";
    }

    private static string BuildUpsertPapers()
    {
        var merge = PaperMergeSql.Create(stored: "p", incoming: "excluded");
        var assignments = string.Join(",\n    ", merge.Columns.Select(pair => $"{pair.Column} = {pair.Expression}"));
        var changed = string.Join("\n    OR ", merge.Columns.Select(pair => $"{pair.Expression} IS DISTINCT FROM p.{pair.Column}"));

        return $"""
            INSERT INTO papers AS p (
                id, title, abstract, published_on, featured_on, authors, source_keywords, upvotes, upvotes_observed_on,
                source, fields_as_of, content_hash, first_import_id, first_imported_at, last_import_id, last_imported_at,
                categories, primary_category, date_uncertain)
            SELECT id, title, abstract, published_on, featured_on, authors, source_keywords, upvotes, upvotes_observed_on,
                source, fields_as_of, content_hash, $import_id, $imported_at, $import_id, $imported_at,
                categories, categories[1], date_uncertain
            FROM import_papers
            ON CONFLICT (id) DO UPDATE SET
                {assignments},
                content_hash = {merge.ContentHash},
                last_import_id = excluded.last_import_id,
                last_imported_at = excluded.last_imported_at
            WHERE {changed}
            """;
    }
}
