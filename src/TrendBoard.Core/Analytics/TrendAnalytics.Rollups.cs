using DuckDB.NET.Data;
using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Analytics;

public sealed partial class TrendAnalytics
{
    /// <summary>
    /// Returns whether a keyword query can read the monthly item counts: the cache must be fresh,
    /// and the counts have no keyword filter, which selects papers one by one.
    /// </summary>
    private static bool CanUseRollup(bool cached, TrendFilter filter) => cached && filter.Keywords.Count == 0;

    /// <summary>The minimum number of most frequent keywords whose pairs the first short-range run groups.</summary>
    private const int KeywordSeedCount = 100;

    /// <summary>
    /// The first short-range run groups the pairs of at least 1/KeywordSeedShare of the keywords
    /// that can reach the list. A larger first set costs little, but a second run costs as much
    /// again.
    /// </summary>
    /// <remarks>
    /// NOTE: 6 is an estimate tuned on the benchmark database of 1,000,000 generated papers,
    /// where the first run over the last three months was exact from about 700 of 4,949 keywords.
    /// </remarks>
    private const int KeywordSeedShare = 6;

    /// <summary>
    /// The number of keywords whose pairs the first short-range run groups, or null to size it
    /// from the limit and the keyword count. Tests set it small so that more runs need a second one.
    /// </summary>
    internal int? FirstKeywordSetSize { get; init; }

    /// <summary>The maximum keyword set of a pruned short-range run; larger sets group every pair instead.</summary>
    private const int MaxKeywordSet = 2000;

    /// <summary>
    /// The keyword pairs a query over the monthly counts groups: every pair, the pairs whose
    /// total over every day and topic is at least <paramref name="MinTotal"/>, no pair
    /// (<paramref name="NoPairs"/>), or the pairs of two keywords of <paramref name="Keywords"/>.
    /// </summary>
    private sealed record PairSelection(long? MinTotal = null, SingleCounts? Keywords = null, bool NoPairs = false)
    {
        public static readonly PairSelection All = new();

        public static readonly PairSelection None = new(NoPairs: true);
    }

    /// <summary>A keyword's papers in period A and in period B (0 in B when there is no period B).</summary>
    private sealed record KeywordCount(long Id, long PapersA, long PapersB)
    {
        /// <summary>The larger of the two counts, an upper bound of the sort key of any pair with this keyword.</summary>
        public long Papers => Math.Max(PapersA, PapersB);
    }

    /// <summary>
    /// The papers of each period and the counts of some keywords. A pair selection with these
    /// counts groups only the pairs of two of the keywords and takes the paper and keyword counts
    /// from here instead of counting them again.
    /// </summary>
    private sealed record SingleCounts(long PapersA, long PapersB, IReadOnlyList<KeywordCount> Keywords);

    /// <summary>
    /// Returns the CTEs <c>counts</c> (item, papers_a, papers_b: the papers, keyword and pair
    /// counts of the two periods, of the filter's topics) and <c>keyword_names</c>, starting with
    /// WITH and without a trailing comma. The day parameters they use go into <paramref name="parameters"/>.
    /// </summary>
    private static string RollupCountsSql(
        DuckDBConnection connection,
        TrendFilter filter,
        DayRange periodA,
        DayRange? periodB,
        List<KeyValuePair<string, DateOnly>> parameters,
        PairSelection pairs,
        CancellationToken cancellationToken)
    {
        var bounds = AnalyticsRollup.ReadBounds(connection, filter.DateBasis, cancellationToken);
        var (fromA, toA) = ClampToData(periodA, bounds);
        var boundaries = new List<(DateOnly, int, int)>
        {
            (toA, 1, 0),
            (fromA.AddDays(-1), -1, 0),
        };
        if (periodB is not null)
        {
            var (fromB, toB) = ClampToData(periodB, bounds);
            boundaries.Add((toB, 0, 1));
            boundaries.Add((fromB.AddDays(-1), 0, -1));
        }

        // Papers and single keywords are counted here unless the selection brings their counts.
        // Pairs are counted as far as the selection keeps them.
        var items = pairs switch
        {
            { NoPairs: true } => RollupItems.SinglesOnly,
            { Keywords: not null } => new RollupItems(Singles: false, Pairs: true, SelectedKeywordsCondition),
            _ => RollupItems.All,
        };
        var itemCondition = pairs.MinTotal is null
            ? "true"
            : $"(item < {AnalyticsRollup.FirstPairItem} OR item IN (SELECT item FROM analytics_item_totals WHERE basis = {BasisNumber(filter.DateBasis)} AND papers >= $item_threshold))";
        var knownCounts = pairs.Keywords is null
            ? string.Empty
            : """
                UNION ALL
                SELECT unnest($known_items), unnest($known_papers_a), unnest($known_papers_b)
                """;
        var topicCondition = filter.TopicIds.Count > 0 ? "AND list_contains($topic_ids, topic_id)" : string.Empty;
        return $"""
            WITH terms AS (
            {AnalyticsRollup.TermsSql(bounds, boundaries, parameters, items)}
            ),
            counts AS MATERIALIZED (
                SELECT item, sum(papers_a) AS papers_a, sum(papers_b) AS papers_b
                FROM terms
                WHERE {itemCondition}
                  {topicCondition}
                GROUP BY item
                {knownCounts}
            ),
            keyword_names AS (
                SELECT keyword_id AS keyword_key, keyword
                FROM analytics_keyword_names
            )
            """;
    }

