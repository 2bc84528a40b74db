using System.Globalization;
using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Storage;

/// <summary>
/// A topic of the current model run as the store keeps it, with the user's name when one is set.
/// </summary>
/// <param name="TopicId">The stable topic id, kept across runs by <see cref="TopicIdMatcher"/>.</param>
/// <param name="Label">The automatic label of the run.</param>
/// <param name="Name">The name a user gave the topic, or null.</param>
/// <param name="Size">Papers the run's fit placed in the topic.</param>
/// <param name="Papers">Papers the run assigns to the topic now, including papers assigned after the fit.</param>
/// <param name="Terms">The topic's terms, rank 1 first.</param>
/// <param name="Lineage">Where the topic comes from in the previous run, or null for runs saved before lineage was stored.</param>
public sealed record StoredTopic(
    int TopicId,
    string Label,
    string? Name,
    int Size,
    int Papers,
    IReadOnlyList<TopicTerm> Terms,
    TopicLineage? Lineage)
{
    /// <summary>The user's name when one is set, else the automatic label.</summary>
    public string DisplayName => Name ?? Label;
}

/// <summary>The lineage of one run's topics against the run it replaced.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Topics">One entry per topic of the run, by topic id.</param>
/// <param name="EndedTopicIds">Topics of the previous run that no topic of this run continues or absorbs, ascending.</param>
public sealed record RunLineage(long RunId, IReadOnlyList<TopicLineage> Topics, IReadOnlyList<int> EndedTopicIds)
{
    /// <summary>Counts the run's topics of one lineage kind.</summary>
    public int Count(TopicLineageKind kind) => Topics.Count(t => t.Kind == kind);

    /// <summary>Formats the counts as one line, for example <c>continued 18, new 1, split 1, merged 0, ended 0</c>.</summary>
    public string Summarize() => string.Create(
        CultureInfo.InvariantCulture,
        $"continued {Count(TopicLineageKind.Continued)}, new {Count(TopicLineageKind.New)}, split {Count(TopicLineageKind.Split)}, merged {Count(TopicLineageKind.Merged)}, ended {EndedTopicIds.Count}");
}

/// <summary>The fitted model of the current run with the facts needed to assign new papers.</summary>
/// <param name="RunId">The current run.</param>
/// <param name="Model">The model, with the run's stable topic ids.</param>
/// <param name="Options">The options of the run.</param>
/// <param name="TrainingPaperCount">Number of papers the run was fitted on.</param>
public sealed record StoredTopicModel(long RunId, TopicModel Model, TopicModelOptions Options, int TrainingPaperCount);

/// <summary>Checks the names users give topics.</summary>
public static class TopicNames
{
    /// <summary>Maximum length of a topic name in UTF-16 code units, after trimming.</summary>
    public const int MaxLength = 80;

    /// <summary>
    /// Returns <paramref name="name"/> without leading and trailing white space, or throws when it
    /// cannot be a topic name.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The name is empty after trimming, longer than <see cref="MaxLength"/>, or contains a control
    /// character (such as a tab or line break).
    /// </exception>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("The topic name is empty. Give a name with at least one visible character.", nameof(name));
        }

        if (trimmed.Length > MaxLength)
        {
            throw new ArgumentException($"The topic name has {trimmed.Length} characters, more than the maximum of {MaxLength}. Shorten it.", nameof(name));
        }

        for (var i = 0; i < trimmed.Length; i++)
        {
            if (char.IsControl(trimmed[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The topic name contains the control character U+{(int)trimmed[i]:X4} at position {i + 1}. Use a name on one line without tabs or control characters."),
                    nameof(name));
            }
        }

        return trimmed;
    }
}
