using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace TrendBoard.Core.Topics;

/// <summary>
/// Remembers how raw tokens were accepted and which bigram strings exist, so that tokenising a
/// corpus creates one string per distinct word and bigram instead of one per occurrence, and
/// decides each distinct word once. Safe to share between threads.
/// </summary>
/// <remarks>
/// Every string the cache returns for a given text is the same instance, so bigrams can be
/// looked up by the identity of their two words. The output of tokenising never depends on
/// which thread added an entry first, because entries are pure functions of their key.
/// </remarks>
internal sealed class TokenCache
{
    private readonly ConcurrentDictionary<string, AcceptedToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AcceptedToken>.AlternateLookup<ReadOnlySpan<char>> _tokensBySpan;
    private readonly ConcurrentDictionary<string, string> _words = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string First, string Second), string> _bigrams = new(new IdentityPairComparer());

    public TokenCache()
    {
        _tokensBySpan = _tokens.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Returns the accepted form of <paramref name="raw"/>, computing it with <paramref name="accept"/> the first time.</summary>
    public AcceptedToken GetOrAdd(ReadOnlySpan<char> raw, AcceptToken accept)
    {
        if (_tokensBySpan.TryGetValue(raw, out var cached))
        {
            return cached;
        }

        var accepted = accept(raw);
        if (accepted.Folded is not null)
        {
            accepted = new AcceptedToken(Intern(accepted.Folded), Intern(accepted.Surface!));
        }

        return _tokens.GetOrAdd(raw.ToString(), accepted);
    }

    /// <summary>Returns the bigram "first second" for two words that this cache returned.</summary>
    public string Bigram(string first, string second) =>
        _bigrams.GetOrAdd((first, second), static pair => pair.First + " " + pair.Second);

    private string Intern(string word) => _words.GetOrAdd(word, word);

    /// <summary>Computes the accepted form of a raw token.</summary>
    public delegate AcceptedToken AcceptToken(ReadOnlySpan<char> raw);

    /// <summary>Compares pairs of strings by reference, which is enough for strings the cache made unique.</summary>
    private sealed class IdentityPairComparer : IEqualityComparer<(string First, string Second)>
    {
        public bool Equals((string First, string Second) x, (string First, string Second) y) =>
            ReferenceEquals(x.First, y.First) && ReferenceEquals(x.Second, y.Second);

        public int GetHashCode((string First, string Second) pair) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(pair.First), RuntimeHelpers.GetHashCode(pair.Second));
    }
}

/// <summary>A raw token as the tokenizer kept it: its folded form and its written form, or nulls when it was dropped.</summary>
internal readonly record struct AcceptedToken(string? Folded, string? Surface);
