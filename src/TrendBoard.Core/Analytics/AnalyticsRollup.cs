using DuckDB.NET.Data;
using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Analytics;

/// <summary>
/// Builds the SQL that counts papers, keywords and keyword pairs over date ranges from the
/// monthly cumulative counts of <see cref="AnalyticsCache"/>, instead of grouping every pair row.
/// </summary>
/// <remarks>
/// <para>
/// C(d), the count of an item on days up to d, is read at the nearest month end: the monthly
/// cumulative count plus the deltas up to that month end, then the cached rows between the month
/// end and d added (month end before d) or taken away (month end after d). The count over
/// [from, to] is C(to) − C(from − 1). So a query reads one month of cumulative rows per range
/// boundary plus at most about half a month of cached rows, whatever the range's length.
/// </para>
/// <para>
/// Item 0 counts papers, items below 2^32 are keyword ids and larger items are keyword pairs.
/// </para>
/// </remarks>
internal static class AnalyticsRollup
{
    /// <summary>The first pair item: items from here on are keyword pairs.</summary>
    public const long FirstPairItem = 1L << 32;

    /// <summary>Returns the expression that packs a keyword pair into one item number.</summary>
    public static string PairItemSql(string keywordA, string keywordB)
    {
        return $"((CAST({keywordA} AS BIGINT) << 32) | CAST({keywordB} AS BIGINT))";
    }

    /// <summary>
    /// Reads the stored days of the cached papers and the month span of the monthly counts for
    /// the filter's date basis, or returns null when no cached paper has a day of that basis.
    /// </summary>
    public static RollupBounds? ReadBounds(DuckDBConnection connection, DateBasis basis, CancellationToken cancellationToken)
    {
        var (column, prefix) = basis == DateBasis.Published ? ("published_on", "published") : ("featured_on", "featured");
        using var command = connection.CreateCommand($"""
            SELECT (SELECT min({column}) FROM analytics_papers), (SELECT max({column}) FROM analytics_papers),
                   (SELECT max({prefix}_first_month) FROM analytics_rollup_state),
                   (SELECT max({prefix}_last_month) FROM analytics_rollup_state)
            """);
        using var reader = command.ExecuteReader(cancellationToken);
        reader.Read();
        if (reader.IsDBNull(0))
        {
            return null;
        }

        var firstMonth = reader.GetNullable<DateOnly>(2);
        var lastMonth = reader.GetNullable<DateOnly>(3);
        return new RollupBounds(
            basis,
            reader.GetFieldValue<DateOnly>(0),
            reader.GetFieldValue<DateOnly>(1),
            firstMonth is null || lastMonth is null ? null : (firstMonth.Value, lastMonth.Value));
    }

    /// <summary>
    /// Returns a query with columns (topic_id, item, papers_a, papers_b) whose sums per item are
    /// the counts of period A and period B, for the items that <paramref name="items"/> keeps
    /// (every item when it is null). Each boundary adds <c>CoefficientA</c>·C(day) to papers_a
    /// and <c>CoefficientB</c>·C(day) to papers_b; the day parameters go into
    /// <paramref name="parameters"/>.
    /// </summary>
    public static string TermsSql(
        RollupBounds? bounds,
        IEnumerable<(DateOnly Day, int CoefficientA, int CoefficientB)> boundaries,
        List<KeyValuePair<string, DateOnly>> parameters,
        RollupItems? items = null)
    {
        items ??= RollupItems.All;
        const string empty = "SELECT CAST(NULL AS INTEGER) AS topic_id, CAST(NULL AS BIGINT) AS item, CAST(0 AS BIGINT) AS papers_a, CAST(0 AS BIGINT) AS papers_b WHERE false";
        if (bounds is null)
        {
            return empty;
        }

        // Days before the first stored day count nothing; days after the last count everything.
        var merged = new SortedDictionary<DateOnly, (int A, int B)>();
        foreach (var (day, a, b) in boundaries)
        {
            if (day < bounds.FirstDay)
            {
                continue;
            }

            var clamped = day > bounds.LastDay ? bounds.LastDay : day;
            var sum = merged.GetValueOrDefault(clamped);
            merged[clamped] = (sum.A + a, sum.B + b);
        }

        var parts = new List<string> { empty };
        foreach (var (day, (a, b)) in merged)
        {
            if (a != 0 || b != 0)
            {
                parts.AddRange(BoundaryTerms(bounds, day, a, b, parameters, items));
            }
        }

        return string.Join("\nUNION ALL\n", parts);
    }

