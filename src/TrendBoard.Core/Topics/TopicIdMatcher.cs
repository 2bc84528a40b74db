namespace TrendBoard.Core.Topics;

/// <summary>How a topic of a new run relates to the topics of the previous run.</summary>
public enum TopicLineageKind
{
    /// <summary>The topic continues one previous topic and keeps its id.</summary>
    Continued,

    /// <summary>The topic resembles no previous topic and gets a fresh id.</summary>
    New,

    /// <summary>
    /// The topic resembles a previous topic that another new topic continues, so the previous
    /// topic split in two or more; it gets a fresh id.
    /// </summary>
    Split,

    /// <summary>
    /// The topic continues one previous topic (and keeps its id) and also resembles previous
    /// topics that no new topic continues, so those merged into it.
    /// </summary>
    Merged,
}

/// <summary>
/// Where one topic of a new run comes from.
/// </summary>
/// <param name="TopicId">The topic's stable id in the new run.</param>
/// <param name="Kind">How it relates to the previous run.</param>
/// <param name="PreviousTopicIds">
/// The previous topics it continues, splits from or absorbs, the continued one first; empty for
/// <see cref="TopicLineageKind.New"/>.
/// </param>
/// <param name="Similarity">Cosine similarity of the term scores to the first previous topic, 0 for a new topic.</param>
public sealed record TopicLineage(int TopicId, TopicLineageKind Kind, IReadOnlyList<int> PreviousTopicIds, double Similarity);

/// <summary>
/// The outcome of matching a new run's topics to the previous run's.
/// </summary>
/// <param name="Topics">The new run's topics, in their original order, with stable ids.</param>
/// <param name="StableIdOfTopic">The stable id of each new topic, by the id the new run gave it.</param>
/// <param name="Lineage">One entry per new topic, in the order of <paramref name="Topics"/>.</param>
/// <param name="EndedTopicIds">Previous topics that no new topic continues or absorbs, ascending.</param>
public sealed record TopicMatch(
    IReadOnlyList<TopicInfo> Topics,
    IReadOnlyDictionary<int, int> StableIdOfTopic,
    IReadOnlyList<TopicLineage> Lineage,
    IReadOnlyList<int> EndedTopicIds);

/// <summary>
/// Gives the topics of a re-run stable ids: a topic that matches a previous topic keeps that
/// topic's id, so charts and links keep following it across runs.
/// </summary>
/// <remarks>
/// Topics are compared by the cosine similarity of their term scores (terms as keys, so runs with
/// different vocabularies compare). The one-to-one matching maximises the summed similarity
/// (Hungarian algorithm) over pairs at or above the threshold. Unmatched new topics get fresh ids
/// above every previous id. The functions are pure: they read topic lists and return new ones.
/// </remarks>
public static class TopicIdMatcher
{
    /// <summary>
    /// Default minimum similarity for two topics to count as the same. Re-fits of the bundled
    /// Daily Papers corpus with other seeds match most topics well above it, while unrelated
    /// topics share few terms and stay far below it.
    /// </summary>
    public const double DefaultMinSimilarity = 0.3;

    /// <summary>
    /// Matches <paramref name="current"/> topics to <paramref name="previous"/> ones and returns
    /// the current topics with stable ids and their lineage.
    /// </summary>
    /// <param name="previous">The previous run's topics with their stable ids (distinct).</param>
    /// <param name="current">The new run's topics, ids as the new run numbered them (distinct).</param>
    /// <param name="minSimilarity">Similarity at or above which two topics can be matched, in (0, 1].</param>
    /// <exception cref="ArgumentException">Ids repeat within a list, or the threshold is out of range.</exception>
    public static TopicMatch Match(
        IReadOnlyList<TopicInfo> previous,
        IReadOnlyList<TopicInfo> current,
        double minSimilarity = DefaultMinSimilarity)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        if (!(minSimilarity > 0 && minSimilarity <= 1))
        {
            throw new ArgumentException($"minSimilarity must be in (0, 1], but was {minSimilarity}.", nameof(minSimilarity));
        }

