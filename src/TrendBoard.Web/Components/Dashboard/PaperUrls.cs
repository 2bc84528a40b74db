using TrendBoard.Core.Analytics;

namespace TrendBoard.Web.Components.Dashboard;

/// <summary>
/// Links from a paper id to its page, by the rule of <see cref="PaperLinks.TryGetPaperUrl"/>:
/// Hugging Face for new-style arXiv ids, arXiv for old-style ones, and none for other text.
/// </summary>
public static class PaperUrls
{
    /// <summary>Returns the paper's page, or null when the id is not a stored arXiv id.</summary>
    public static string? For(string? paperId) => PaperLinks.TryGetPaperUrl(paperId, out var url) ? url : null;
}
