using System.Collections;

namespace TrendBoard.Web.ViewState;

/// <summary>
/// An immutable list of keywords that compares by content, so records that contain it (such as
/// <see cref="DashboardView"/>) stay equal when they carry the same keywords.
/// </summary>
public sealed class KeywordList : IReadOnlyList<string>, IEquatable<KeywordList>
{
    private readonly string[] _keywords;

    /// <summary>Creates the list, keeping the first occurrence of each keyword and dropping empty ones.</summary>
    public KeywordList(IEnumerable<string> keywords)
    {
        ArgumentNullException.ThrowIfNull(keywords);

        _keywords = keywords.Where(keyword => !string.IsNullOrWhiteSpace(keyword)).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The empty list.</summary>
    public static KeywordList Empty { get; } = new([]);

    public int Count => _keywords.Length;

    public string this[int index] => _keywords[index];

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_keywords).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _keywords.GetEnumerator();

    public bool Equals(KeywordList? other) => other is not null && _keywords.AsSpan().SequenceEqual(other._keywords);

    public override bool Equals(object? obj) => Equals(obj as KeywordList);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var keyword in _keywords)
        {
            hash.Add(keyword, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => string.Join(", ", _keywords);
}