        RequireDistinctIds(previous, nameof(previous));
        RequireDistinctIds(current, nameof(current));

        var similarity = new double[current.Count, previous.Count];
        for (var c = 0; c < current.Count; c++)
        {
            for (var p = 0; p < previous.Count; p++)
            {
                similarity[c, p] = TermSimilarity(current[c].Terms, previous[p].Terms);
            }
        }

        var previousOfCurrent = MaximumMatching(similarity, minSimilarity);
        var continued = new HashSet<int>(previousOfCurrent.Where(p => p >= 0));
        var absorbed = new HashSet<int>();
        var nextId = previous.Count == 0 ? 0 : previous.Max(t => t.TopicId) + 1;

        var stableIds = new int[current.Count];
        var lineage = new TopicLineage[current.Count];
        for (var c = 0; c < current.Count; c++)
        {
            var matched = previousOfCurrent[c];
            if (matched >= 0)
            {
                // Previous topics that no new topic continues but that this one resembles merged into it.
                var merged = Enumerable.Range(0, previous.Count)
                    .Where(p => p != matched && !continued.Contains(p) && similarity[c, p] >= minSimilarity)
                    .ToArray();
                absorbed.UnionWith(merged);
                stableIds[c] = previous[matched].TopicId;
                lineage[c] = new TopicLineage(
                    stableIds[c],
                    merged.Length == 0 ? TopicLineageKind.Continued : TopicLineageKind.Merged,
                    [previous[matched].TopicId, .. merged.Select(p => previous[p].TopicId)],
                    similarity[c, matched]);
                continue;
            }

            stableIds[c] = nextId++;
            var source = BestPrevious(similarity, c, previous.Count);
            lineage[c] = source >= 0 && similarity[c, source] >= minSimilarity
                ? new TopicLineage(stableIds[c], TopicLineageKind.Split, [previous[source].TopicId], similarity[c, source])
                : new TopicLineage(stableIds[c], TopicLineageKind.New, [], 0);
        }

