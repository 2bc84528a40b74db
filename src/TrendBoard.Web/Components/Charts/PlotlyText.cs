namespace TrendBoard.Web.Components.Charts;

/// <summary>
/// Encoding of untrusted text (topic labels, keywords) for plotly.js, which reads a subset of
/// HTML (<c>&lt;b&gt;</c>, <c>&lt;a href&gt;</c>, <c>&lt;br&gt;</c>) in trace names, axis labels and hover text.
/// </summary>
public static class PlotlyText
{
    /// <summary>
    /// Replaces <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> with entities, so plotly.js shows the
    /// text as written instead of reading tags from it.
    /// </summary>
    /// <remarks>plotly.js 3.7 turns these entities back into the characters when it draws the text.</remarks>
    public static string Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        return text
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);
    }
}
