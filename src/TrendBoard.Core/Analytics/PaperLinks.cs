using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using TrendBoard.Core.Text;

namespace TrendBoard.Core.Analytics;

/// <summary>
/// Builds links to a paper's Hugging Face page, <c>https://huggingface.co/papers/{id}</c>, from
/// a validated arXiv id only, so no stored text can inject a path, query or scheme.
/// </summary>
/// <remarks>
/// Only new-style ids in the stored form are accepted: <c>YYMM.NNNN</c> or <c>YYMM.NNNNN</c> with
/// a month from 01 to 12, no <c>arXiv:</c> prefix and no version suffix. Old-style ids such as
/// <c>cs/0610004</c> get no link.
/// NOTE: old-style ids are left out because their slash would become a second path segment,
/// and whether Hugging Face serves pages for them is not known here.
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