        var topics = current.Select((t, c) => t with { TopicId = stableIds[c] }).ToArray();
        var idMap = current.Select((t, c) => (t.TopicId, stableIds[c])).ToDictionary(e => e.TopicId, e => e.Item2);
        var ended = Enumerable.Range(0, previous.Count)
            .Where(p => !continued.Contains(p) && !absorbed.Contains(p))
            .Select(p => previous[p].TopicId)
            .Order()
            .ToArray();
        return new TopicMatch(topics, idMap, lineage, ended);
    }

    /// <summary>
    /// Returns <paramref name="result"/> with the stable ids of <paramref name="match"/> applied to
    /// its topics, assignments (outliers stay -1) and model, and the match's lineage recorded.
    /// </summary>
    /// <remarks>
    /// The topics keep their order (largest first), but their ids are no longer 0 to n-1.
    /// </remarks>
    /// <exception cref="ArgumentException">An assignment names a topic the match does not know.</exception>
    public static TopicModelResult Renumber(TopicModelResult result, TopicMatch match)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(match);

        var assignments = result.Assignments
            .Select(a =>
            {
                if (a.TopicId < 0)
                {
                    return a;
                }

                return match.StableIdOfTopic.TryGetValue(a.TopicId, out var stable)
                    ? a with { TopicId = stable }
                    : throw new ArgumentException($"Paper '{a.PaperId}' is assigned to topic {a.TopicId}, which the match does not contain; match the topics of this result.", nameof(match));
            })
            .ToArray();
        // The model keeps assigning new papers to the same topics as the renumbered result.
        var model = result.Model?.WithTopicIds(match.StableIdOfTopic);
        return result with { Topics = match.Topics, Assignments = assignments, Lineage = match.Lineage, Model = model };
    }

    /// <summary>Returns the cosine similarity of two topics' term scores.</summary>
    public static double TermSimilarity(IReadOnlyList<TopicTerm> first, IReadOnlyList<TopicTerm> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);

        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var term in first)
        {
            scores[term.Term] = term.Score;
        }

        var dot = 0.0;
        foreach (var term in second)
        {
            if (scores.TryGetValue(term.Term, out var score))
            {
                dot += score * term.Score;
            }
        }

        var norms = Math.Sqrt(first.Sum(t => t.Score * t.Score)) * Math.Sqrt(second.Sum(t => t.Score * t.Score));
        return norms > 0 ? dot / norms : 0;
    }

    private static int BestPrevious(double[,] similarity, int current, int previousCount)
    {
        var best = -1;
        for (var p = 0; p < previousCount; p++)
        {
            if (best < 0 || similarity[current, p] > similarity[current, best])
            {
                best = p;
            }
        }

        return best;
    }

    /// <summary>
    /// Returns for each row the column it is matched to (or -1), maximising the summed
    /// similarity of a one-to-one matching that uses only pairs at or above the threshold.
    /// </summary>
    /// <remarks>
    /// Pairs below the threshold weigh 0, the assignment problem is solved by the Hungarian
    /// algorithm with potentials (O(n³)), and pairs of weight 0 are dropped from the result.
    /// </remarks>
    private static int[] MaximumMatching(double[,] similarity, double minSimilarity)
    {
        var rows = similarity.GetLength(0);
        var columns = similarity.GetLength(1);
        var size = Math.Max(rows, columns);
        var result = Enumerable.Repeat(-1, rows).ToArray();
        if (rows == 0 || columns == 0)
        {
            return result;
        }

        // Cost of row i (1-based) in column j (1-based); padding rows and columns cost 0.
        double Cost(int i, int j)
        {
            if (i > rows || j > columns)
            {
                return 0;
            }

            var value = similarity[i - 1, j - 1];
            return value >= minSimilarity ? -value : 0;
        }

        var u = new double[size + 1];
        var v = new double[size + 1];
        var rowOfColumn = new int[size + 1];
        var way = new int[size + 1];
        for (var i = 1; i <= size; i++)
        {
            rowOfColumn[0] = i;
            var column = 0;
            var minimum = Enumerable.Repeat(double.PositiveInfinity, size + 1).ToArray();
            var used = new bool[size + 1];
            do
            {
                used[column] = true;
                var row = rowOfColumn[column];
                var delta = double.PositiveInfinity;
                var next = 0;
                for (var j = 1; j <= size; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }

                    var reduced = Cost(row, j) - u[row] - v[j];
                    if (reduced < minimum[j])
                    {
                        minimum[j] = reduced;
                        way[j] = column;
                    }

                    if (minimum[j] < delta)
                    {
                        delta = minimum[j];
                        next = j;
                    }
                }

                for (var j = 0; j <= size; j++)
                {
                    if (used[j])
                    {
                        u[rowOfColumn[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minimum[j] -= delta;
                    }
                }

                column = next;
            }
            while (rowOfColumn[column] != 0);

            do
            {
                var previousColumn = way[column];
                rowOfColumn[column] = rowOfColumn[previousColumn];
                column = previousColumn;
            }
            while (column != 0);
        }

        for (var j = 1; j <= columns; j++)
        {
            var row = rowOfColumn[j];
            if (row >= 1 && row <= rows && similarity[row - 1, j - 1] >= minSimilarity)
            {
                result[row - 1] = j - 1;
            }
        }

        return result;
    }

    private static void RequireDistinctIds(IReadOnlyList<TopicInfo> topics, string parameterName)
    {
        var ids = new HashSet<int>();
        foreach (var topic in topics)
        {
            ArgumentNullException.ThrowIfNull(topic, parameterName);
            if (!ids.Add(topic.TopicId))
            {
                throw new ArgumentException($"Topic id {topic.TopicId} appears more than once; give every topic of a run its own id.", parameterName);
            }
        }
    }
}
