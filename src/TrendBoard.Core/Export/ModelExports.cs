using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Export;

/// <summary>
/// Tables of the current topic model run itself, for scoring it with outside tools: each
/// topic's ranked terms, and each paper's topic.
/// </summary>
public static class ModelExports
{
    /// <summary>Name of the topic terms export.</summary>
    public const string TopicsName = "topics";

    /// <summary>Name of the paper assignments export.</summary>
    public const string AssignmentsName = "assignments";

    /// <summary>Columns of the topic terms export: one row per term, rank 1 first, in the model's order.</summary>
    public static IReadOnlyList<string> TopicColumns { get; } = ["topic_id", "rank", "term"];

    /// <summary>Columns of the assignments export: one row per paper, topic -1 for an outlier.</summary>
    public static IReadOnlyList<string> AssignmentColumns { get; } = ["paper_id", "topic_id"];

    /// <summary>Both export names.</summary>
    public static IReadOnlyList<string> Names { get; } = [TopicsName, AssignmentsName];

    /// <summary>Reads the table of the export named <paramref name="name"/> from the current run.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    /// <exception cref="InvalidOperationException">The database has no model run.</exception>
    public static Task<ExportTable> QueryAsync(TrendStore store, string name, CancellationToken cancellationToken) =>
        QueryAsync(store, name, topicIds: [], cancellationToken);

    /// <summary>
    /// Reads the table of the export named <paramref name="name"/> from the current run, with only
    /// the rows of <paramref name="topicIds"/>, or every row when it is empty. Check the ids with
    /// <see cref="ChartExports.FindUnknownTopicIds"/> first: an unknown id selects no rows.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    /// <exception cref="InvalidOperationException">The database has no model run.</exception>
    public static async Task<ExportTable> QueryAsync(TrendStore store, string name, IReadOnlyCollection<int> topicIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(topicIds);

        if (await store.GetCurrentModelRunAsync(cancellationToken) is null)
        {
            throw new InvalidOperationException($"The database {store.DatabasePath} has no model run, so there are no topics to export. Run 'trendboard model' first.");
        }

        var selected = topicIds.ToHashSet();
        return name switch
        {
            TopicsName => ToTopicTable(Keep(await store.GetCurrentTopicsAsync(cancellationToken), selected, topic => topic.TopicId)),
            AssignmentsName => ToAssignmentTable(Keep(await store.GetCurrentAssignmentsAsync(cancellationToken), selected, assignment => assignment.TopicId)),
            _ => throw new ArgumentException($"Unknown model export '{name}'. Use one of: {string.Join(", ", Names)}.", nameof(name)),
        };

        static IReadOnlyList<T> Keep<T>(IReadOnlyList<T> items, HashSet<int> selected, Func<T, int> topicOf) =>
            selected.Count == 0 ? items : items.Where(item => selected.Contains(topicOf(item))).ToList();
    }

    /// <summary>Maps topics to rows of the topic terms export, topics by id and terms by rank.</summary>
    public static ExportTable ToTopicTable(IReadOnlyList<StoredTopic> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);

        var rows = topics
            .OrderBy(t => t.TopicId)
            .SelectMany(t => t.Terms.OrderBy(term => term.Rank).Select((term, index) => (IReadOnlyList<object?>)[t.TopicId, index + 1, term.Term]))
            .ToList();
        return new ExportTable(TopicColumns, rows);
    }

    /// <summary>Maps assignments to rows of the assignments export, keeping their order.</summary>
    public static ExportTable ToAssignmentTable(IReadOnlyList<Topics.TopicAssignment> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);

        var rows = assignments.Select(a => (IReadOnlyList<object?>)[a.PaperId, a.TopicId]).ToList();
        return new ExportTable(AssignmentColumns, rows);
    }
}
