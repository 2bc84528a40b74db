using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using System.Runtime.CompilerServices;

namespace TrendBoard.Core.Topics;

/// <summary>
/// The tokens of one paper: its words in text order and the bigrams of words that stand next to
/// each other in the text with only white space between them.
/// </summary>
internal sealed record TokenizedPaper(string[] Words, string[] Bigrams)
{
    /// <summary>
    /// Each word as it was written, before plural folding and spelling unification
    /// ("agents" where <see cref="Words"/> has "agent"), in the same order as <see cref="Words"/>.
    /// </summary>
    public string[] SurfaceWords { get; init; } = [];
}

/// <summary>
/// Turns titles and abstracts into the words the topic model counts.
/// </summary>
/// <remarks>
/// Text is normalised first (Unicode NFC, TeX markup removed, hard wraps joined, lower case,
/// Latin diacritics folded to their base letter). A token is a run of letters, digits and
/// hyphens that starts with a letter and has at least 3 characters, so hyphenated words such as
/// "fine-tuning" stay whole. Plurals fold to the singular with suffix rules and a short list of
/// irregular words. Stop words (<see cref="TopicStopWords"/>) and adverbs are removed, and a
/// bigram never spans a removed word or punctuation.
/// </remarks>
internal static partial class TopicTokenizer
{
    private const int MinTokenLength = 3;

    /// <summary>Plurals that the suffix rules get wrong, and words ending in "s" that are not plurals.</summary>
    private static readonly FrozenDictionary<string, string> _irregularPlurals = new Dictionary<string, string>
    {
        ["analyses"] = "analysis",
        ["apis"] = "api",
        ["appendices"] = "appendix",
        ["atlas"] = "atlas",
        ["avalanches"] = "avalanche",
        ["axes"] = "axis",
        ["biases"] = "bias",
        ["caches"] = "cache",
        ["calories"] = "calorie",
        ["canvas"] = "canvas",
        ["chaos"] = "chaos",
        ["cookies"] = "cookie",
        ["corpora"] = "corpus",
        ["cosmos"] = "cosmos",
        ["criteria"] = "criterion",
        ["echoes"] = "echo",
        ["ethos"] = "ethos",
        ["focuses"] = "focus",
        ["headaches"] = "headache",
        ["heroes"] = "hero",
        ["hypotheses"] = "hypothesis",
        ["indices"] = "index",
        ["kpis"] = "kpi",
        ["lens"] = "lens",
        ["lenses"] = "lens",
        ["matrices"] = "matrix",
        ["movies"] = "movie",
        ["news"] = "news",
        ["niches"] = "niche",
        ["pathos"] = "pathos",
        ["phenomena"] = "phenomenon",
        ["potatoes"] = "potato",
        ["selfies"] = "selfie",
        ["series"] = "series",
        ["species"] = "species",
        ["statuses"] = "status",
        ["theses"] = "thesis",
        ["tomatoes"] = "tomato",
        ["vertices"] = "vertex",
        ["viruses"] = "virus",
        ["zombies"] = "zombie",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Endings of singular nouns such as "physics" or "robotics" that look like plurals.</summary>
    private static readonly string[] _singularIcsEndings =
    [
        "acoustics", "aesthetics", "analytics", "dynamics", "economics", "electronics", "ethics",
        "genetics", "graphics", "haptics", "informatics", "kinematics", "kinetics", "linguistics",
        "logistics", "mathematics", "mechanics", "nomics", "omics", "optics", "phonetics",
        "photonics", "physics", "pragmatics", "robotics", "semantics", "statistics", "tactics",
    ];

    /// <summary>Endings that mark an adverb. "family", "anomaly" and "assembly" do not match.</summary>
    private static readonly string[] _adverbEndings =
    [
        "ably", "ally", "antly", "arly", "ately", "edly", "ently", "erly", "fully", "ibly",
        "ingly", "ively", "lessly", "ously",
    ];

    /// <summary>
    /// Base letters of U+00C0 to U+017F (Latin-1 Supplement letters and Latin Extended-A), one
    /// character per code point. A space marks a code point that is left alone.
    /// </summary>
    private const string LatinFoldTable =
        "aaaaaaaceeeeiiii" + // U+00C0 to U+00CF (U+00C6 "AE" folds to "a")
        "dnooooo ouuuuyts" + // U+00D0 to U+00DF (U+00D7 is the multiplication sign)
        "aaaaaaaceeeeiiii" + // U+00E0 to U+00EF
        "dnooooo ouuuuyty" + // U+00F0 to U+00FF (U+00F7 is the division sign)
        "aaaaaaccccccccdd" + // U+0100 to U+010F
        "ddeeeeeeeeeegggg" + // U+0110 to U+011F
        "gggghhhhiiiiiiii" + // U+0120 to U+012F
        "iiiijjkkklllllll" + // U+0130 to U+013F
        "lllnnnnnnnnnoooo" + // U+0140 to U+014F
        "oooorrrrrrssssss" + // U+0150 to U+015F
        "ssttttttuuuuuuuu" + // U+0160 to U+016F
        "uuuuwwyyyzzzzzzs";  // U+0170 to U+017F

    /// <summary>
    /// Normalises <paramref name="text"/> for tokenising: NFC, TeX markup removed, hard wraps
    /// joined, lower case, Latin diacritics folded, typographic hyphens and ligatures replaced.
    /// </summary>
    /// <remarks>
    /// Decomposed accents that NFC cannot compose are handled by removing combining marks
    /// (U+0300 to U+036F) after the diacritic fold, so the composed and the decomposed "café"
    /// both give "cafe".
    /// </remarks>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // ASCII text is already in NFC.
        var normalized = Ascii.IsValid(text) ? text : text.Normalize(NormalizationForm.FormC);

        // TeX: accents keep their letter (Pl\"ucker), commands and escaped symbols become
        // separators (\textbf{x} keeps x), and $ math delimiters go.
        if (normalized.Contains('\\'))
        {
            normalized = TexAccentRegex().Replace(normalized, "$1");
            normalized = TexCommandRegex().Replace(normalized, " ");
            normalized = TexEscapedSymbolRegex().Replace(normalized, " ");
        }

        normalized = normalized.Replace('$', ' ');

        // A word split by a hyphen at a line end ("pre-\ntrained") is joined, except before
        // "and", "or" and "to", where the hyphen belongs to a list ("open-\nand closed-source").
        if (normalized.Contains('-') && normalized.Contains('\n'))
        {
            normalized = HyphenatedLineBreakRegex().Replace(normalized, "$1-$2");
        }

        return FoldCharacters(normalized.ToLowerInvariant());
    }

