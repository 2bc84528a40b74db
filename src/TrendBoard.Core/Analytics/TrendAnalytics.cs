using DuckDB.NET.Data;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Analytics;

/// <summary>
/// The analytics queries over a <see cref="TrendStore"/>, computed in DuckDB.
/// </summary>
/// <remarks>
/// <para>
/// Every query reads the current topic model run and counts only papers that run assigned a
/// topic (outliers included, as topic -1), so papers imported after the run are left out
/// until the next run. Without a current run every list is empty.
/// </para>
/// <para>
/// Time bins are named by their first day: a day, the Monday of an ISO week, or the first of a
/// month. A bin is <c>Partial</c> when the filter's range or the stored data cuts it short: it
/// starts before <see cref="TrendFilter.From"/> or before the first stored paper day, or ends
/// after <see cref="TrendFilter.To"/> or after the last stored paper day (days of the filter's
/// <see cref="DateBasis"/>, over all stored papers). Day bins are never partial.
/// </para>
/// <para>
/// Only (bin, topic) pairs with at least one paper are returned; a chart that needs zeros
/// fills them in.
/// </para>
/// </remarks>
public sealed partial class TrendAnalytics : ITrendAnalytics
{
    /// <summary>The label of topic -1, which contains the papers no topic fits.</summary>
    public const string OutlierLabel = "Outliers";

    private readonly TrendStore _store;

