using System.Buffers;
using System.Net;
using System.Text;

namespace TrendBoard.Core.Text;

/// <summary>
/// Cleans titles, abstracts and names read from paper sources: joins hard wraps, collapses
/// whitespace, decodes HTML entities and applies Unicode NFC.
/// </summary>
/// <remarks>
/// The cleaning never touches TeX: <c>$\nabla^2$</c> or <c>10\%</c> stay as they are, except
/// that whitespace inside them is collapsed like anywhere else.
/// </remarks>
public static class TextCleaner
{
    /// <summary>
    /// Replaces each line break, together with the spaces and tabs around it, by one space.
    /// </summary>
    /// <remarks>
    /// arXiv wraps titles and abstracts at spaces, so <c>"Large Multimodal\n  Models"</c> becomes
    /// <c>"Large Multimodal Models"</c>. A hyphen at the end of a line is kept and still followed
    /// by a space (<c>"low-\nand high-quality"</c> becomes <c>"low- and high-quality"</c>), because
    /// arXiv never breaks a word at its hyphen. Line breaks are <c>\n</c>, <c>\r\n</c> and
    /// <c>\r</c>. Other whitespace is left as it is.
    /// </remarks>
    public static string JoinHardWraps(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        if (text.AsSpan().IndexOfAny('\n', '\r') < 0)
        {
            return text;
        }

        // Each line break becomes one space and the spaces before it go, so the output is never
        // longer than the input.
        var rented = ArrayPool<char>.Shared.Rent(text.Length);
        var output = rented.AsSpan(0, text.Length);
        var length = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is not ('\n' or '\r'))
            {
                output[length++] = c;
                i++;
                continue;
            }

            while (length > 0 && output[length - 1] is ' ' or '\t')
            {
                length--;
            }

            while (i < text.Length && text[i] is '\n' or '\r' or ' ' or '\t')
            {
                i++;
            }

            output[length++] = ' ';
        }

        var joined = new string(output[..length]);
        ArrayPool<char>.Shared.Return(rented);
        return joined;
    }

    /// <summary>
    /// Replaces each run of whitespace by one space, removes control characters and trims both ends.
    /// </summary>
    /// <remarks>
    /// Whitespace is what <see cref="char.IsWhiteSpace(char)"/> accepts, which includes line breaks,
    /// tabs and no-break spaces. Control characters (Unicode category Cc) that are not whitespace,
    /// such as U+0000, are dropped.
    /// </remarks>
    public static string CollapseWhitespace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        if (IsCollapsed(text))
        {
            return text;
        }

        var rented = ArrayPool<char>.Shared.Rent(text.Length);
        var output = rented.AsSpan(0, text.Length);
        var length = 0;
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = length > 0;
                continue;
            }

            if (char.IsControl(c))
            {
                continue;
            }

            if (pendingSpace)
            {
                output[length++] = ' ';
                pendingSpace = false;
            }

            output[length++] = c;
        }

        var result = output[..length];
        var collapsed = result.SequenceEqual(text) ? text : new string(result);
        ArrayPool<char>.Shared.Return(rented);
        return collapsed;
    }

    /// <summary>
    /// Returns whether <see cref="CollapseWhitespace"/> would return <paramref name="text"/> as it
    /// is: no whitespace but single spaces between other characters, and no control characters.
    /// </summary>
    private static bool IsCollapsed(string text)
    {
        if (text.Length > 0 && (text[0] == ' ' || text[^1] == ' '))
        {
            return false;
        }

        var previousWasSpace = false;
        foreach (var c in text)
        {
            if (c == ' ')
            {
                if (previousWasSpace)
                {
                    return false;
                }

                previousWasSpace = true;
                continue;
            }

            // Printable ASCII is neither whitespace nor a control character; check the rest.
            if (c is < '!' or > '~' && (char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                return false;
            }

            previousWasSpace = false;
        }

        return true;
    }

    /// <summary>
    /// Returns <paramref name="text"/> in Unicode Normalization Form C, so that for example
    /// <c>u</c> followed by U+0308 (combining diaeresis) becomes <c>ü</c>.
    /// </summary>
    /// <remarks>
    /// Uses ICU through <see cref="string.Normalize(NormalizationForm)"/>, so the app must not run
    /// in globalization-invariant mode, where .NET leaves non-ASCII text unchanged.
    /// </remarks>
    public static string NormalizeNfc(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// Decodes HTML character references such as <c>&amp;amp;</c>, <c>&amp;#956;</c> and
    /// <c>&amp;eacute;</c> with <see cref="WebUtility.HtmlDecode(string)"/>.
    /// </summary>
    /// <remarks>
    /// Only complete references ending in <c>;</c> are decoded, so TeX alignment such as
    /// <c>a &amp; b</c> is kept. Run this before <see cref="CollapseWhitespace"/>, because
    /// <c>&amp;nbsp;</c> decodes to a no-break space.
    /// </remarks>
    public static string DecodeHtmlEntities(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        return text.Contains('&', StringComparison.Ordinal) ? WebUtility.HtmlDecode(text) : text;
    }

    /// <summary>
    /// Cleans a title: decodes HTML entities, joins hard wraps, collapses whitespace and applies NFC.
    /// </summary>
    public static string CleanTitle(string title)
    {
        ArgumentNullException.ThrowIfNull(title);

        return NormalizeNfc(CollapseWhitespace(JoinHardWraps(DecodeHtmlEntities(title))));
    }

    /// <summary>
    /// Cleans a title from a source that is not HTML (arXiv feeds and listings, copied text, CSV):
    /// joins hard wraps, collapses whitespace and applies NFC.
    /// </summary>
    /// <remarks>
    /// Unlike <see cref="CleanTitle"/>, this does not decode HTML entities, because in these sources
    /// <c>&amp;amp;</c> is literal text.
    /// </remarks>
    public static string CleanPlainTitle(string title)
    {
        ArgumentNullException.ThrowIfNull(title);

        return NormalizeNfc(CollapseWhitespace(JoinHardWraps(title)));
    }

    /// <summary>
    /// Cleans an abstract: joins hard wraps, collapses whitespace and applies NFC.
    /// </summary>
    /// <remarks>
    /// HTML entities are not decoded, because abstracts are plain text with TeX, where
    /// <c>&amp;</c> is literal.
    /// </remarks>
    public static string CleanAbstract(string summary)
    {
        ArgumentNullException.ThrowIfNull(summary);

        return NormalizeNfc(CollapseWhitespace(JoinHardWraps(summary)));
    }

    /// <summary>
    /// Cleans a short label such as an author name or a keyword: collapses whitespace and applies NFC.
    /// </summary>
    public static string CleanLabel(string label)
    {
        ArgumentNullException.ThrowIfNull(label);

        return NormalizeNfc(CollapseWhitespace(label));
    }
}
