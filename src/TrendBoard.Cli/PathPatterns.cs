using Microsoft.Extensions.FileSystemGlobbing;

namespace TrendBoard.Cli;

/// <summary>
/// Expands glob patterns such as <c>data/**/*.json.gz</c> in import paths, for shells that do not
/// expand them (Windows) and for quoted patterns.
/// </summary>
internal static class PathPatterns
{
    private static readonly char[] _wildcards = ['*', '?'];

    /// <summary>Returns whether <paramref name="path"/> contains a wildcard (<c>*</c> or <c>?</c>).</summary>
    public static bool IsPattern(string path) => path.IndexOfAny(_wildcards) >= 0;

    /// <summary>
    /// Returns the files that <paramref name="pattern"/> matches, sorted by path. The folder part
    /// before the first wildcard is the search root; <c>*</c> matches within one folder and
    /// <c>**</c> across folders.
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

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(normalized[(rootEnd + 1)..]);
        return matcher.GetResultsInFullPath(root).Order(StringComparer.Ordinal).ToList();
    }
}
