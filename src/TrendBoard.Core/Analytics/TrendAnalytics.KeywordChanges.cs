using DuckDB.NET.Data;
using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Analytics;

public sealed partial class TrendAnalytics
{
    /// <summary>The end of the keyword change query: scores, names and sorts the <c>pairs</c> with <c>frequencies</c> and <c>totals</c>.</summary>
    private const string KeywordChangesTail = """
        scored AS (
            SELECT na.keyword AS keyword_a, nb.keyword AS keyword_b, pr.papers_a, pr.papers_b,
                   fa.in_a AS a_in_a, fb.in_a AS b_in_a, fa.in_b AS a_in_b, fb.in_b AS b_in_b
            FROM pairs AS pr
            JOIN keyword_names AS na ON na.keyword_key = pr.key_a
            JOIN keyword_names AS nb ON nb.keyword_key = pr.key_b
            JOIN frequencies AS fa ON fa.keyword_key = pr.key_a
            JOIN frequencies AS fb ON fb.keyword_key = pr.key_b
            ORDER BY greatest(pr.papers_a, pr.papers_b) DESC, pr.papers_b DESC, na.keyword, nb.keyword
            LIMIT $limit
        )
        SELECT c.n_a, c.n_b, s.keyword_a, s.keyword_b, s.papers_a, s.papers_b, s.a_in_a, s.b_in_a, s.a_in_b, s.b_in_b
        FROM totals AS c
        LEFT JOIN scored AS s ON true
        ORDER BY greatest(s.papers_a, s.papers_b) DESC, s.papers_b DESC, s.keyword_a, s.keyword_b
        """;

    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// Each period counts the papers of the filter (topics, keywords, date basis) whose day lies
    /// in it. Both periods must lie inside the filter's range, and A must end before B starts.
    /// Without periods, A is the first half of the range and B the second, so the range must
    /// span at least two days.
    /// </para>
    /// <para>
    /// A pair appears when it shares at least <see cref="KeywordChangeOptions.MinPapers"/> papers
    /// in A or in B. Share is pair papers over all filtered papers of the period (0 for an empty
    /// period); Dice and NPMI are computed per period as in <see cref="GetKeywordPairsAsync"/>.
    /// A pair without papers in a period has Dice 0 and NPMI −1, the limit of NPMI as the joint
    /// probability goes to 0.
    /// </para>
    /// <para>
    /// Status, with r = <see cref="KeywordChangeOptions.GrowthRatio"/>: new when A has no pair
    /// papers, gone when B has none, growing when ShareB ≥ r·ShareA, fading when
    /// ShareB ≤ ShareA / r, and stable otherwise.
    /// </para>
    /// <para>
    /// Pairs sort by the larger of their two counts, then by the count in B (both largest
    /// first), then by keyword (ordinal); at most <see cref="KeywordChangeOptions.Limit"/> pairs.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException">A period lies outside the range, the periods overlap or are out of order, only one period is set, or the range has one day and no periods are set.</exception>
    /// <exception cref="ArgumentOutOfRangeException">MinPapers or Limit is less than 1, or GrowthRatio is not above 1.</exception>
    public Task<KeywordChangeReport> GetKeywordPairChangesAsync(TrendFilter filter, KeywordChangeOptions options, CancellationToken cancellationToken)
    {
        ValidateFilter(filter);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinPapers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Limit, 1);
        if (!(options.GrowthRatio > 1) || double.IsInfinity(options.GrowthRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.GrowthRatio, "GrowthRatio must be a finite number above 1, for example 1.5.");
        }

