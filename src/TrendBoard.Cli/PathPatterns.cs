using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileSystemGlobbing;

namespace TrendBoard.Cli;

/// <summary>
/// Expands glob patterns such as <c>data/**/2025-0?-*.json.gz</c> in import paths, for shells that
/// do not expand them (Windows) and for quoted patterns.
/// </summary>
internal static class PathPatterns
{
    private static readonly char[] _wildcards = ['*', '?', '['];

    /// <summary>
    /// Returns whether <paramref name="path"/> contains a wildcard (<c>*</c>, <c>?</c> or
    /// <c>[</c>) and is not the name of an existing file or folder, such as <c>results [v2].csv</c>.
    /// </summary>
    public static bool IsPattern(string path) =>
        path.IndexOfAny(_wildcards) >= 0 && !File.Exists(path) && !Directory.Exists(path);

    /// <summary>
    /// Returns the files that <paramref name="pattern"/> matches, sorted by path. The folder part
    /// before the first wildcard is the search root. <c>*</c> matches any characters within one
    /// folder, <c>**</c> any folders, <c>?</c> one character, and <c>[abc]</c>, <c>[a-z]</c> or
    /// <c>[!abc]</c> one character of (or not of) a set. A <c>[</c> without its <c>]</c> is a
    /// plain character.
    /// </summary>
    public static IReadOnlyList<string> Expand(string pattern)
    {
        var normalized = pattern.Replace('\\', '/');
        var firstWildcard = normalized.IndexOfAny(_wildcards);
        var rootEnd = normalized.LastIndexOf('/', firstWildcard);
        var root = rootEnd < 0 ? "." : normalized[..rootEnd];
        if (root.Length == 0)
        {
            root = "/";
        }

        if (!Directory.Exists(root))
        {
            return [];
        }

        // The matcher supports only * and **, so it lists a superset with every ? and [...] read
        // as *, and the regular expression keeps the exact matches.
        var relative = normalized[(rootEnd + 1)..];
        var (matcherPattern, exact) = Translate(relative);
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(matcherPattern);
        var rootPath = Path.GetFullPath(root);
        return matcher.GetResultsInFullPath(root)
            .Where(path => exact.IsMatch(Path.GetRelativePath(rootPath, path).Replace('\\', '/')))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Returns the pattern for <see cref="Matcher"/> (each <c>?</c> and set as <c>*</c>) and a
    /// regular expression that matches exactly the relative paths the pattern describes.
    /// </summary>
    private static (string MatcherPattern, Regex Exact) Translate(string pattern)
    {
        var loose = new StringBuilder();
        var exact = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var followedBySlash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                loose.Append(followedBySlash ? "**/" : "**");
                exact.Append(followedBySlash ? "(?:.*/)?" : ".*");
                i += followedBySlash ? 2 : 1;
            }
            else if (c == '*')
            {
                loose.Append('*');
                exact.Append("[^/]*");
            }
            else if (c == '?')
            {
                loose.Append('*');
                exact.Append("[^/]");
            }
            else if (c == '[' && TryReadSet(pattern, i, out var set, out var end))
            {
                loose.Append('*');
                exact.Append(set);
                i = end;
            }
            else
            {
                loose.Append(c);
                exact.Append(Regex.Escape(c.ToString()));
            }
        }

        exact.Append('$');
        return (loose.ToString(), new Regex(exact.ToString(), RegexOptions.CultureInvariant));
    }

    /// <summary>
    /// Reads the set that starts with <c>[</c> at <paramref name="start"/> into a regular
    /// expression class. <paramref name="end"/> receives the index of its <c>]</c>.
    /// </summary>
    private static bool TryReadSet(string pattern, int start, out string set, out int end)
    {
        var i = start + 1;
        var negated = i < pattern.Length && (pattern[i] == '!' || pattern[i] == '^');
        if (negated)
        {
            i++;
        }

        // A ] right after the opening [ (or [!) belongs to the set, as in POSIX shells.
        var first = i;
        var members = new StringBuilder();
        for (; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == ']' && i > first)
            {
                set = (negated ? "[^/" : "[") + members + "]";
                end = i;
                return true;
            }

            if (c == '/')
            {
                break;
            }

            // A dash between two members makes a range. Any other character stands for itself.
            members.Append(c == '-' && i > first && i + 1 < pattern.Length && pattern[i + 1] != ']' ? "-" : Regex.Escape(c.ToString()).Replace("]", "\\]", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal));
        }

        set = "";
        end = start;
        return false;
    }
}