    /// <summary>Tokenises a paper's title and abstract as one text, with a break between them.</summary>
    /// <param name="title">The title.</param>
    /// <param name="abstractText">The abstract.</param>
    /// <param name="cache">
    /// A cache shared by the papers of one corpus, so equal tokens share one string; null
    /// tokenises this paper on its own. The tokens are the same either way.
    /// </param>
    public static TokenizedPaper Tokenize(string title, string abstractText, TokenCache? cache = null)
    {
        cache ??= new TokenCache();
        var words = new List<string>();
        var surfaceWords = new List<string>();
        var bigrams = new List<string>();
        AddTokens(Normalize(title ?? string.Empty), words, surfaceWords, bigrams, cache);
        AddTokens(Normalize(abstractText ?? string.Empty), words, surfaceWords, bigrams, cache);
        return new TokenizedPaper([.. words], [.. bigrams]) { SurfaceWords = [.. surfaceWords] };
    }

    /// <summary>
    /// Rewrites every spelling of a hyphenated word to the spelling used most often in the
    /// corpus, so "multi-modal" and "multimodal" or "pre-training" and "pretraining" count as one
    /// term. Two spellings are the same word when they are equal after removing hyphens, and ties
    /// go to the spelling that sorts first in ordinal order.
    /// </summary>
    public static TokenizedPaper[] UnifyHyphenSpellings(IReadOnlyList<TokenizedPaper> papers) =>
        ApplySpellings(papers, FindPreferredSpellings(papers));

