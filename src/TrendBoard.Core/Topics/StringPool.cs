namespace TrendBoard.Core.Topics;

/// <summary>
/// Keeps one instance of each distinct string, so a corpus's millions of tokens share a few
/// thousand word objects instead of one object per occurrence.
/// </summary>
internal sealed class StringPool
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    /// <summary>Returns the pooled instance equal to <paramref name="value"/>, adding it when new.</summary>
    public string Intern(string value)
    {
        if (_strings.TryGetValue(value, out var pooled))
        {
            return pooled;
        }

        _strings[value] = value;
        return value;
    }

    /// <summary>Replaces every element of <paramref name="values"/> by its pooled instance, in place.</summary>
    public string[] InternAll(string[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Intern(values[i]);
        }

        return values;
    }
}
