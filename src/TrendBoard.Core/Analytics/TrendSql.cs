using DuckDB.NET.Data;
using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Analytics;

/// <summary>
/// SQL fragments shared by the analytics queries. The fragments only choose fixed column names
/// and functions from the filter's enums; every value (dates, topic ids, limits) is bound as a
/// <c>$parameter</c> by <see cref="BindFilter"/> or the caller.
/// </summary>
internal static class TrendSql
{
    /// <summary>Returns the column of <c>p</c> (papers, <c>run_papers</c> or <c>run_keywords</c>) that places a paper on the time axis.</summary>
    public static string DateColumn(TrendFilter filter)
    {
        return filter.DateBasis switch
        {
            DateBasis.Published => "p.published_on",
            DateBasis.Featured => "p.featured_on",
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter.DateBasis, "Unknown date basis."),
        };
    }

    /// <summary>
    /// Returns the CTEs every query starts from, beginning with WITH and without a trailing comma:
    /// <list type="bullet">
    /// <item><c>current_run</c>: the id of the current model run;</item>
    /// <item><c>bounds</c>: the first and last stored day of the date basis, over all papers;</item>
    /// <item><c>run_papers</c>: one row per paper the run assigned, with <c>paper_id</c>,
    /// <c>topic_id</c>, <c>published_on</c>, <c>featured_on</c> and <c>upvotes</c>;</item>
    /// <item><c>run_keywords</c>: one row per distinct (paper, keyword) of the run, with the
    /// paper's topic and days and a <c>keyword_key</c> (a number or the keyword itself) that
    /// sorts like the keyword;</item>
    /// <item><c>run_pairs</c>: one row per paper and keyword pair, <c>key_a</c> before
    /// <c>key_b</c>, with the paper's topic and days;</item>
    /// <item><c>keyword_names</c>: each <c>keyword_key</c> with its keyword;</item>
    /// <item><c>keyword_papers</c>, when the filter lists keywords: ids of the papers that carry them.</item>
    /// </list>
    /// With <paramref name="cached"/>, the two run CTEs read the analytics cache tables instead
    /// of joining the base tables; both give the same rows when the cache is fresh.
    /// </summary>
    public static string Prelude(TrendFilter filter, bool cached)
    {
        var column = DateColumn(filter);
        var runPapers = cached
            ? """
                SELECT paper_id, topic_id, published_on, featured_on, upvotes
                FROM analytics_papers
                WHERE run_id = (SELECT id FROM current_run)
            """
            : """
                SELECT p.id AS paper_id, pt.topic_id, p.published_on, p.featured_on, p.upvotes
                FROM papers AS p
                JOIN paper_topics AS pt ON pt.paper_id = p.id
                WHERE pt.run_id = (SELECT id FROM current_run)
            """;
        var runKeywords = cached
            ? """
                SELECT paper_id, keyword, keyword_id AS keyword_key, topic_id, published_on, featured_on
                FROM analytics_keywords
                WHERE run_id = (SELECT id FROM current_run)
            """
            : """
                SELECT DISTINCT k.paper_id, k.keyword, k.keyword AS keyword_key, rp.topic_id, rp.published_on, rp.featured_on
                FROM paper_keywords AS k
                JOIN run_papers AS rp ON rp.paper_id = k.paper_id
                WHERE k.run_id = (SELECT id FROM current_run)
            """;
        var runPairs = cached
            ? """
                SELECT paper_id, keyword_a_id AS key_a, keyword_b_id AS key_b, topic_id, published_on, featured_on
                FROM analytics_keyword_pairs
                WHERE run_id = (SELECT id FROM current_run)
            """
            : """
                SELECT a.paper_id, a.keyword_key AS key_a, b.keyword_key AS key_b, a.topic_id, a.published_on, a.featured_on
                FROM run_keywords AS a
                JOIN run_keywords AS b ON b.paper_id = a.paper_id AND a.keyword < b.keyword
            """;
        var keywordNames = cached
            ? """
                SELECT keyword_id AS keyword_key, keyword
                FROM analytics_keyword_names
                WHERE run_id = (SELECT id FROM current_run)
            """
            : """
                SELECT DISTINCT keyword_key, keyword
                FROM run_keywords
            """;
        // The cached path matches the few keyword names first and then the keyword ids, an
        // integer comparison, instead of lowering every keyword row of the range.
        var keywordPapers = filter.Keywords.Count == 0
            ? string.Empty
            : cached
                ? """
                    ,
                    keyword_papers AS (
                        SELECT k.paper_id
                        FROM analytics_keywords AS k
                        JOIN (
                            SELECT keyword_id, lower(keyword) AS lowered
                            FROM analytics_keyword_names
                            WHERE list_contains($keywords, lower(keyword))
                        ) AS n ON n.keyword_id = k.keyword_id
                        GROUP BY k.paper_id
                        HAVING count(DISTINCT n.lowered) >= $keyword_count
                    )
                    """
                : """
                    ,
                    keyword_papers AS (
                        SELECT paper_id
                        FROM run_keywords
                        WHERE list_contains($keywords, lower(keyword))
                        GROUP BY paper_id
                        HAVING count(DISTINCT lower(keyword)) >= $keyword_count
                    )
                    """;

        return $"""
            WITH current_run AS (
                SELECT id FROM model_runs WHERE is_current
            ),
            bounds AS (
                SELECT min({column}) AS first_day, max({column}) AS last_day
                FROM papers AS p
            ),
            run_papers AS (
            {runPapers}
            ),
            run_keywords AS (
            {runKeywords}
            ),
            run_pairs AS (
            {runPairs}
            ),
            keyword_names AS (
            {keywordNames}
            ){keywordPapers}
            """;
    }

    /// <summary>
    /// Returns <see cref="Prelude"/> followed by the CTE <c>binned</c>: one row per assigned paper
    /// in the range, of every topic, with its bin start, paper id, day, topic id, upvote count and
    /// <c>selected</c>, which is true when the paper passes the topic and keyword filters. Starts
    /// with WITH and has no trailing comma.
    /// </summary>
    public static string BinnedPapers(TrendFilter filter, bool cached)
    {
        var column = DateColumn(filter);
        return $"""
            {Prelude(filter, cached)},
            binned AS (
                SELECT {BinStart(filter.Bin, column)} AS bin_start, p.paper_id, {column} AS day,
                       p.topic_id, p.upvotes,
                       {SelectedExpression(filter, "p.paper_id", "p.topic_id")} AS selected
                FROM run_papers AS p
                WHERE {column} BETWEEN $from AND $to
            )
            """;
    }

    /// <summary>
    /// Returns a boolean expression that is true when the paper passes the filter's topic and
    /// keyword conditions; it reads the <c>keyword_papers</c> CTE of <see cref="Prelude"/>.
    /// </summary>
    public static string SelectedExpression(TrendFilter filter, string paperIdColumn, string topicColumn)
    {
        var conditions = new List<string>();
        if (filter.TopicIds.Count > 0)
        {
            conditions.Add($"list_contains($topic_ids, {topicColumn})");
        }

        if (filter.Keywords.Count > 0)
        {
            conditions.Add($"{paperIdColumn} IN (SELECT paper_id FROM keyword_papers)");
        }

        return conditions.Count == 0 ? "true" : "(" + string.Join(" AND ", conditions) + ")";
    }

    /// <summary>Returns "AND" and <see cref="SelectedExpression"/>, or nothing when the filter keeps every paper.</summary>
    public static string SelectedCondition(TrendFilter filter, string paperIdColumn, string topicColumn)
    {
        var expression = SelectedExpression(filter, paperIdColumn, topicColumn);
        return expression == "true" ? string.Empty : "AND " + expression;
    }

    /// <summary>
    /// Returns a condition that is true when the bin starting at <paramref name="binStart"/> is cut
    /// short by the range or by the stored data; it reads the <c>bounds</c> CTE as <c>d</c>.
    /// </summary>
    public static string PartialCondition(TrendFilter filter, string binStart)
    {
        return $"({binStart} < greatest($from, d.first_day) OR {BinEnd(filter.Bin, binStart)} > least($to, d.last_day))";
    }

    /// <summary>
    /// Binds <c>$from</c>, <c>$to</c> and, when the filter uses them, <c>$topic_ids</c>,
    /// <c>$keywords</c> and <c>$keyword_count</c> (the distinct keywords a paper must carry).
    /// </summary>
    public static DuckDBCommand BindFilter(DuckDBCommand command, TrendFilter filter)
    {
        command.Bind("from", filter.From).Bind("to", filter.To);
        if (filter.TopicIds.Count > 0)
        {
            command.Bind("topic_ids", filter.TopicIds.ToList());
        }

        if (filter.Keywords.Count > 0)
        {
            // Keywords match ignoring case ("RAG" finds "rag"), on both sides of the comparison.
            var keywords = filter.Keywords.Select(keyword => keyword.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
            command.Bind("keywords", keywords)
                .Bind("keyword_count", filter.KeywordMatch == KeywordMatch.All ? keywords.Count : 1);
        }

        return command;
    }

    /// <summary>Returns the expression that names the bin of a day column: the day, the Monday of its ISO week, or the first of its month.</summary>
    public static string BinStart(TimeBin bin, string column)
    {
        // date_trunc('week', ...) truncates to the Monday of the ISO week; it returns a timestamp.
        return bin switch
        {
            TimeBin.Day => column,
            TimeBin.Week => $"CAST(date_trunc('week', {column}) AS DATE)",
            TimeBin.Month => $"CAST(date_trunc('month', {column}) AS DATE)",
            _ => throw new ArgumentOutOfRangeException(nameof(bin), bin, "Unknown time bin."),
        };
    }

    private static string BinEnd(TimeBin bin, string binStart)
    {
        return bin switch
        {
            TimeBin.Day => binStart,
            TimeBin.Week => $"({binStart} + 6)",
            TimeBin.Month => $"last_day({binStart})",
            _ => throw new ArgumentOutOfRangeException(nameof(bin), bin, "Unknown time bin."),
        };
    }
}
