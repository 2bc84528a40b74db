using TrendBoard.Core.Analytics;
using TrendBoard.Core.Text;

namespace TrendBoard.Web.Components.Dashboard;

/// <summary>
/// Links from a paper id to its page: Hugging Face for new-style arXiv ids, arXiv for old-style
/// ones. Built only from an id that <see cref="ArxivId"/> accepts unchanged, with every path
/// segment percent-encoded, so stored text can add no path, query or scheme.
/// </summary>
public static class PaperUrls
{
    /// <summary>The arXiv abstract page prefix.</summary>
    public const string ArxivAbsPrefix = "https://arxiv.org/abs/";

    /// <summary>Returns the paper's page, or null when the id is not a stored arXiv id.</summary>
    public static string? For(string? paperId)
    {
        if (PaperLinks.TryGetHuggingFaceUrl(paperId, out var huggingFace))
        {
            return huggingFace;
        }

        if (!ArxivId.TryNormalize(paperId, out var normalized) || !string.Equals(normalized, paperId, StringComparison.Ordinal))
        {
            return null;
        }

        // An old-style id such as cs/0610004 keeps its slash as a path separator, as arXiv's own links do.
        return ArxivAbsPrefix + string.Join('/', normalized.Split('/').Select(Uri.EscapeDataString));
    }
}
