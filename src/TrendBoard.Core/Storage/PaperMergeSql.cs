namespace TrendBoard.Core.Storage;

/// <summary>
/// SQL expressions that merge an incoming paper row into its stored row by the rule of
/// <see cref="PaperFields.MergeWith"/>, for the statements that update stored papers.
/// </summary>
/// <param name="Columns">Each merged column of <c>papers</c> with the expression of its new value.</param>
/// <param name="ContentHash">The expression of the merged row's content hash.</param>
internal sealed record PaperMergeSql(IReadOnlyList<(string Column, string Expression)> Columns, string ContentHash)
{
    /// <summary>The columns that <see cref="ImportSql.ContentHash"/> covers.</summary>
    private static readonly string[] _hashedColumns = ["title", "abstract", "published_on", "date_uncertain", "authors", "source_keywords", "categories", "source"];

    /// <summary>
    /// Returns whether <paramref name="column"/> contains a list or is derived from one. DuckDB 1.5
    /// rewrites the update of a list column in a table with an index as a delete and an insert.
    /// </summary>
    public static bool IsListColumn(string column) => column is "authors" or "source_keywords" or "categories" or "primary_category";

    /// <summary>
    /// Builds the expressions for a statement in which <paramref name="stored"/> is the alias of the
    /// stored <c>papers</c> row and <paramref name="incoming"/> the alias of the row being imported,
    /// which has the columns of <c>import_papers</c>.
    /// </summary>
    public static PaperMergeSql Create(string stored, string incoming)
    {
        // The incoming row wins when it was observed on the same day or later.
        var incomingWins = $"({incoming}.fields_as_of >= {stored}.fields_as_of)";

        // An exact publication day beats an estimated one; otherwise the winning row's day counts.
        var dayFromIncoming = $"(CASE WHEN {incoming}.date_uncertain <> {stored}.date_uncertain THEN NOT {incoming}.date_uncertain ELSE {incomingWins} END)";

        string Winner(string column) => $"(CASE WHEN {incomingWins} THEN {incoming}.{column} ELSE {stored}.{column} END)";

        string Day(string column) => $"(CASE WHEN {dayFromIncoming} THEN {incoming}.{column} ELSE {stored}.{column} END)";

        // An empty list never replaces a filled one.
        string FilledList(string column) =>
            $"(CASE WHEN {incomingWins} THEN (CASE WHEN len({incoming}.{column}) > 0 THEN {incoming}.{column} ELSE {stored}.{column} END) "
            + $"ELSE (CASE WHEN len({stored}.{column}) > 0 THEN {stored}.{column} ELSE {incoming}.{column} END) END)";

        var columns = new (string Column, string Expression)[]
        {
            ("title", Winner("title")),
            ("abstract", Winner("abstract")),
            ("published_on", Day("published_on")),
            ("date_uncertain", Day("date_uncertain")),
            ("featured_on", $"least({stored}.featured_on, {incoming}.featured_on)"),
            ("authors", FilledList("authors")),
            ("source_keywords", FilledList("source_keywords")),
            ("categories", FilledList("categories")),
            ("primary_category", $"{FilledList("categories")}[1]"),
            ("source", Winner("source")),
            ("fields_as_of", $"greatest({stored}.fields_as_of, {incoming}.fields_as_of)"),
            ("upvotes", $"(CASE WHEN {incoming}.upvotes_observed_on IS NULL THEN {stored}.upvotes ELSE {incoming}.upvotes END)"),
            ("upvotes_observed_on", $"coalesce({incoming}.upvotes_observed_on, {stored}.upvotes_observed_on)"),
        };
        var byColumn = columns.ToDictionary(pair => pair.Column, pair => pair.Expression);

        // The incoming hash was computed in C#; SQL recomputes it only for a merge that mixes
        // stored and incoming fields, because DuckDB's sha256 is far slower than .NET's.
        static string Row(IEnumerable<string> expressions) => $"row({string.Join(", ", expressions)})";
        var mergedFields = Row(_hashedColumns.Select(column => byColumn[column]));
        var mergedHash = ImportSql.ContentHash(
            byColumn["title"],
            byColumn["abstract"],
            byColumn["published_on"],
            byColumn["date_uncertain"],
            byColumn["authors"],
            byColumn["source_keywords"],
            byColumn["categories"],
            byColumn["source"]);
        var contentHash = $"""
            (CASE WHEN {mergedFields} IS NOT DISTINCT FROM {Row(_hashedColumns.Select(column => $"{incoming}.{column}"))} THEN {incoming}.content_hash
                  WHEN {mergedFields} IS NOT DISTINCT FROM {Row(_hashedColumns.Select(column => $"{stored}.{column}"))} THEN {stored}.content_hash
                  ELSE {mergedHash} END)
            """;

        return new PaperMergeSql(columns, contentHash);
    }
}
