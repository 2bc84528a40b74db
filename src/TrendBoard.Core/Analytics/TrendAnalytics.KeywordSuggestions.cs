using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Analytics;

public sealed partial class TrendAnalytics
{
    /// <summary>Jaro-Winkler similarity at or above which a keyword counts as a spelling of another, such as "agents" for "agent".</summary>
    private const double SuggestionSimilarity = 0.85;

    /// <inheritdoc/>
    /// <remarks>
    /// Reads the current run's keywords from <c>paper_keywords</c>, so it works whether or not
    /// the analytics cache is current. It groups every keyword row of the run (about 8 million at
    /// 1,000,000 papers; the time was not measured), and callers run it only for a keyword filter.
    /// </remarks>
    public Task<IReadOnlyList<KeywordCheck>> CheckKeywordsAsync(IReadOnlyList<string> keywords, int suggestions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentOutOfRangeException.ThrowIfNegative(suggestions);

        var requested = keywords
            .Where(keyword => !string.IsNullOrWhiteSpace(keyword))
            .Select(keyword => keyword.Trim().ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (requested.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<KeywordCheck>>([]);
        }

        // Keyword filters match ignoring case, so the known keywords are compared in lower case too.
        const string sql = """
            WITH run_keywords AS (
                SELECT lower(keyword) AS keyword, count(DISTINCT paper_id) AS papers
                FROM paper_keywords
                WHERE run_id = (SELECT id FROM model_runs WHERE is_current)
                GROUP BY lower(keyword)
            )
            SELECT r.requested, k.keyword, k.papers, jaro_winkler_similarity(r.requested, k.keyword) AS similarity
            FROM (SELECT unnest($requested) AS requested) AS r
            JOIN run_keywords AS k
              ON k.keyword = r.requested OR jaro_winkler_similarity(r.requested, k.keyword) >= $similarity
            ORDER BY r.requested, similarity DESC, k.papers DESC, k.keyword
            """;

        return _store.RunAsync<IReadOnlyList<KeywordCheck>>((connection, token) =>
        {
            using var command = connection.CreateCommand(sql)
                .Bind("requested", requested.ToArray())
                .Bind("similarity", SuggestionSimilarity);
            using var reader = command.ExecuteReader(token);
            var papers = new Dictionary<string, int>(StringComparer.Ordinal);
            var similar = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            while (reader.Read())
            {
                var keyword = reader.GetString(0);
                var known = reader.GetString(1);
                if (known == keyword)
                {
                    papers[keyword] = (int)reader.GetInt64(2);
                    continue;
                }

                var list = similar.TryGetValue(keyword, out var found) ? found : similar[keyword] = [];
                if (list.Count < suggestions)
                {
                    list.Add(known);
                }
            }

            return requested
                .Select(keyword => new KeywordCheck(
                    keyword,
                    papers.GetValueOrDefault(keyword),
                    similar.TryGetValue(keyword, out var list) ? list : []))
                .ToList();
        }, cancellationToken);
    }
}
