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
    /// <summary>
    /// Maximum length of a topic name in text elements (user-perceived characters, as
    /// <see cref="StringInfo"/> counts them), after trimming.
    /// </summary>
    public const int MaxLength = 80;

    /// <summary>
    /// Maximum length of a topic name in UTF-16 code units, after trimming. It bounds names whose
    /// text elements are long sequences, such as a letter with hundreds of combining marks, and
    /// leaves room for <see cref="MaxLength"/> emoji of up to eight code units each.
    /// </summary>
    public const int MaxUtf16Length = 8 * MaxLength;

    /// <summary>
    /// Returns <paramref name="name"/> without leading and trailing white space, or throws when it
    /// cannot be a topic name.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The name is empty after trimming, longer than <see cref="MaxLength"/> text elements or
    /// <see cref="MaxUtf16Length"/> code units, or contains a control character (such as a tab or
    /// line break), a bidirectional formatting character (U+200E, U+200F, U+061C, U+202A to U+202E,
    /// U+2066 to U+2069) or an invisible character (U+200B, U+2060, U+FEFF). The zero-width joiner
    /// U+200D and non-joiner U+200C are allowed because emoji sequences and several scripts need them.
    /// </exception>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("The topic name is empty. Give a name with at least one visible character.", nameof(name));
        }

        var textElements = new StringInfo(trimmed).LengthInTextElements;
        if (textElements > MaxLength)
        {
            throw new ArgumentException($"The topic name has {textElements} characters, more than the maximum of {MaxLength}. Shorten it.", nameof(name));
        }

        if (trimmed.Length > MaxUtf16Length)
        {
            throw new ArgumentException(
                $"The topic name has {trimmed.Length} UTF-16 code units, more than the maximum of {MaxUtf16Length}. Shorten it or use fewer combining marks.",
                nameof(name));
        }

        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (char.IsControl(c))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The topic name contains the control character U+{(int)c:X4} at position {i + 1}. Use a name on one line without tabs or control characters."),
                    nameof(name));
            }

            if (IsBidirectionalControl(c))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The topic name contains the bidirectional formatting character U+{(int)c:X4} at position {i + 1}. Remove it, because it can reorder how the name and the text around it are shown."),
                    nameof(name));
            }

            if (c is '\u200B' or '\u2060' or '\uFEFF')
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The topic name contains the invisible character U+{(int)c:X4} at position {i + 1}. Remove it, so the name reads the same as it looks."),
                    nameof(name));
            }
        }

        return trimmed;
    }

    private static bool IsBidirectionalControl(char c) =>
        c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
