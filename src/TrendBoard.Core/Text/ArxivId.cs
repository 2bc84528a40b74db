using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TrendBoard.Core.Text;

/// <summary>
/// Normalises arXiv identifiers to the form TrendBoard stores: no <c>arXiv:</c> prefix and no
/// version suffix.
/// </summary>
/// <remarks>
/// Accepted forms, after trimming and an optional case-insensitive <c>arXiv:</c> prefix:
/// <list type="bullet">
/// <item>new style <c>YYMM.NNNN</c> (2007 to 2014) or <c>YYMM.NNNNN</c> (from 2015), such as <c>2604.07429</c>;</item>
/// <item>old style <c>archive/YYMMNNN</c>, such as <c>cs/0610004</c> or <c>hep-th/9901001</c>, where a
/// subject class (<c>math.GT/0309136</c>) is dropped because arXiv's identifier is <c>math/0309136</c>.</item>
/// </list>
/// Either form may end in a version such as <c>v2</c>, which is removed.
/// </remarks>
public static partial class ArxivId
{
    private const string OaiPrefix = "oai:arXiv.org:";

    /// <summary>
    /// Normalises <paramref name="raw"/>, or returns false when it is not an arXiv identifier.
    /// </summary>
    public static bool TryNormalize(string? raw, [NotNullWhen(true)] out string? id)
    {
        id = null;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }

        var text = raw.Trim();
        if (text.StartsWith("arXiv:", StringComparison.OrdinalIgnoreCase))
        {
            text = text["arXiv:".Length..];
        }

        var newStyle = NewStyle().Match(text);
        if (newStyle.Success)
        {
            var month = int.Parse(newStyle.Groups["month"].ValueSpan, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12)
            {
                return false;
            }

            id = newStyle.Groups["id"].Value;
            return true;
        }

        var oldStyle = OldStyle().Match(text);
        if (oldStyle.Success)
        {
            id = oldStyle.Groups["archive"].Value + "/" + oldStyle.Groups["number"].Value;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Normalises <paramref name="raw"/>.
    /// </summary>
    /// <exception cref="FormatException"><paramref name="raw"/> is not an arXiv identifier.</exception>
    public static string Normalize(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);

        if (!TryNormalize(raw, out var id))
        {
            throw new FormatException(
                $"'{raw}' is not an arXiv identifier. Expected a form such as 2604.07429, 2604.07429v2 or cs/0610004.");
        }

        return id;
    }

    /// <summary>
    /// Reads an arXiv identifier from a bare identifier, an arxiv.org <c>abs</c> or <c>pdf</c> URL
    /// (<c>http://arxiv.org/abs/2510.14968v1</c>) or an OAI-PMH identifier
    /// (<c>oai:arXiv.org:cs/0610004</c>), and normalises it as <see cref="TryNormalize"/> does.
    /// </summary>
    /// <remarks>
    /// URLs may use <c>http</c> or <c>https</c>, the hosts <c>arxiv.org</c>, <c>www.arxiv.org</c> or
    /// <c>export.arxiv.org</c>, and end in <c>.pdf</c>, a slash, a query or a fragment.
    /// </remarks>
    public static bool TryParseReference(string? text, [NotNullWhen(true)] out string? id)
    {
        id = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // Most sources give a bare new-style id, which needs neither trimming nor the patterns.
        if (IsBareNewStyleId(text))
        {
            id = text;
            return true;
        }

        var trimmed = text.Trim();
        if (trimmed.StartsWith(OaiPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return TryNormalize(trimmed[OaiPrefix.Length..], out id);
        }

        var url = ArxivUrl().Match(trimmed);
        return TryNormalize(url.Success ? url.Groups["id"].Value : trimmed, out id);
    }

    /// <summary>Returns whether <paramref name="text"/> is exactly <c>YYMM.NNNN</c> or <c>YYMM.NNNNN</c> with a month from 01 to 12.</summary>
    private static bool IsBareNewStyleId(string text)
    {
        if (text.Length is not (9 or 10) || text[4] != '.'
            || text.AsSpan(0, 4).ContainsAnyExceptInRange('0', '9')
            || text.AsSpan(5).ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var month = ((text[2] - '0') * 10) + (text[3] - '0');
        return month is >= 1 and <= 12;
    }

    [GeneratedRegex(@"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(?<id>[^?#]+?)(?:\.pdf)?/?(?:[?#].*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ArxivUrl();

    [GeneratedRegex(@"^(?<id>[0-9]{2}(?<month>[0-9]{2})\.[0-9]{4,5})(?:v[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NewStyle();

    [GeneratedRegex(@"^(?<archive>[a-z]+(?:-[a-z]+)?)(?:\.[A-Za-z]+(?:-[a-z]+)?)?/(?<number>[0-9]{7})(?:v[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex OldStyle();
}