    /// <summary>
    /// Maps every spelling of a hyphenated word that is not the corpus's preferred one to the
    /// preferred spelling (see <see cref="UnifyHyphenSpellings"/>). Words with one spelling are absent.
    /// </summary>
    public static Dictionary<string, string> FindPreferredSpellings(IReadOnlyList<TokenizedPaper> papers)
    {
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var paper in papers)
        {
            foreach (var word in paper.Words)
            {
                frequencies[word] = frequencies.GetValueOrDefault(word) + 1;
            }
        }

        return frequencies
            .GroupBy(e => e.Key.Replace("-", string.Empty, StringComparison.Ordinal), StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .SelectMany(g =>
            {
                var preferred = g.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).First().Key;
                return g.Where(e => e.Key != preferred).Select(e => KeyValuePair.Create(e.Key, preferred));
            })
            .ToDictionary(StringComparer.Ordinal);
    }

    /// <summary>Rewrites the words and bigrams of <paramref name="papers"/> with the spellings of <paramref name="spellings"/>.</summary>
    public static TokenizedPaper[] ApplySpellings(IReadOnlyList<TokenizedPaper> papers, IReadOnlyDictionary<string, string> spellings)
    {
        if (spellings.Count == 0)
        {
            return [.. papers];
        }

        string Map(string word) => spellings.GetValueOrDefault(word, word);

        // Bigrams are rebuilt only when a part changes, and each rebuilt bigram is shared.
        var rebuilt = new Dictionary<string, string>(StringComparer.Ordinal);
        string MapBigram(string bigram)
        {
            if (rebuilt.TryGetValue(bigram, out var mapped))
            {
                return mapped;
            }

            var space = bigram.IndexOf(' ');
            var first = bigram[..space];
            var second = bigram[(space + 1)..];
            mapped = spellings.ContainsKey(first) || spellings.ContainsKey(second) ? Map(first) + " " + Map(second) : bigram;
            rebuilt[bigram] = mapped;
            return mapped;
        }

        // A paper none of whose words has another spelling has no such bigram either, so it stays as it is.
        return papers
            .Select(p => Array.Exists(p.Words, spellings.ContainsKey)
                ? p with { Words = Array.ConvertAll(p.Words, Map), Bigrams = Array.ConvertAll(p.Bigrams, MapBigram) }
                : p)
            .ToArray();
    }

    /// <summary>
    /// Folds a lower-case English plural to its singular and returns other words unchanged. In a
    /// hyphenated word only the last part is folded ("time-series" stays, "multi-agents" becomes
    /// "multi-agent").
    /// </summary>
    public static string FoldPlural(string word)
    {
        var lastHyphen = word.LastIndexOf('-');
        if (lastHyphen < 0)
        {
            return FoldPluralWord(word);
        }

        var lastPart = word[(lastHyphen + 1)..];
        var folded = FoldPluralWord(lastPart);
        return ReferenceEquals(folded, lastPart) ? word : string.Concat(word.AsSpan(0, lastHyphen + 1), folded);
    }

    /// <summary>
    /// Returns whether <paramref name="word"/> has a typical adverb ending ("-ally", "-ively",
    /// "-ingly", ...). Adverbs describe how a method does something, not what a topic is about.
    /// </summary>
    public static bool IsAdverb(string word)
    {
        if (word.Length < 6 || !word.EndsWith("ly", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var ending in _adverbEndings)
        {
            if (word.EndsWith(ending, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string FoldPluralWord(string word)
    {
        if (_irregularPlurals.TryGetValue(word, out var singular))
        {
            return singular;
        }

        if (word.Length < 4 || word[^1] != 's')
        {
            return word;
        }

        if (word.EndsWith("ss", StringComparison.Ordinal)
            || word.EndsWith("us", StringComparison.Ordinal)
            || word.EndsWith("is", StringComparison.Ordinal)
            || word.EndsWith("ias", StringComparison.Ordinal))
        {
            return word;
        }

        if (word.EndsWith("ics", StringComparison.Ordinal))
        {
            foreach (var ending in _singularIcsEndings)
            {
                if (word.EndsWith(ending, StringComparison.Ordinal))
                {
                    return word;
                }
            }
        }

        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return string.Concat(word.AsSpan(0, word.Length - 3), "y");
        }

        if (word.EndsWith("sses", StringComparison.Ordinal)
            || word.EndsWith("xes", StringComparison.Ordinal)
            || word.EndsWith("ches", StringComparison.Ordinal)
            || word.EndsWith("shes", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        return word[..^1];
    }

    /// <summary>
    /// Splits normalised text into tokens, keeps the ones that pass the filters, and adds bigrams
    /// of kept tokens that were separated by white space only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddTokens(string text, List<string> words, List<string> surfaceWords, List<string> bigrams, TokenCache cache)
    {
        string? previous = null;
        var index = 0;
        while (index < text.Length)
        {
            // Skip the separator run and note whether it was white space only.
            var separatorIsWhiteSpace = true;
            while (index < text.Length && !IsTokenCharacter(text[index]))
            {
                separatorIsWhiteSpace &= char.IsWhiteSpace(text[index]);
                index++;
            }

            if (index >= text.Length)
            {
                break;
            }

            var start = index;
            while (index < text.Length && IsTokenCharacter(text[index]))
            {
                index++;
            }

            var (token, surface) = cache.GetOrAdd(text.AsSpan(start, index - start), AcceptToken);
            if (token is null)
            {
                previous = null;
                continue;
            }

            words.Add(token);
            surfaceWords.Add(surface!);
            if (previous is not null && separatorIsWhiteSpace)
            {
                bigrams.Add(cache.Bigram(previous, token));
            }

            previous = token;
        }
    }

    /// <summary>
    /// Returns the folded token and the token as written (hyphens at its ends removed), or nulls
    /// when the raw token is too short, does not start with a letter, or is a stop word.
    /// </summary>
    private static AcceptedToken AcceptToken(ReadOnlySpan<char> raw)
    {
        raw = raw.Trim('-');
        if (raw.Length < MinTokenLength || !char.IsLetter(raw[0]))
        {
            return default;
        }

        if (TopicStopWords.Contains(raw))
        {
            return default;
        }

        var surface = raw.ToString();
        var folded = FoldPlural(surface);
        if (folded.Length < MinTokenLength || TopicStopWords.Contains(folded) || IsAdverb(folded))
        {
            return default;
        }

        return new AcceptedToken(folded, surface);
    }

    private static bool IsTokenCharacter(char c) => char.IsLetterOrDigit(c) || c == '-';

    /// <summary>Folds Latin diacritics, drops combining marks and replaces typographic hyphens and ligatures.</summary>
    private static string FoldCharacters(string text)
    {
        if (Ascii.IsValid(text))
        {
            return text;
        }

        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement = c switch
            {
                >= '\u00C0' and <= '\u017F' when LatinFoldTable[c - '\u00C0'] != ' ' => LatinFoldTable[c - '\u00C0'].ToString(),
                >= '\u0300' and <= '\u036F' => string.Empty,
                '\u2010' or '\u2011' or '\u2012' or '\u2013' => "-",
                '\uFB00' => "ff",
                '\uFB01' => "fi",
                '\uFB02' => "fl",
                '\uFB03' => "ffi",
                '\uFB04' => "ffl",
                _ => null,
            };

            if (replacement is null)
            {
                builder?.Append(c);
                continue;
            }

            builder ??= new StringBuilder(text.Length).Append(text, 0, i);
            builder.Append(replacement);
        }

        return builder?.ToString() ?? text;
    }

    [GeneratedRegex(@"\\['""^`~=.]\{?([A-Za-z])\}?")]
    private static partial Regex TexAccentRegex();

    [GeneratedRegex(@"\\[A-Za-z]+\*?")]
    private static partial Regex TexCommandRegex();

    [GeneratedRegex(@"\\[^A-Za-z]")]
    private static partial Regex TexEscapedSymbolRegex();

    [GeneratedRegex(@"(\p{L})-[ \t]*\r?\n\s*(?!(?:and|or|to)\b)(\p{L})")]
    private static partial Regex HyphenatedLineBreakRegex();
}