    /// <summary>Creates the queries over an open store; the store must stay open while they run.</summary>
    public TrendAnalytics(TrendStore store)
    {
        ArgumentNullException.ThrowIfNull(store);

        _store = store;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The first and last publication days skip papers whose day is an estimate
    /// (<c>date_uncertain</c>), such as rows of a CSV file without a date column dated by the
    /// file's modification time, so one such file cannot stretch the default range to today.
    /// When every paper's day is an estimate, they cover all papers.
    /// </remarks>
    public Task<CorpusSummary> GetSummaryAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT count(*),
                   coalesce(min(published_on) FILTER (WHERE NOT date_uncertain), min(published_on)),
                   coalesce(max(published_on) FILTER (WHERE NOT date_uncertain), max(published_on)),
                   (SELECT id FROM model_runs WHERE is_current),
                   count(*) FILTER (WHERE date_uncertain)
            FROM papers
            """;

        return _store.RunAsync((connection, token) =>
        {
            using var command = connection.CreateCommand(sql);
            using var reader = command.ExecuteReader(token);
            reader.Read();

            return new CorpusSummary(
                (int)reader.GetInt64(0),
                reader.GetNullable<DateOnly>(1),
                reader.GetNullable<DateOnly>(2),
                reader.GetNullable<long>(3))
            {
                UncertainDatePapers = (int)reader.GetInt64(4),
            };
        }, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>Topic -1 appears only when the model run stored it as a topic.</remarks>
    public Task<IReadOnlyList<TopicInfo>> GetTopicsAsync(CancellationToken cancellationToken)
    {
        return _store.RunAsync<IReadOnlyList<TopicInfo>>(ReadTopics, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <c>BinTotal</c> counts every paper of the bin in the range, of all topics including
    /// outliers, whatever <see cref="TrendFilter.TopicIds"/> and <see cref="TrendFilter.Keywords"/>
    /// keep, so <c>Share</c> is the selected papers' part of the whole bin.
    /// </remarks>
    public Task<IReadOnlyList<TopicVolumePoint>> GetTopicVolumeAsync(TrendFilter filter, CancellationToken cancellationToken)
    {
        ValidateFilter(filter);

        string Sql(bool cached) => $"""
            {TrendSql.BinnedPapers(filter, cached)},
            volumes AS (
                SELECT bin_start, topic_id, count(*) AS papers
                FROM binned
                WHERE selected
                GROUP BY bin_start, topic_id
            ),
            totals AS (
                SELECT bin_start, count(*) AS bin_total
                FROM binned
                GROUP BY bin_start
            )
            SELECT v.bin_start, v.topic_id, t.label, v.papers, tot.bin_total,
                   {TrendSql.PartialCondition(filter, "v.bin_start")} AS partial
            FROM volumes AS v
            JOIN totals AS tot ON tot.bin_start = v.bin_start
            CROSS JOIN bounds AS d
            LEFT JOIN named_topics AS t ON t.run_id = (SELECT id FROM current_run) AND t.topic_id = v.topic_id
            ORDER BY v.bin_start, v.topic_id
            """;

        return _store.RunAsync<IReadOnlyList<TopicVolumePoint>>((connection, token) =>
        {
            var cached = AnalyticsCache.Prepare(connection, _store, token);
            var sql = CanUseRollup(cached, filter)
                ? RollupTopicVolumeSql(filter)
                : cached ? CachedKeywordVolumeSql(filter) : Sql(cached);
            using var command = TrendSql.BindFilter(connection.CreateCommand(sql), filter);
            using var reader = command.ExecuteReader(token);

            var points = new List<TopicVolumePoint>();
            while (reader.Read())
            {
                var topicId = reader.GetInt32(1);
                var papers = (int)reader.GetInt64(3);
                var binTotal = (int)reader.GetInt64(4);
                points.Add(new TopicVolumePoint(
                    reader.GetFieldValue<DateOnly>(0),
                    topicId,
                    LabelFor(topicId, reader.IsDBNull(2) ? null : reader.GetString(2)),
                    papers,
                    Share: (double)papers / binTotal,
                    binTotal,
                    reader.GetBoolean(5)));
            }

            return points;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// The papers in the filter are those the current run assigned and whose day falls in the
    /// range (and whose topic and keywords the filter keeps). With N such papers, n_a of them carrying keyword a and
    /// n_ab carrying both: Dice = 2·n_ab / (n_a + n_b), and NPMI = ln(p_ab / (p_a·p_b)) / −ln(p_ab)
    /// with p = n / N. When every paper carries both keywords, p_ab = 1 and NPMI is 1.
    /// </para>
    /// <para>Keywords are compared as stored (case-sensitive); pairs are ordered so that
    /// <c>KeywordA</c> sorts before <c>KeywordB</c> (ordinal), and ties in count sort by name.</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minPapers"/> or <paramref name="limit"/> is less than 1.</exception>
    public Task<IReadOnlyList<KeywordPair>> GetKeywordPairsAsync(TrendFilter filter, int minPapers, int limit, CancellationToken cancellationToken)
    {
        ValidateFilter(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(minPapers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);

        string Sql(bool cached) => $"""
            {TrendSql.Prelude(filter, cached)},
            paper_count AS (
                SELECT count(*) AS n
                FROM run_papers AS p
                WHERE {TrendSql.DateColumn(filter)} BETWEEN $from AND $to
                  {TrendSql.SelectedCondition(filter, "p.paper_id", "p.topic_id")}
            ),
            frequencies AS (
                SELECT p.keyword_key, count(*) AS papers
                FROM run_keywords AS p
                WHERE {TrendSql.DateColumn(filter)} BETWEEN $from AND $to
                  {TrendSql.SelectedCondition(filter, "p.paper_id", "p.topic_id")}
                GROUP BY p.keyword_key
            ),
            pairs AS (
                SELECT p.key_a, p.key_b, count(*) AS papers
                FROM run_pairs AS p
                WHERE {TrendSql.DateColumn(filter)} BETWEEN $from AND $to
                  {TrendSql.SelectedCondition(filter, "p.paper_id", "p.topic_id")}
                GROUP BY p.key_a, p.key_b
                HAVING count(*) >= $min_papers
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

        return _store.RunAsync<IReadOnlyList<KeywordPair>>((connection, token) =>
        {
            var cached = AnalyticsCache.Prepare(connection, _store, token);
            if (!CanUseRollup(cached, filter))
            {
                using var command = TrendSql.BindFilter(connection.CreateCommand(Sql(cached)), filter);
                return ReadKeywordPairs(command.Bind("min_papers", minPapers).Bind("limit", limit), token);
            }

            var range = new DayRange(filter.From, filter.To);
            return RunWithItemThreshold(
                connection,
                filter,
                range,
                null,
                minPapers,
                limit,
                selection =>
                {
                    var rollupParameters = new List<KeyValuePair<string, DateOnly>>();
                    var rollupSql = RollupKeywordPairsSql(RollupCountsSql(connection, filter, range, null, rollupParameters, selection, token));
                    using var command = BindRollup(connection.CreateCommand(rollupSql), filter, rollupParameters, selection)
                        .Bind("min_papers", minPapers)
                        .Bind("limit", limit);
                    return ReadKeywordPairs(command, token);
                },
                pair => pair.Papers,
                token);
        }, cancellationToken);
    }

    private static List<KeywordPair> ReadKeywordPairs(DuckDBCommand command, CancellationToken cancellationToken)
    {
        using var reader = command.ExecuteReader(cancellationToken);
        var pairs = new List<KeywordPair>();
        while (reader.Read())
        {
            var both = reader.GetInt64(2);
            var first = reader.GetInt64(3);
            var second = reader.GetInt64(4);
            var total = reader.GetInt64(5);
            pairs.Add(new KeywordPair(reader.GetString(0), reader.GetString(1), (int)both, Dice(both, first, second), Npmi(both, first, second, total)));
        }

        return pairs;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Counts only papers with a known upvote count (the latest observation stored with the
    /// paper); <c>UpvoteMedian</c> is the mean of the two middle counts when a bin has an even
    /// number of papers.
    /// </remarks>
    public Task<IReadOnlyList<TopicUpvotePoint>> GetTopicUpvotesAsync(TrendFilter filter, CancellationToken cancellationToken)
    {
        ValidateFilter(filter);

        string Sql(bool cached) => $"""
            {TrendSql.BinnedPapers(filter, cached)},
            upvotes AS (
                SELECT bin_start, topic_id, count(*) AS papers,
                       CAST(sum(upvotes) AS BIGINT) AS upvote_sum,
                       quantile_cont(upvotes, 0.5) AS upvote_median,
                       max(upvotes) AS upvote_max
                FROM binned
                WHERE upvotes IS NOT NULL
                  AND selected
                GROUP BY bin_start, topic_id
            )
            SELECT u.bin_start, u.topic_id, t.label, u.papers, u.upvote_sum, u.upvote_median, u.upvote_max,
                   {TrendSql.PartialCondition(filter, "u.bin_start")} AS partial
            FROM upvotes AS u
            CROSS JOIN bounds AS d
            LEFT JOIN named_topics AS t ON t.run_id = (SELECT id FROM current_run) AND t.topic_id = u.topic_id
            ORDER BY u.bin_start, u.topic_id
            """;

        return _store.RunAsync<IReadOnlyList<TopicUpvotePoint>>((connection, token) =>
        {
            var cached = AnalyticsCache.Prepare(connection, _store, token);
            DuckDBCommand command;
            if (CanUseRollup(cached, filter))
            {
                var wholeBins = WholeBins(filter.Bin, filter.From, filter.To, ReadCachedDays(connection, filter.DateBasis, token));
                command = BindWholeBins(TrendSql.BindFilter(connection.CreateCommand(CachedTopicUpvotesSql(filter, wholeBins)), filter), wholeBins);
            }
            else
            {
                command = TrendSql.BindFilter(connection.CreateCommand(Sql(cached)), filter);
            }

            using var disposeCommand = command;
            using var reader = command.ExecuteReader(token);

            var points = new List<TopicUpvotePoint>();
            while (reader.Read())
            {
                var topicId = reader.GetInt32(1);
                points.Add(new TopicUpvotePoint(
                    reader.GetFieldValue<DateOnly>(0),
                    topicId,
                    LabelFor(topicId, reader.IsDBNull(2) ? null : reader.GetString(2)),
                    (int)reader.GetInt64(3),
                    reader.GetInt64(4),
                    reader.GetDouble(5),
                    reader.GetInt32(6),
                    reader.GetBoolean(7)));
            }

            return points;
        }, cancellationToken);
    }

    /// <summary>Reads the topics of the current run with their terms, by topic id.</summary>
    private static List<TopicInfo> ReadTopics(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        const string topicsSql = """
            SELECT topic_id, label, size
            FROM named_topics
            WHERE run_id = (SELECT id FROM model_runs WHERE is_current)
            ORDER BY topic_id
            """;
        const string termsSql = """
            SELECT topic_id, rank, term, score
            FROM topic_terms
            WHERE run_id = (SELECT id FROM model_runs WHERE is_current)
            ORDER BY topic_id, rank
            """;

        var terms = new Dictionary<int, List<TopicTerm>>();
        using (var command = connection.CreateCommand(termsSql))
        using (var reader = command.ExecuteReader(cancellationToken))
        {
            while (reader.Read())
            {
                var topicId = reader.GetInt32(0);
                if (!terms.TryGetValue(topicId, out var list))
                {
                    list = [];
                    terms.Add(topicId, list);
                }

                list.Add(new TopicTerm(reader.GetInt32(1), reader.GetString(2), reader.GetDouble(3)));
            }
        }

        var topics = new List<TopicInfo>();
        using (var command = connection.CreateCommand(topicsSql))
        using (var reader = command.ExecuteReader(cancellationToken))
        {
            while (reader.Read())
            {
                var topicId = reader.GetInt32(0);
                topics.Add(new TopicInfo(topicId, reader.GetString(1), reader.GetInt32(2), terms.GetValueOrDefault(topicId) ?? []));
            }
        }

        return topics;
    }

    /// <summary>Returns the stored label, "Outliers" for topic -1, or "Topic N" for a topic the run did not label.</summary>
    private static string LabelFor(int topicId, string? storedLabel)
    {
        if (storedLabel is not null)
        {
            return storedLabel;
        }

        return topicId == -1 ? OutlierLabel : $"Topic {topicId}";
    }

    private static double Dice(long both, long first, long second)
    {
        return 2.0 * both / (first + second);
    }

    private static double Npmi(long both, long first, long second, long total)
    {
        if (both == total)
        {
            return 1.0;
        }

        var pBoth = (double)both / total;
        var pFirst = (double)first / total;
        var pSecond = (double)second / total;

        // Rounding can push the ratio just past the bounds, for example to 1.0000000000000007
        // for a pair on 9 of 10 papers, so the result is clamped to NPMI's range [-1, 1].
        return Math.Clamp(Math.Log(pBoth / (pFirst * pSecond)) / -Math.Log(pBoth), -1.0, 1.0);
    }

    private static void ValidateFilter(TrendFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);

        if (filter.From > filter.To)
        {
            throw new ArgumentException(
                $"The date range is inverted: From {filter.From:yyyy-MM-dd} is after To {filter.To:yyyy-MM-dd}. Pass a From day on or before the To day, or swap the two dates.",
                nameof(filter));
        }

        if (!Enum.IsDefined(filter.Bin))
        {
            throw new ArgumentOutOfRangeException(nameof(filter), filter.Bin, "The time bin must be Day, Week or Month.");
        }

        if (!Enum.IsDefined(filter.DateBasis))
        {
            throw new ArgumentOutOfRangeException(nameof(filter), filter.DateBasis, "The date basis must be Published or Featured.");
        }

        if (filter.TopicIds is null)
        {
            throw new ArgumentException("TopicIds is null; pass an empty list to keep every topic.", nameof(filter));
        }

        ValidateKeywords(filter.Keywords, nameof(filter));

        if (!Enum.IsDefined(filter.KeywordMatch))
        {
            throw new ArgumentOutOfRangeException(nameof(filter), filter.KeywordMatch, "The keyword match must be All or Any.");
        }
    }

    private static void ValidateKeywords(IReadOnlyList<string> keywords, string parameterName)
    {
        if (keywords is null)
        {
            throw new ArgumentException("Keywords is null; pass an empty list to keep every paper.", parameterName);
        }

        if (keywords.Count > TrendFilter.MaxKeywords)
        {
            throw new ArgumentException(
                $"{keywords.Count} keywords were given, but at most {TrendFilter.MaxKeywords} are accepted; remove some keywords.",
                parameterName);
        }

        for (var i = 0; i < keywords.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(keywords[i]))
            {
                throw new ArgumentException($"Keyword {i} is empty; remove it or give the keyword text.", parameterName);
            }
        }
    }
}