        var (periodA, periodB) = ResolvePeriods(filter, options);
        var column = TrendSql.DateColumn(filter);
        string Sql(bool cached) => $"""
            {TrendSql.Prelude(filter, cached)},
            totals AS (
                SELECT count(*) FILTER (WHERE {column} <= $a_to) AS n_a, count(*) FILTER (WHERE {column} >= $b_from) AS n_b
                FROM run_papers AS p
                WHERE ({column} BETWEEN $a_from AND $a_to OR {column} BETWEEN $b_from AND $b_to)
                  {TrendSql.SelectedCondition(filter, "p.paper_id", "p.topic_id")}
            ),
            frequencies AS (
                SELECT p.keyword_key,
                       count(*) FILTER (WHERE {column} <= $a_to) AS in_a,
                       count(*) FILTER (WHERE {column} >= $b_from) AS in_b
                FROM run_keywords AS p
                WHERE ({column} BETWEEN $a_from AND $a_to OR {column} BETWEEN $b_from AND $b_to)
                  {TrendSql.SelectedCondition(filter, "p.paper_id", "p.topic_id")}
                GROUP BY p.keyword_key
            ),
            pairs AS (
                SELECT p.key_a, p.key_b,
                       count(*) FILTER (WHERE {column} <= $a_to) AS papers_a,
                       count(*) FILTER (WHERE {column} >= $b_from) AS papers_b
                FROM run_pairs AS p
                WHERE ({column} BETWEEN $a_from AND $a_to OR {column} BETWEEN $b_from AND $b_to)
                  {TrendSql.SelectedCondition(filter, "p.paper_id", "p.topic_id")}
                GROUP BY p.key_a, p.key_b
                HAVING greatest(papers_a, papers_b) >= $min_papers
            ),
            {KeywordChangesTail}
            """;