    /// <summary>
    /// Clamps a period to the stored days, one day beyond them at most, so a range such as
    /// 0001-01-01 to 9999-12-31 counts the same papers without date arithmetic overflowing. A
    /// period outside the data becomes empty (its first day after its last).
    /// </summary>
    private static (DateOnly From, DateOnly To) ClampToData(DayRange period, RollupBounds? bounds)
    {
        if (bounds is null)
        {
            return (period.From, period.To);
        }

        var from = Clamp(period.From, bounds.FirstDay, bounds.LastDay.AddDays(1));
        var to = Clamp(period.To, bounds.FirstDay.AddDays(-1), bounds.LastDay);
        return (from, to);

        static DateOnly Clamp(DateOnly day, DateOnly min, DateOnly max) => day < min ? min : day > max ? max : day;
    }

    /// <summary>
    /// Runs a top-pair query over the monthly counts, grouping only the candidate pairs that can
    /// reach the top list where that is cheaper. <paramref name="run"/> gets the pairs to group.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A pair's count over a range and a set of topics is at most its count over every day and
    /// topic (<c>analytics_item_totals</c>). When the periods cover most stored days, the pruned
    /// run keeps the pairs whose total is at least T, the total of the <c>4·limit</c>-th pair (at
    /// least the 100th). When it fills the list and its last sort key (the count, or the larger of
    /// two counts) is at least T, every left-out pair sorts below that key, so the list is exact.
    /// Otherwise a second run groups every pair.
    /// </para>
    /// <para>
    /// Totals are close to the counts only when the periods cover most stored days, so shorter
    /// ranges prune by keyword counts instead (see <see cref="RunWithKeywordBound"/>).
    /// </para>
    /// </remarks>
    private List<T> RunWithItemThreshold<T>(
        DuckDBConnection connection,
        TrendFilter filter,
        DayRange periodA,
        DayRange? periodB,
        int minPapers,
        int limit,
        Func<PairSelection, List<T>> run,
        Func<T, long> sortKey,
        CancellationToken cancellationToken)
    {
        var stored = ReadCachedDays(connection, filter.DateBasis, cancellationToken);
        if (stored is null)
        {
            return run(PairSelection.All);
        }

        var periods = periodB is null ? new[] { periodA } : [periodA, periodB];
        var coveredDays = periods.Sum(period =>
        {
            var from = period.From > stored.From ? period.From : stored.From;
            var to = period.To < stored.To ? period.To : stored.To;
            return Math.Max(0, to.DayNumber - from.DayNumber + 1);
        });
        if (coveredDays * 2 < stored.Days)
        {
            return RunWithKeywordBound(connection, filter, periodA, periodB, minPapers, limit, run, sortKey, cancellationToken);
        }

        long? threshold = null;
        using (var command = connection.CreateCommand("""
            SELECT papers
            FROM analytics_item_totals
            WHERE basis = $basis
            ORDER BY papers DESC
            LIMIT 1 OFFSET $offset
            """).Bind("basis", BasisNumber(filter.DateBasis)).Bind("offset", Math.Max(4L * limit, 100) - 1))
        {
            if (command.ExecuteScalar(cancellationToken) is long total && total > minPapers)
            {
                threshold = total;
            }
        }

        if (threshold is null)
        {
            return run(PairSelection.All);
        }

        var rows = run(new PairSelection(MinTotal: threshold));
        return rows.Count >= limit && sortKey(rows[^1]) >= threshold ? rows : run(PairSelection.All);
    }

