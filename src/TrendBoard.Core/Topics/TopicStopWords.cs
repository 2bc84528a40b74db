using System.Collections.Frozen;

namespace TrendBoard.Core.Topics;

/// <summary>
/// Words that never become topic terms, labels or keywords: English function words and the
/// boilerplate of machine-learning abstracts.
/// </summary>
/// <remarks>
/// The tokenizer checks a token both before and after plural folding, so listing the singular
/// form is enough ("models" folds to "model"). Hyphenated stop words are listed whole because
/// the tokenizer keeps hyphenated words whole.
/// </remarks>
internal static class TopicStopWords
{
    /// <summary>Common English function words, in the spirit of the Glasgow IR stop list.</summary>
    private static readonly string[] _english =
    [
        "a", "about", "above", "across", "after", "afterwards", "again", "against", "all", "almost",
        "alone", "along", "already", "also", "although", "always", "am", "among", "amongst", "amount",
        "an", "and", "another", "any", "anyhow", "anyone", "anything", "anyway", "anywhere", "are",
        "around", "as", "at", "back", "be", "became", "because", "become", "becomes", "becoming",
        "been", "before", "beforehand", "behind", "being", "below", "beside", "besides", "between",
        "beyond", "both", "bottom", "but", "by", "call", "can", "cannot", "cant", "could", "couldnt",
        "did", "didnt", "do", "does", "doesnt", "doing", "done", "dont", "down", "due", "during",
        "each", "eight", "either", "eleven", "else", "elsewhere", "empty", "enough", "etc", "even",
        "ever", "every", "everyone", "everything", "everywhere", "except", "few", "fifteen", "fifty",
        "first", "five", "for", "former", "formerly", "forty", "found", "four", "from", "front",
        "full", "further", "get", "gets", "getting", "give", "given", "gives", "go", "goes", "going",
        "got", "had", "has", "hasnt", "have", "having", "he", "hence", "her", "here", "hereafter",
        "hereby", "herein", "hereupon", "hers", "herself", "him", "himself", "his", "how", "however",
        "hundred", "i", "if", "in", "inc", "indeed", "into", "is", "isnt", "it", "its", "itself",
        "just", "keep", "keeps", "kept", "last", "latter", "latterly", "least", "less", "like",
        "likely", "ltd", "made", "make", "makes", "making", "many", "may", "me", "meanwhile",
        "might", "mine", "more", "moreover", "most", "mostly", "move", "much", "must", "my",
        "myself", "namely", "neither", "never", "nevertheless", "next", "nine", "no", "nobody",
        "none", "noone", "nor", "not", "nothing", "now", "nowhere", "of", "off", "often", "on",
        "once", "one", "ones", "only", "onto", "or", "other", "others", "otherwise", "our", "ours",
        "ourselves", "out", "over", "own", "part", "per", "perhaps", "please", "put", "quite",
        "rather", "really", "same", "see", "seem", "seemed", "seeming", "seems", "seen", "several",
        "she", "should", "since", "six", "sixty", "so", "some", "somehow", "someone", "something",
        "sometime", "sometimes", "somewhat", "somewhere", "still", "such", "take", "taken",
        "takes", "taking", "ten", "than", "that", "the", "their", "theirs", "them", "themselves",
        "then", "thence", "there", "thereafter", "thereby", "therefore", "therein", "thereupon",
        "these", "they", "third", "this", "those", "though", "three", "through", "throughout",
        "thru", "thus", "to", "together", "too", "top", "toward", "towards", "twelve", "twenty",
        "two", "under", "unless", "unlike", "until", "up", "upon", "us", "very", "via", "was",
        "wasnt", "we", "well", "were", "what", "whatever", "when", "whence", "whenever", "where",
        "whereafter", "whereas", "whereby", "wherein", "whereupon", "wherever", "whether", "which",
        "while", "whither", "who", "whoever", "whole", "whom", "whose", "why", "will", "with",
        "within", "without", "would", "yet", "you", "your", "yours", "yourself", "yourselves",
    ];

