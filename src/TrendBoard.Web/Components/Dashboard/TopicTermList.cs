using TrendBoard.Core.Topics;

namespace TrendBoard.Web.Components.Dashboard;

/// <summary>
/// A topic's best terms as one line of text, the same on the dashboard's topic table and the
/// Topics page.
/// </summary>
public static class TopicTermList
{
    /// <summary>Terms listed per topic: 10, as many as the topic summaries panel lists by default, which is enough to tell neighbouring topics apart.</summary>
    public const int TermsShown = 10;

    /// <summary>Returns the first <see cref="TermsShown"/> terms by rank, separated by commas.</summary>
    public static string Format(IEnumerable<TopicTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);

        return string.Join(", ", terms.OrderBy(term => term.Rank).Take(TermsShown).Select(term => term.Term));
    }
}