    /// <summary>
    /// Runs a top-pair query over the monthly counts that groups only the pairs of keywords
    /// frequent enough in the periods to reach the top list.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Let F(k) be the larger period count of keyword k. A pair's count in a period is at most the
    /// count of either keyword in that period, so its sort key (the count, or the larger of two
    /// counts) is at most F of each of its keywords. The first run groups the pairs of the keywords
    /// with the highest F (how many: <see cref="KeywordSeedShare"/>).
    /// Let B be the sort key of its last row when it fills the list, or else MinPapers. Every
    /// pair with a keyword left out has a key at most that keyword's F, so when each left-out
    /// keyword has F below B, such pairs sort below the list (or miss MinPapers) and the list is
    /// exact, ties included.
    /// </para>
    /// <para>
    /// Otherwise the second run groups the pairs of every keyword with F ≥ B. Its list has at
    /// least the pairs of the first, so its own B is no smaller and it is exact by the same
    /// argument. When that set has more than <see cref="MaxKeywordSet"/> keywords, the second run
    /// groups every pair instead (an estimate: at that size, pruning would save little).
    /// </para>
    /// <para>
    /// The pruned runs read pair rows only: the paper and keyword counts come from the first
    /// query, which reads only the paper and keyword rows at the start of each month.
    /// </para>
    /// </remarks>
    private List<T> RunWithKeywordBound<T>(
        DuckDBConnection connection,
        TrendFilter filter,
        DayRange periodA,
        DayRange? periodB,
        int minPapers,
        int limit,
        Func<PairSelection, List<T>> run,
        Func<T, long> sortKey,
        CancellationToken cancellationToken)
    {
        // Keywords with fewer than MinPapers papers in every period cannot be in a listed pair.
        var singles = ReadSingleCounts(connection, filter, periodA, periodB, cancellationToken);
        var frequencies = singles.Keywords.Where(keyword => keyword.Papers >= minPapers).ToList();
        var selected = Math.Min(frequencies.Count, FirstKeywordSetSize ?? Math.Max(Math.Max(KeywordSeedCount, 4 * limit), frequencies.Count / KeywordSeedShare));
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var rows = run(new PairSelection(Keywords: singles with { Keywords = frequencies.Take(selected).ToList() }));
            var bound = rows.Count >= limit ? Math.Max(sortKey(rows[limit - 1]), minPapers) : minPapers;
            if (selected == frequencies.Count || frequencies[selected].Papers < bound)
            {
                return rows;
            }

            selected = frequencies.Count(keyword => keyword.Papers >= bound);
            if (selected > MaxKeywordSet)
            {
                break;
            }
        }

