using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using TrendBoard.Core.Text;

namespace TrendBoard.Core.Analytics;

/// <summary>
/// Builds links to a paper's page from a validated arXiv id only, so no stored text can inject
/// a path, query or scheme: <c>https://huggingface.co/papers/{id}</c> for a new-style id and
/// <c>https://arxiv.org/abs/{id}</c> for an old-style one.
/// </summary>
/// <remarks>
/// Hugging Face links take only new-style ids in the stored form: <c>YYMM.NNNN</c> or
/// <c>YYMM.NNNNN</c> with a month from 01 to 12, no <c>arXiv:</c> prefix and no version suffix.
/// NOTE: old-style ids such as <c>cs/0610004</c> link to arXiv, because their slash would become
/// a second path segment on Hugging Face, and whether Hugging Face serves pages for them is not
/// known here.
/// </remarks>
public static partial class PaperLinks
{
    /// <summary>The page prefix every link starts with.</summary>
    public const string HuggingFacePapersPrefix = "https://huggingface.co/papers/";

    /// <summary>Builds the Hugging Face page of <paramref name="paperId"/>, or returns false when the id is not a stored new-style arXiv id.</summary>
    public static bool TryGetHuggingFaceUrl(string? paperId, [NotNullWhen(true)] out string? url)
    {
        url = null;
        if (paperId is null || !StoredNewStyleId().IsMatch(paperId))
        {
            return false;
        }

        // ArxivId also checks the month; it must return the id unchanged, so nothing was stripped.
        if (!ArxivId.TryNormalize(paperId, out var normalized) || !string.Equals(normalized, paperId, StringComparison.Ordinal))
        {
            return false;
        }

        url = HuggingFacePapersPrefix + paperId;
        return true;
    }

    /// <summary>The arXiv abstract page prefix of the old-style ids' links.</summary>
    public const string ArxivAbsPrefix = "https://arxiv.org/abs/";

    /// <summary>
    /// Builds the page of <paramref name="paperId"/>: its Hugging Face page for a new-style id,
    /// its arXiv abstract page for an old-style id such as <c>hep-th/9901001</c>. Returns false
    /// for any id that <see cref="ArxivId"/> does not accept unchanged.
    /// </summary>
    public static bool TryGetPaperUrl(string? paperId, [NotNullWhen(true)] out string? url)
    {
        if (TryGetHuggingFaceUrl(paperId, out url))
        {
            return true;
        }

        if (!ArxivId.TryNormalize(paperId, out var normalized) || !string.Equals(normalized, paperId, StringComparison.Ordinal))
        {
            return false;
        }

        // An old-style id keeps its slash as a path separator, as arXiv's own links do, and each
        // segment is percent-encoded.
        url = ArxivAbsPrefix + string.Join('/', normalized.Split('/').Select(Uri.EscapeDataString));
        return true;
    }

    /// <summary>Builds the Hugging Face page of <paramref name="paperId"/>.</summary>
    /// <exception cref="FormatException">The id is not a new-style arXiv id in stored form, such as <c>2406.01234</c>.</exception>
    public static string GetHuggingFaceUrl(string paperId)
    {
        ArgumentNullException.ThrowIfNull(paperId);

        if (!TryGetHuggingFaceUrl(paperId, out var url))
        {
            throw new FormatException(
                $"'{paperId}' is not a new-style arXiv id such as 2406.01234 (no prefix, no version), so no Hugging Face link can be built from it.");
        }

        return url;
    }

    [GeneratedRegex(@"^[0-9]{4}\.[0-9]{4,5}\z", RegexOptions.CultureInvariant)]
    private static partial Regex StoredNewStyleId();
}