    /// <summary>Returns the SELECTs that add a·C(day) and b·C(day), read from the nearest month end.</summary>
    private static IEnumerable<string> BoundaryTerms(RollupBounds bounds, DateOnly day, int a, int b, List<KeyValuePair<string, DateOnly>> parameters, RollupItems items)
    {
        var basis = bounds.Basis == DateBasis.Published ? 0 : 1;
        var column = bounds.Basis == DateBasis.Published ? "published_on" : "featured_on";
        var (lower, upper) = NearestMonthEnds(bounds, day);
        var lowerDays = lower is null ? day.DayNumber - bounds.FirstDay.DayNumber + 1 : day.DayNumber - lower.Value.DayNumber;
        var upperDays = upper is null ? int.MaxValue : upper.Value.DayNumber - day.DayNumber;

        DateOnly? monthEnd;
        DateOnly rawFrom;
        DateOnly rawTo;
        int rawSign;
        if (lowerDays <= upperDays)
        {
            monthEnd = lower;
            rawFrom = lower?.AddDays(1) ?? bounds.FirstDay;
            rawTo = day;
            rawSign = 1;
        }
        else
        {
            monthEnd = upper;
            rawFrom = day.AddDays(1);
            rawTo = upper!.Value;
            rawSign = -1;
        }

        var name = $"boundary_{parameters.Count}";
        if (monthEnd is not null)
        {
            parameters.Add(new($"{name}_month", new DateOnly(monthEnd.Value.Year, monthEnd.Value.Month, 1)));
            parameters.Add(new($"{name}_month_end", monthEnd.Value));
            yield return $"""
                SELECT topic_id, item, {a} * papers_through, {b} * papers_through
                FROM analytics_item_months
                WHERE basis = {basis} AND month = ${name}_month {items.ItemCondition("item")}
                """;
            yield return $"""
                SELECT topic_id, item, {a} * papers, {b} * papers
                FROM analytics_item_deltas
                WHERE basis = {basis} AND day <= ${name}_month_end {items.ItemCondition("item")}
                """;
        }

        if (rawFrom > rawTo)
        {
            yield break;
        }

        parameters.Add(new($"{name}_from", rawFrom));
        parameters.Add(new($"{name}_to", rawTo));
        var range = $"{column} BETWEEN ${name}_from AND ${name}_to";
        var (rawA, rawB) = (rawSign * a, rawSign * b);
        if (items.Singles)
        {
            yield return $"""
                SELECT topic_id, CAST(0 AS BIGINT), CAST({rawA} AS BIGINT), CAST({rawB} AS BIGINT)
                FROM analytics_papers WHERE {range}
                """;
            yield return $"""
                SELECT topic_id, CAST(keyword_id AS BIGINT), CAST({rawA} AS BIGINT), CAST({rawB} AS BIGINT)
                FROM analytics_keywords WHERE {range}
                """;
        }

        if (items.Pairs)
        {
            var pairCondition = items.PairKeywords is null ? string.Empty : $"AND {items.PairKeywords("keyword_a_id", "keyword_b_id")}";
            yield return $"""
                SELECT topic_id, {PairItemSql("keyword_a_id", "keyword_b_id")}, CAST({rawA} AS BIGINT), CAST({rawB} AS BIGINT)
                FROM analytics_keyword_pairs WHERE {range} {pairCondition}
                """;
        }
    }

    /// <summary>Returns the last month end on or before <paramref name="day"/> and the first on or after it, among the months of the monthly counts.</summary>
    private static (DateOnly? Lower, DateOnly? Upper) NearestMonthEnds(RollupBounds bounds, DateOnly day)
    {
        if (bounds.Months is not { } months)
        {
            return (null, null);
        }

        var month = new DateOnly(day.Year, day.Month, 1);
        var lowerMonth = MonthEnd(month) == day ? month : month.AddMonths(-1);
        if (lowerMonth > months.Last)
        {
            lowerMonth = months.Last;
        }

        var upperMonth = month < months.First ? months.First : month;
        DateOnly? lower = lowerMonth < months.First ? null : MonthEnd(lowerMonth);
        DateOnly? upper = upperMonth > months.Last ? null : MonthEnd(upperMonth);
        return (lower, upper);
    }

    private static DateOnly MonthEnd(DateOnly month) => month.AddMonths(1).AddDays(-1);
}

/// <summary>
/// The items a rollup query counts: papers and single keywords (<paramref name="Singles"/>),
/// keyword pairs (<paramref name="Pairs"/>), and among the pairs only those for which
/// <paramref name="PairKeywords"/> holds when it is set. That function returns a SQL condition
/// on the two keyword id expressions it gets, and it must hold for a pair whichever row the pair
/// is read from, so that every term of a kept pair is summed.
/// </summary>
internal sealed record RollupItems(bool Singles, bool Pairs, Func<string, string, string>? PairKeywords = null)
{
    /// <summary>Every item: papers, keywords and keyword pairs.</summary>
    public static readonly RollupItems All = new(Singles: true, Pairs: true);

    /// <summary>Papers and single keywords, no pairs.</summary>
    public static readonly RollupItems SinglesOnly = new(Singles: true, Pairs: false);

    /// <summary>
    /// Returns the extra condition (starting with AND, or empty) that keeps the counted items
    /// among the rows of a table with an item column. The monthly rows are sorted by item within
    /// each month, so a condition on the item range lets DuckDB's min-max zone maps skip the rest.
    /// </summary>
    public string ItemCondition(string item)
    {
        var first = AnalyticsRollup.FirstPairItem;
        var pairKeywords = PairKeywords is null ? "true" : PairKeywords($"({item} >> 32)", $"({item} & 4294967295)");
        return (Singles, Pairs) switch
        {
            (true, true) when PairKeywords is null => string.Empty,
            (true, true) => $"AND ({item} < {first} OR ({pairKeywords}))",
            (true, false) => $"AND {item} < {first}",
            (false, true) => $"AND {item} >= {first} AND {pairKeywords}",
            (false, false) => "AND false",
        };
    }
}

/// <summary>
/// The first and last cached day of a date basis, and the first and last month of its monthly
/// counts (null when the last full rebuild saw no day of that basis).
/// </summary>
internal sealed record RollupBounds(DateBasis Basis, DateOnly FirstDay, DateOnly LastDay, (DateOnly First, DateOnly Last)? Months);
