namespace TrendBoard.Core.Storage;

/// <summary>One step of the database schema, applied once and recorded in <c>schema_version</c>.</summary>
/// <param name="Version">The schema version this step produces; versions start at 1 and have no gaps.</param>
/// <param name="Description">What the step adds or changes, stored with the version.</param>
/// <param name="Statements">The DDL statements of the step, run in order inside one transaction unless <see cref="CommitEachStatement"/> is set.</param>
internal sealed record SchemaMigration(int Version, string Description, IReadOnlyList<string> Statements)
{
    /// <summary>
    /// Whether each statement commits on its own instead of all in one transaction; the last one
    /// commits with the version row. Only for statements that are safe to run again, because a
    /// crash between two of them leaves the earlier ones applied.
    /// </summary>
    public bool CommitEachStatement { get; init; }
}

/// <summary>
/// The ordered list of schema migrations. Add a new version at the end; never edit a version
/// that has shipped, because files created by older builds have already applied it.
/// </summary>
internal static class SchemaMigrations
{
    public const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER PRIMARY KEY,
            description VARCHAR NOT NULL,
            applied_at TIMESTAMP NOT NULL
        )
        """;

    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new SchemaMigration(1, "papers, upvote snapshots, imports, rejects and topic model runs",
        [
            "CREATE SEQUENCE imports_id_seq START 1",
            """
            CREATE TABLE imports (
                id BIGINT PRIMARY KEY,
                source_file VARCHAR NOT NULL,
                imported_at TIMESTAMP NOT NULL,
                read_count INTEGER NOT NULL,
                new_count INTEGER NOT NULL,
                updated_count INTEGER NOT NULL,
                unchanged_count INTEGER NOT NULL,
                rejected_count INTEGER NOT NULL
            )
            """,
            // upvotes and upvotes_observed_on copy the latest row of upvote_snapshots for the
            // paper (latest day; on a tie, the higher count). fields_as_of is the day the
            // descriptive fields were observed; a source observed earlier does not replace them.
            // content_hash is a SHA-256 digest of the text fields, so imports compare it instead
            // of reading every abstract.
            // last_import_id is the latest import that changed the row, so re-importing an
            // unchanged file leaves it alone.
            """
            CREATE TABLE papers (
                id VARCHAR PRIMARY KEY,
                title VARCHAR NOT NULL,
                abstract VARCHAR NOT NULL,
                published_on DATE NOT NULL,
                featured_on DATE,
                authors VARCHAR[] NOT NULL,
                source_keywords VARCHAR[] NOT NULL,
                upvotes INTEGER,
                upvotes_observed_on DATE,
                source VARCHAR NOT NULL,
                fields_as_of DATE NOT NULL,
                content_hash VARCHAR NOT NULL,
                first_import_id BIGINT NOT NULL,
                first_imported_at TIMESTAMP NOT NULL,
                last_import_id BIGINT NOT NULL,
                last_imported_at TIMESTAMP NOT NULL
            )
            """,
            """
            CREATE TABLE upvote_snapshots (
                paper_id VARCHAR NOT NULL,
                observed_on DATE NOT NULL,
                upvotes INTEGER NOT NULL CHECK (upvotes >= 0),
                source VARCHAR NOT NULL,
                import_id BIGINT NOT NULL,
                PRIMARY KEY (paper_id, observed_on, source)
            )
            """,
            """
            CREATE TABLE rejects (
                import_id BIGINT NOT NULL,
                ordinal INTEGER NOT NULL,
                source_file VARCHAR NOT NULL,
                position VARCHAR NOT NULL,
                reason VARCHAR NOT NULL
            )
            """,
            "CREATE SEQUENCE model_runs_id_seq START 1",
            """
            CREATE TABLE model_runs (
                id BIGINT PRIMARY KEY,
                created_at TIMESTAMP NOT NULL,
                algorithm VARCHAR NOT NULL,
                seed INTEGER NOT NULL,
                topic_count INTEGER NOT NULL,
                parameters JSON NOT NULL,
                library_versions JSON NOT NULL,
                data_fingerprint VARCHAR NOT NULL,
                metrics JSON NOT NULL,
                is_current BOOLEAN NOT NULL
            )
            """,
            """
            CREATE TABLE topics (
                run_id BIGINT NOT NULL,
                topic_id INTEGER NOT NULL,
                label VARCHAR NOT NULL,
                size INTEGER NOT NULL,
                PRIMARY KEY (run_id, topic_id)
            )
            """,
            """
            CREATE TABLE topic_terms (
                run_id BIGINT NOT NULL,
                topic_id INTEGER NOT NULL,
                rank INTEGER NOT NULL,
                term VARCHAR NOT NULL,
                score DOUBLE NOT NULL,
                PRIMARY KEY (run_id, topic_id, rank)
            )
            """,
            // No primary keys on the two per-paper tables: they grow to millions of rows per run
            // and an index would cost memory on every open. SaveModelRunAsync rejects duplicate
            // assignments before writing, and the analytics queries read keywords with DISTINCT.
            """
            CREATE TABLE paper_topics (
                run_id BIGINT NOT NULL,
                paper_id VARCHAR NOT NULL,
                topic_id INTEGER NOT NULL,
                score DOUBLE NOT NULL
            )
            """,
            """
            CREATE TABLE paper_keywords (
                run_id BIGINT NOT NULL,
                paper_id VARCHAR NOT NULL,
                keyword VARCHAR NOT NULL,
                score DOUBLE NOT NULL
            )
            """,
        ]),
        // Copies of the current run's assignments, keywords and keyword pairs joined with the
        // paper days, so the analytics queries scan one narrow table instead of joining papers
        // on their text ids. keyword_id numbers the run's keywords in ordinal order, so
        // keyword_a_id < keyword_b_id orders a pair like its names. TrendAnalytics rebuilds the
        // tables when the current run or the latest import changed since analytics_cache_state
        // was written; until then the queries read the base tables.
        new SchemaMigration(2, "analytics cache of the current model run",
        [
            """
            CREATE TABLE analytics_papers (
                run_id BIGINT NOT NULL,
                paper_id VARCHAR NOT NULL,
                topic_id INTEGER NOT NULL,
                published_on DATE NOT NULL,
                featured_on DATE,
                upvotes INTEGER
            )
            """,
            """
            CREATE TABLE analytics_keywords (
                run_id BIGINT NOT NULL,
                paper_id VARCHAR NOT NULL,
                keyword VARCHAR NOT NULL,
                keyword_id INTEGER NOT NULL,
                topic_id INTEGER NOT NULL,
                published_on DATE NOT NULL,
                featured_on DATE
            )
            """,
            """
            CREATE TABLE analytics_keyword_names (
                run_id BIGINT NOT NULL,
                keyword_id INTEGER NOT NULL,
                keyword VARCHAR NOT NULL
            )
            """,
            """
            CREATE TABLE analytics_keyword_pairs (
                run_id BIGINT NOT NULL,
                paper_id VARCHAR NOT NULL,
                keyword_a_id INTEGER NOT NULL,
                keyword_b_id INTEGER NOT NULL,
                topic_id INTEGER NOT NULL,
                published_on DATE NOT NULL,
                featured_on DATE
            )
            """,
            """
            CREATE TABLE analytics_cache_state (
                run_id BIGINT NOT NULL,
                last_import_id BIGINT,
                built_at TIMESTAMP NOT NULL
            )
            """,
        ]),
        // The fitted model of each run, so new papers can be assigned without a refit, and the
        // lineage of each run's topics against the run it replaced. topic_names contains the names
        // users give topics, keyed by the stable topic id that TopicIdMatcher carries from run to
        // run, so a name follows its topic. named_topics is the topics table with the user's
        // name in place of the automatic label, and the analytics queries read labels from it.
        // topic_lineage.kind is continued, new, split, merged, or ended for a topic of the
        // previous run that no topic of this run continues or absorbs.
        new SchemaMigration(3, "stored topic models, topic lineage and user topic names",
        [
            """
            CREATE TABLE model_run_models (
                run_id BIGINT PRIMARY KEY,
                model BLOB NOT NULL
            )
            """,
            """
            CREATE TABLE topic_lineage (
                run_id BIGINT NOT NULL,
                topic_id INTEGER NOT NULL,
                kind VARCHAR NOT NULL,
                previous_topic_ids INTEGER[] NOT NULL,
                similarity DOUBLE NOT NULL,
                PRIMARY KEY (run_id, topic_id)
            )
            """,
            """
            CREATE TABLE topic_names (
                topic_id INTEGER PRIMARY KEY,
                name VARCHAR NOT NULL,
                renamed_at TIMESTAMP NOT NULL
            )
            """,
            """
            CREATE VIEW named_topics AS
            SELECT t.run_id, t.topic_id, coalesce(n.name, t.label) AS label, t.label AS automatic_label, n.name, t.size
            FROM topics AS t
            LEFT JOIN topic_names AS n ON n.topic_id = t.topic_id
            """,
        ]),
        // Version 4 stores fields the importers parse that versions 1 to 3 dropped. These are
        // the arXiv categories (primary first, with the primary also in its own column for
        // filters), whether the publication day is an estimate, and the format and notice of
        // each imported file. content_hash is recomputed because its encoding now covers the
        // categories and the estimate flag (see ImportSql.ContentHash).
        // DuckDB 1.5 fails to commit a transaction that alters the same table twice, so each
        // statement commits on its own and is written to be safe to run again.
        new SchemaMigration(4, "paper categories, estimated publication days, import formats and notices",
        [
            "ALTER TABLE papers ADD COLUMN IF NOT EXISTS categories VARCHAR[] DEFAULT []",
            "ALTER TABLE papers ALTER COLUMN categories SET NOT NULL",
            "ALTER TABLE papers ADD COLUMN IF NOT EXISTS primary_category VARCHAR",
            "ALTER TABLE papers ADD COLUMN IF NOT EXISTS date_uncertain BOOLEAN DEFAULT false",
            "ALTER TABLE papers ALTER COLUMN date_uncertain SET NOT NULL",
            "ALTER TABLE imports ADD COLUMN IF NOT EXISTS format VARCHAR",
            "ALTER TABLE imports ADD COLUMN IF NOT EXISTS notice VARCHAR",
            "UPDATE papers SET content_hash = " + ImportSql.ContentHash(
                "title", "abstract", "published_on", "date_uncertain", "authors", "source_keywords", "categories", "source"),
        ])
        {
            CommitEachStatement = true,
        },
    ];

    /// <summary>The schema version this build creates and reads.</summary>
    public static int LatestVersion => All[^1].Version;
}
