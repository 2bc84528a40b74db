using System.Text.RegularExpressions;

namespace TrendBoard.Core.Text;

/// <summary>
/// Recognises arXiv category names such as <c>cs.CL</c>, <c>hep-th</c> or <c>cond-mat.stat-mech</c>,
/// and cleans category lists that sources mix with other classification schemes.
/// </summary>
/// <remarks>
/// A category is an arXiv archive name, optionally followed by a dot and a subject class: two
/// capital letters (<c>cs.CV</c>, <c>math.NA</c>, <c>astro-ph.CO</c>) or lowercase words joined by a
/// hyphen (<c>physics.comp-ph</c>). The archive must be one of arXiv's current or retired archives,
/// so ACM classes (<c>I.2.7</c>), MSC classes (<c>68T45</c>) and free text are not categories.
/// </remarks>
public static partial class ArxivCategory
{
    // arXiv's archives, current and retired (the retired ones appear in old papers' categories).
    private static readonly HashSet<string> _archives = new(StringComparer.Ordinal)
    {
        "astro-ph", "cond-mat", "cs", "econ", "eess", "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th",
        "math", "math-ph", "nlin", "nucl-ex", "nucl-th", "physics", "q-bio", "q-fin", "quant-ph", "stat",
        "acc-phys", "adap-org", "alg-geom", "ao-sci", "atom-ph", "bayes-an", "chao-dyn", "chem-ph",
        "cmp-lg", "comp-gas", "dg-ga", "funct-an", "mtrl-th", "patt-sol", "plasm-ph", "q-alg",
        "solv-int", "supr-con",
    };

    /// <summary>
    /// Returns whether <paramref name="text"/> is an arXiv category name, compared case-sensitively
    /// as arXiv writes them.
    /// </summary>
    public static bool IsValid(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var match = CategoryPattern().Match(text);
        return match.Success && _archives.Contains(match.Groups["archive"].Value);
    }

    /// <summary>
    /// Splits each entry at whitespace and returns the arXiv categories among the parts, each once,
    /// in source order, so the primary category stays first.
    /// </summary>
    /// <remarks>
    /// <c>["cs.CL", "I.2.6; I.2.7; J.5"]</c> gives <c>["cs.CL"]</c>, and the space-separated string
    /// <c>"cs.CL cs.AI"</c> gives <c>["cs.CL", "cs.AI"]</c>. Null entries are skipped.
    /// </remarks>
    public static IReadOnlyList<string> Clean(IEnumerable<string?> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);

        var categories = new List<string>();
        foreach (var entry in entries)
        {
            if (entry is null)
            {
                continue;
            }

            // Most entries are one category, which needs no split.
            if (IsValid(entry))
            {
                if (!categories.Contains(entry, StringComparer.Ordinal))
                {
                    categories.Add(entry);
                }

                continue;
            }

            foreach (var part in entry.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (IsValid(part) && !categories.Contains(part, StringComparer.Ordinal))
                {
                    categories.Add(part);
                }
            }
        }

        return categories;
    }

    [GeneratedRegex(@"^(?<archive>[a-z]+(?:-[a-z]+)?)(?:\.(?:[A-Z]{2}|[a-z]+(?:-[a-z]+)?))?$", RegexOptions.CultureInvariant)]
    private static partial Regex CategoryPattern();
}