    /// <summary>
    /// Words that nearly every machine-learning abstract uses to describe its own contribution,
    /// so they carry no information about the topic.
    /// </summary>
    private static readonly string[] _boilerplate =
    [
        // The paper and its contribution.
        "paper", "work", "study", "article", "report", "propose", "proposed", "proposes",
        "proposing", "proposal", "present", "presents", "presented", "presenting", "introduce",
        "introduces", "introduced", "introducing", "develop", "develops", "developed",
        "developing", "design", "designed", "designing", "contribution", "contribute", "novel",
        "new", "first", "simple", "simply", "key", "idea", "main",
        // Methods and models in general.
        "approach", "method", "methodology", "model", "modeling", "modelling", "framework",
        "technique", "strategy", "system", "pipeline", "module", "component", "mechanism",
        "architecture", "algorithm", "solution", "paradigm", "scheme", "setting",
        "based", "using", "use", "used", "usage", "utilize", "utilizes", "utilizing", "leverage",
        "leverages", "leveraging", "employ", "employs", "employed", "adopt", "adopts", "apply",
        "applied", "applying", "task", "problem", "issue", "challenge", "challenging",
        // Experiments and results.
        "result", "experiment", "experimental", "extensive", "extensively", "evaluate",
        "evaluated", "evaluating", "conduct", "conducted", "show", "shows", "shown", "showing",
        "demonstrate", "demonstrates", "demonstrated", "demonstrating", "achieve", "achieves",
        "achieved", "achieving", "outperform", "outperforms", "outperformed", "outperforming",
        "surpass", "surpasses", "surpassing", "improve", "improves", "improved", "improving",
        "improvement", "gain", "performance", "perform", "performs", "performing", "effective",
        "effectively", "effectiveness", "efficient", "efficiently", "superior", "competitive",
        "comparable", "compared", "comparison", "baseline", "state-of-the-art", "sota",
        "significant", "significantly", "substantial", "substantially", "notable", "notably",
        "remarkable", "remarkably", "consistent", "consistently", "strong", "stronger",
        "better", "best", "good", "high", "higher", "low", "lower", "large", "larger",
        "large-scale", "high-quality", "real-world", "wide", "wide-range", "widely", "range",
        "variety", "various", "different", "diverse", "multiple", "numerous", "specific",
        "specifically", "respectively", "overall", "finding", "insight", "analysis", "reveal",
        "reveals", "observe", "observed", "observation", "suggest", "suggests", "indicate",
        "indicates", "highlight", "highlights", "investigate", "investigates", "explore",
        "explores", "exploring", "examine", "examines",
        // Linking words and hedges common in abstracts.
        "furthermore", "additionally", "addition", "moreover", "however", "despite", "recent",
        "recently", "existing", "current", "currently", "prior", "previous", "previously",
        "traditional", "conventional", "typically", "commonly", "usually", "particular",
        "particularly", "especially", "crucial", "critical", "important", "importantly",
        "essential", "fundamental", "remain", "remains", "remaining", "limited", "limitation",
        "lack", "lacks", "often", "including", "include", "includes", "within", "across",
        "able", "ability", "capability", "capable", "enable", "enables", "enabled", "enabling",
        "allow", "allows", "allowing", "provide", "provides", "provided", "providing", "aim",
        "aims", "address", "addresses", "addressing", "focus", "focuses", "lead", "leads",
        "leading", "resulting", "require", "requires", "requiring", "way", "potential",
        "make", "set", "well", "thereby", "yield", "yields", "end-to-end", "cutting-edge",
        "well-known", "so-called", "open-source", "publicly", "available", "release", "released",
        "github", "http", "https", "www", "com", "project", "page", "url",
    ];

    private static readonly FrozenSet<string> _all =
        _english.Concat(_boilerplate).ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _allBySpan =
        _all.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Returns whether <paramref name="word"/> (lower case) is a stop word.</summary>
    public static bool Contains(string word) => _all.Contains(word);

    /// <summary>Returns whether <paramref name="word"/> (lower case) is a stop word, without allocating a string.</summary>
    public static bool Contains(ReadOnlySpan<char> word) => _allBySpan.Contains(word);
}
