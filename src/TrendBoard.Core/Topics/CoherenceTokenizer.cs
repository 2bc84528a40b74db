using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;

namespace TrendBoard.Core.Topics;

/// <summary>
/// The plain tokenisation that coherence tools score topic words against: lower case, runs of
/// <c>[a-z][a-z0-9-]+</c> of at least 3 characters, and scikit-learn's English stop words removed.
/// </summary>
/// <remarks>
/// It is deliberately simpler than <see cref="TopicTokenizer"/>: no plural folding, no TeX or
/// diacritic handling and no domain stop words, so that <see cref="TopicMetrics.WindowedNpmi"/>
/// matches gensim's <c>c_npmi</c> run on texts tokenised this way. Hyphenated words stay whole,
/// and a character outside a-z and 0-9 (an accented letter, say) ends a token.
/// </remarks>
public static class CoherenceTokenizer
{
    private const int MinTokenLength = 3;

    /// <summary>
    /// scikit-learn's <c>ENGLISH_STOP_WORDS</c> (version 1.2), the stop list of the Glasgow
    /// Information Retrieval Group, 318 words.
    /// </summary>
    private static readonly FrozenSet<string> _stopWords = new[]
    {
        "a", "about", "above", "across", "after", "afterwards", "again", "against", "all",
        "almost", "alone", "along", "already", "also", "although", "always", "am", "among",
        "amongst", "amoungst", "amount", "an", "and", "another", "any", "anyhow", "anyone",
        "anything", "anyway", "anywhere", "are", "around", "as", "at", "back", "be", "became",
        "because", "become", "becomes", "becoming", "been", "before", "beforehand", "behind",
        "being", "below", "beside", "besides", "between", "beyond", "bill", "both", "bottom",
        "but", "by", "call", "can", "cannot", "cant", "co", "con", "could", "couldnt", "cry", "de",
        "describe", "detail", "do", "done", "down", "due", "during", "each", "eg", "eight",
        "either", "eleven", "else", "elsewhere", "empty", "enough", "etc", "even", "ever", "every",
        "everyone", "everything", "everywhere", "except", "few", "fifteen", "fifty", "fill",
        "find", "fire", "first", "five", "for", "former", "formerly", "forty", "found", "four",
        "from", "front", "full", "further", "get", "give", "go", "had", "has", "hasnt", "have",
        "he", "hence", "her", "here", "hereafter", "hereby", "herein", "hereupon", "hers",
        "herself", "him", "himself", "his", "how", "however", "hundred", "i", "ie", "if", "in",
        "inc", "indeed", "interest", "into", "is", "it", "its", "itself", "keep", "last", "latter",
        "latterly", "least", "less", "ltd", "made", "many", "may", "me", "meanwhile", "might",
        "mill", "mine", "more", "moreover", "most", "mostly", "move", "much", "must", "my",
        "myself", "name", "namely", "neither", "never", "nevertheless", "next", "nine", "no",
        "nobody", "none", "noone", "nor", "not", "nothing", "now", "nowhere", "of", "off", "often",
        "on", "once", "one", "only", "onto", "or", "other", "others", "otherwise", "our", "ours",
        "ourselves", "out", "over", "own", "part", "per", "perhaps", "please", "put", "rather",
        "re", "same", "see", "seem", "seemed", "seeming", "seems", "serious", "several", "she",
        "should", "show", "side", "since", "sincere", "six", "sixty", "so", "some", "somehow",
        "someone", "something", "sometime", "sometimes", "somewhere", "still", "such", "system",
        "take", "ten", "than", "that", "the", "their", "them", "themselves", "then", "thence",
        "there", "thereafter", "thereby", "therefore", "therein", "thereupon", "these", "they",
        "thick", "thin", "third", "this", "those", "though", "three", "through", "throughout",
        "thru", "thus", "to", "together", "too", "top", "toward", "towards", "twelve", "twenty",
        "two", "un", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "well",
        "were", "what", "whatever", "when", "whence", "whenever", "where", "whereafter", "whereas",
        "whereby", "wherein", "whereupon", "wherever", "whether", "which", "while", "whither",
        "who", "whoever", "whole", "whom", "whose", "why", "will", "with", "within", "without",
        "would", "yet", "you", "your", "yours", "yourself", "yourselves",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Builds the text that a coherence score reads for a paper: title, a full stop and the
    /// abstract, with every run of white space collapsed to one space.
    /// </summary>
    public static string PaperText(string title, string abstractText)
    {
        return Collapse(title) + ". " + Collapse(abstractText);
    }

    /// <summary>Splits <paramref name="text"/> into tokens, in text order and with repeats.</summary>
    public static IReadOnlyList<string> Tokenize(string text) => Tokenize(text, cache: null);

    /// <summary>
    /// Splits <paramref name="text"/> into tokens. A cache shared between calls makes equal tokens
    /// share one string and may be used from several threads; the tokens are the same without it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static string[] Tokenize(string text, ConcurrentDictionary<string, bool>? cache)
    {
        ArgumentNullException.ThrowIfNull(text);

        var lookup = cache?.GetAlternateLookup<ReadOnlySpan<char>>();
        var tokens = new List<string>();
        var lower = text.ToLowerInvariant();
        var index = 0;
        while (index < lower.Length)
        {
            if (!IsAsciiLetter(lower[index]))
            {
                index++;
                continue;
            }

            var start = index;
            index++;
            while (index < lower.Length && (IsAsciiLetter(lower[index]) || char.IsAsciiDigit(lower[index]) || lower[index] == '-'))
            {
                index++;
            }

            if (index - start < MinTokenLength)
            {
                continue;
            }

            var span = lower.AsSpan(start, index - start);
            if (lookup is not { } cached)
            {
                var word = span.ToString();
                if (!_stopWords.Contains(word))
                {
                    tokens.Add(word);
                }

                continue;
            }

            if (!cached.TryGetValue(span, out var token, out var isStopWord))
            {
                // The first instance added is the one every caller gets back.
                var added = span.ToString();
                cache!.TryAdd(added, _stopWords.Contains(added));
                cached.TryGetValue(span, out token, out isStopWord);
            }

            if (!isStopWord)
            {
                tokens.Add(token!);
            }
        }

        return [.. tokens];
    }

    private static bool IsAsciiLetter(char c) => c is >= 'a' and <= 'z';

    private static string Collapse(string? text) =>
        string.Join(' ', (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