        return run(PairSelection.All);
    }

    /// <summary>
    /// Reads the papers of each period and each keyword's papers in them (period B counts 0 when
    /// B is null), of the filter's topics. The keywords with a paper in either period come
    /// first by their larger count, highest first, and then by keyword id.
    /// </summary>
    private static SingleCounts ReadSingleCounts(
        DuckDBConnection connection,
        TrendFilter filter,
        DayRange periodA,
        DayRange? periodB,
        CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, DateOnly>>();
        var counts = RollupCountsSql(connection, filter, periodA, periodB, parameters, PairSelection.None, cancellationToken);
        using var command = BindRollup(connection.CreateCommand($"""
            {counts}
            SELECT item, CAST(papers_a AS BIGINT), CAST(papers_b AS BIGINT)
            FROM counts
            WHERE item = 0 OR greatest(papers_a, papers_b) > 0
            ORDER BY item = 0 DESC, greatest(papers_a, papers_b) DESC, item
            """), filter, parameters, PairSelection.None);
        using var reader = command.ExecuteReader(cancellationToken);
        long papersA = 0;
        long papersB = 0;
        var keywords = new List<KeywordCount>();
        while (reader.Read())
        {
            var item = reader.GetInt64(0);
            if (item == 0)
            {
                (papersA, papersB) = (reader.GetInt64(1), reader.GetInt64(2));
                continue;
            }

            keywords.Add(new KeywordCount(item, reader.GetInt64(1), reader.GetInt64(2)));
        }

        return new SingleCounts(papersA, papersB, keywords);
    }

    /// <summary>
    /// Returns the condition that both keyword id expressions are among the selected keywords:
    /// the bit string <c>$pair_keyword_bits</c> has bit i set for each selected id i. An id past
    /// its last bit reads the last bit, which is never set.
    /// </summary>
    /// <remarks>
    /// A bit lookup costs a few nanoseconds per row, less than the hash lookups of
    /// <c>IN (SELECT unnest(...))</c>, and the monthly rows hold about 270,000 pairs per month
    /// at 1,000,000 papers.
    /// </remarks>
    private static string SelectedKeywordsCondition(string keywordA, string keywordB)
    {
        static string Bit(string keyword) => $"get_bit(CAST($pair_keyword_bits AS BIT), least(CAST({keyword} AS INTEGER), $pair_keyword_bits_last)) = 1";

        return $"{Bit(keywordA)} AND {Bit(keywordB)}";
    }

    private static DuckDBCommand BindRollup(DuckDBCommand command, TrendFilter filter, List<KeyValuePair<string, DateOnly>> parameters, PairSelection pairs)
    {
        if (filter.TopicIds.Count > 0)
        {
            command.Bind("topic_ids", filter.TopicIds.ToList());
        }

        foreach (var (name, day) in parameters)
        {
            command.Bind(name, day);
        }

        if (pairs.MinTotal is { } minTotal)
        {
            command.Bind("item_threshold", minTotal);
        }

        if (pairs.Keywords is { } singles)
        {
            // Bit i of the string is set for each selected keyword id i; one more bit, never
            // set, catches every larger id.
            var last = singles.Keywords.Count == 0 ? 1 : (int)singles.Keywords.Max(keyword => keyword.Id) + 1;
            var bits = new char[last + 1];
            Array.Fill(bits, '0');
            foreach (var keyword in singles.Keywords)
            {
                bits[keyword.Id] = '1';
            }

            command.Bind("pair_keyword_bits", new string(bits)).Bind("pair_keyword_bits_last", last);
            command.Bind("known_items", singles.Keywords.Select(keyword => keyword.Id).Prepend(0).ToList())
                .Bind("known_papers_a", singles.Keywords.Select(keyword => keyword.PapersA).Prepend(singles.PapersA).ToList())
                .Bind("known_papers_b", singles.Keywords.Select(keyword => keyword.PapersB).Prepend(singles.PapersB).ToList());
        }

        return command;
    }

    /// <summary>Returns the keyword pair query of <see cref="GetKeywordPairsAsync"/> over the monthly item counts.</summary>
    /// <remarks>
    /// The pairs are cut to the limit before their names are joined: keyword ids are numbered in
    /// DuckDB's keyword order, so ordering a pair item (key_a, then key_b) orders it by name.
    /// </remarks>
    private static string RollupKeywordPairsSql(string counts) => $"""
        {counts},
        paper_count AS (
            SELECT coalesce(sum(papers_a) FILTER (WHERE item = 0), 0) AS n
            FROM counts
        ),
        frequencies AS (
            SELECT CAST(item AS INTEGER) AS keyword_key, papers_a AS papers
            FROM counts
            WHERE item > 0 AND item < {AnalyticsRollup.FirstPairItem}
        ),
        pairs AS (
            SELECT CAST(item >> 32 AS INTEGER) AS key_a, CAST(item & 4294967295 AS INTEGER) AS key_b, papers_a AS papers
            FROM counts
            WHERE item >= {AnalyticsRollup.FirstPairItem} AND papers_a >= $min_papers
            ORDER BY papers_a DESC, item
            LIMIT $limit
        )
        SELECT na.keyword, nb.keyword, pr.papers, fa.papers, fb.papers, c.n
        FROM pairs AS pr
        JOIN keyword_names AS na ON na.keyword_key = pr.key_a
        JOIN keyword_names AS nb ON nb.keyword_key = pr.key_b
        JOIN frequencies AS fa ON fa.keyword_key = pr.key_a
        JOIN frequencies AS fb ON fb.keyword_key = pr.key_b
        CROSS JOIN paper_count AS c
        ORDER BY pr.papers DESC, na.keyword, nb.keyword
        LIMIT $limit
        """;

    /// <summary>Returns the keyword change query of <see cref="GetKeywordPairChangesAsync"/> over the monthly item counts.</summary>
    private static string RollupKeywordChangesSql(string counts) => $"""
        {counts},
        totals AS (
            SELECT coalesce(sum(papers_a) FILTER (WHERE item = 0), 0) AS n_a,
                   coalesce(sum(papers_b) FILTER (WHERE item = 0), 0) AS n_b
            FROM counts
        ),
        frequencies AS (
            SELECT CAST(item AS INTEGER) AS keyword_key, papers_a AS in_a, papers_b AS in_b
            FROM counts
            WHERE item > 0 AND item < {AnalyticsRollup.FirstPairItem}
        ),
        pairs AS (
            SELECT CAST(item >> 32 AS INTEGER) AS key_a, CAST(item & 4294967295 AS INTEGER) AS key_b,
                   papers_a, papers_b
            FROM counts
            WHERE item >= {AnalyticsRollup.FirstPairItem} AND greatest(papers_a, papers_b) >= $min_papers
            ORDER BY greatest(papers_a, papers_b) DESC, papers_b DESC, item
            LIMIT $limit
        ),
        {KeywordChangesTail}
        """;

    /// <summary>Returns the query of <see cref="GetTopicVolumeAsync"/> over the papers per day and topic.</summary>
    private static string RollupTopicVolumeSql(TrendFilter filter)
    {
        var column = TrendSql.DateColumn(filter);
        var basis = filter.DateBasis == DateBasis.Published ? 0 : 1;
        var topicCondition = filter.TopicIds.Count > 0 ? "WHERE list_contains($topic_ids, topic_id)" : string.Empty;
        return $"""
            WITH bounds AS (
                SELECT min({column}) AS first_day, max({column}) AS last_day
                FROM papers AS p
            ),
            days AS (
                SELECT {TrendSql.BinStart(filter.Bin, "day")} AS bin_start, topic_id, papers
                FROM analytics_topic_days
                WHERE basis = {basis} AND day BETWEEN $from AND $to
            ),
            volumes AS (
                SELECT bin_start, topic_id, CAST(sum(papers) AS BIGINT) AS papers
                FROM days
                {topicCondition}
                GROUP BY bin_start, topic_id
            ),
            totals AS (
                SELECT bin_start, CAST(sum(papers) AS BIGINT) AS bin_total
                FROM days
                GROUP BY bin_start
            )
            SELECT v.bin_start, v.topic_id, t.label, v.papers, tot.bin_total,
                   {TrendSql.PartialCondition(filter, "v.bin_start")} AS partial
            FROM volumes AS v
            JOIN totals AS tot ON tot.bin_start = v.bin_start
            CROSS JOIN bounds AS d
            LEFT JOIN named_topics AS t ON t.run_id = (SELECT id FROM model_runs WHERE is_current) AND t.topic_id = v.topic_id
            ORDER BY v.bin_start, v.topic_id
            """;
    }

    /// <summary>
    /// Returns the query of <see cref="GetTopicVolumeAsync"/> with a keyword filter over the
    /// cache: the papers that carry the keywords are grouped from their keyword rows, which
    /// carry topic and days, and the bin totals come from the papers per day and topic.
    /// </summary>
    private static string CachedKeywordVolumeSql(TrendFilter filter)
    {
        var column = TrendSql.DateColumn(filter).Replace("p.", "k.", StringComparison.Ordinal);
        var basis = BasisNumber(filter.DateBasis);
        var topicCondition = filter.TopicIds.Count > 0 ? "WHERE list_contains($topic_ids, topic_id)" : string.Empty;
        return $"""
            WITH bounds AS (
                SELECT min({TrendSql.DateColumn(filter)}) AS first_day, max({TrendSql.DateColumn(filter)}) AS last_day
                FROM papers AS p
            ),
            matched AS (
                SELECT keyword_id, lower(keyword) AS lowered
                FROM analytics_keyword_names
                WHERE list_contains($keywords, lower(keyword))
            ),
            keyword_papers AS (
                SELECT k.paper_id, any_value(k.topic_id) AS topic_id, any_value({column}) AS day
                FROM analytics_keywords AS k
                JOIN matched AS n ON n.keyword_id = k.keyword_id
                WHERE {column} BETWEEN $from AND $to
                GROUP BY k.paper_id
                HAVING count(DISTINCT n.lowered) >= $keyword_count
            ),
            volumes AS (
                SELECT {TrendSql.BinStart(filter.Bin, "day")} AS bin_start, topic_id, count(*) AS papers
                FROM keyword_papers
                {topicCondition}
                GROUP BY bin_start, topic_id
            ),
            totals AS (
                SELECT {TrendSql.BinStart(filter.Bin, "day")} AS bin_start, CAST(sum(papers) AS BIGINT) AS bin_total
                FROM analytics_topic_days
                WHERE basis = {basis} AND day BETWEEN $from AND $to
                GROUP BY bin_start
            )
            SELECT v.bin_start, v.topic_id, t.label, v.papers, tot.bin_total,
                   {TrendSql.PartialCondition(filter, "v.bin_start")} AS partial
            FROM volumes AS v
            JOIN totals AS tot ON tot.bin_start = v.bin_start
            CROSS JOIN bounds AS d
            LEFT JOIN named_topics AS t ON t.run_id = (SELECT id FROM model_runs WHERE is_current) AND t.topic_id = v.topic_id
            ORDER BY v.bin_start, v.topic_id
            """;
    }
}