        return _store.RunAsync((connection, token) =>
        {
            var cached = AnalyticsCache.Prepare(connection, _store, token);
            long totalA = 0;
            long totalB = 0;
            List<KeywordPairChange> Read(DuckDBCommand command)
            {
                command.Bind("min_papers", options.MinPapers).Bind("limit", options.Limit);
                (totalA, totalB, var pairs) = ReadKeywordChanges(command, options.GrowthRatio, token);
                return pairs;
            }

            List<KeywordPairChange> pairs;
            if (CanUseRollup(cached, filter))
            {
                pairs = RunWithItemThreshold(
                    connection,
                    filter,
                    periodA,
                    periodB,
                    options.MinPapers,
                    options.Limit,
                    selection =>
                    {
                        var rollupParameters = new List<KeyValuePair<string, DateOnly>>();
                        var rollupSql = RollupKeywordChangesSql(RollupCountsSql(connection, filter, periodA, periodB, rollupParameters, selection, token));
                        using var command = BindRollup(connection.CreateCommand(rollupSql), filter, rollupParameters, selection);
                        return Read(command);
                    },
                    pair => Math.Max(pair.PapersA, pair.PapersB),
                    token);
            }
            else
            {
                using var command = TrendSql.BindFilter(connection.CreateCommand(Sql(cached)), filter)
                    .Bind("a_from", periodA.From)
                    .Bind("a_to", periodA.To)
                    .Bind("b_from", periodB.From)
                    .Bind("b_to", periodB.To);
                pairs = Read(command);
            }

            return new KeywordChangeReport(periodA, (int)totalA, periodB, (int)totalB, pairs);
        }, cancellationToken);
    }

    /// <summary>Reads the paper totals of both periods and the scored pairs of a keyword change query.</summary>
    private static (long TotalA, long TotalB, List<KeywordPairChange> Pairs) ReadKeywordChanges(DuckDBCommand command, double growthRatio, CancellationToken cancellationToken)
    {
        using var reader = command.ExecuteReader(cancellationToken);
        long totalA = 0;
        long totalB = 0;
        var pairs = new List<KeywordPairChange>();
        while (reader.Read())
        {
            totalA = reader.GetInt64(0);
            totalB = reader.GetInt64(1);
            if (reader.IsDBNull(2))
            {
                continue;
            }

            var papersA = reader.GetInt64(4);
            var papersB = reader.GetInt64(5);
            var shareA = totalA == 0 ? 0 : (double)papersA / totalA;
            var shareB = totalB == 0 ? 0 : (double)papersB / totalB;
            pairs.Add(new KeywordPairChange(
                reader.GetString(2),
                reader.GetString(3),
                (int)papersA,
                shareA,
                DiceOrZero(papersA, reader.GetInt64(6), reader.GetInt64(7)),
                NpmiOrLimit(papersA, reader.GetInt64(6), reader.GetInt64(7), totalA),
                (int)papersB,
                shareB,
                DiceOrZero(papersB, reader.GetInt64(8), reader.GetInt64(9)),
                NpmiOrLimit(papersB, reader.GetInt64(8), reader.GetInt64(9), totalB),
                PairStatus(papersA, shareA, papersB, shareB, growthRatio)));
        }

        return (totalA, totalB, pairs);
    }

    /// <summary>Applies the status rule documented on <see cref="GetKeywordPairChangesAsync"/>.</summary>
    internal static KeywordPairStatus PairStatus(long papersA, double shareA, long papersB, double shareB, double growthRatio)
    {
        if (papersA == 0)
        {
            return KeywordPairStatus.New;
        }

        if (papersB == 0)
        {
            return KeywordPairStatus.Gone;
        }

        if (shareB >= growthRatio * shareA)
        {
            return KeywordPairStatus.Growing;
        }

        return shareB <= shareA / growthRatio ? KeywordPairStatus.Fading : KeywordPairStatus.Stable;
    }

    private static (DayRange A, DayRange B) ResolvePeriods(TrendFilter filter, KeywordChangeOptions options)
    {
        if (options.PeriodA is null && options.PeriodB is null)
        {
            var days = filter.To.DayNumber - filter.From.DayNumber + 1;
            if (days < 2)
            {
                throw new ArgumentException(
                    $"The range {filter.From:yyyy-MM-dd}..{filter.To:yyyy-MM-dd} has one day, so it cannot be split into two halves; widen the range or set both comparison periods (period A and period B).",
                    nameof(filter));
            }

            var lastOfA = filter.From.AddDays((days / 2) - 1);
            return (new DayRange(filter.From, lastOfA), new DayRange(lastOfA.AddDays(1), filter.To));
        }

        if (options.PeriodA is null || options.PeriodB is null)
        {
            var setPeriod = options.PeriodA is null ? "period B" : "period A";
            throw new ArgumentException(
                $"Only {setPeriod} is set; set both comparison periods (period A and period B), or neither to compare the two halves of the range.",
                nameof(options));
        }

        var range = new DayRange(filter.From, filter.To);
        foreach (var (name, period) in new[] { ("A", options.PeriodA), ("B", options.PeriodB) })
        {
            if (!range.Contains(period.From) || !range.Contains(period.To))
            {
                throw new ArgumentException(
                    $"Period {name} {period.From:yyyy-MM-dd}..{period.To:yyyy-MM-dd} is not inside the range {filter.From:yyyy-MM-dd}..{filter.To:yyyy-MM-dd}; widen the range or move period {name}.",
                    nameof(options));
            }
        }

        if (options.PeriodA.To >= options.PeriodB.From)
        {
            throw new ArgumentException(
                $"Period A {options.PeriodA.From:yyyy-MM-dd}..{options.PeriodA.To:yyyy-MM-dd} must end before period B {options.PeriodB.From:yyyy-MM-dd}..{options.PeriodB.To:yyyy-MM-dd} starts; give the earlier period as period A.",
                nameof(options));
        }

        return (options.PeriodA, options.PeriodB);
    }

    private static double DiceOrZero(long both, long first, long second)
    {
        return first + second == 0 ? 0 : Dice(both, first, second);
    }

    private static double NpmiOrLimit(long both, long first, long second, long total)
    {
        return both == 0 ? -1 : Npmi(both, first, second, total);
    }
}
