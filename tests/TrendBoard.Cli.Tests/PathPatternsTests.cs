namespace TrendBoard.Cli.Tests;

/// <summary>Glob patterns of import paths, expanded over a small folder tree.</summary>
public sealed class PathPatternsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("trendboard-glob-").FullName;

    public PathPatternsTests()
    {
        foreach (var file in new[]
        {
            "2025-05-31.json.gz", "2025-06-01.json.gz", "2025-06-02.json.gz", "2025-06-10.json.gz",
            "2025-06-1.json.gz", "notes.txt", "results [v2].csv", "a/2025-07-01.json.gz",
            "a/b/2025-08-01.json.gz",
        })
        {
            var path = Path.Combine(_root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "");
        }
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData("2025-06-0?.json.gz", "2025-06-01.json.gz 2025-06-02.json.gz")]
    [InlineData("2025-06-??.json.gz", "2025-06-01.json.gz 2025-06-02.json.gz 2025-06-10.json.gz")]
    [InlineData("2025-0[5-6]-[03]1.json.gz", "2025-05-31.json.gz 2025-06-01.json.gz")]
    [InlineData("2025-06-[!0]*.json.gz", "2025-06-1.json.gz 2025-06-10.json.gz")]
    [InlineData("*.json.gz", "2025-05-31.json.gz 2025-06-01.json.gz 2025-06-02.json.gz 2025-06-1.json.gz 2025-06-10.json.gz")]
    [InlineData("**/2025-0?-01.json.gz", "2025-06-01.json.gz a/2025-07-01.json.gz a/b/2025-08-01.json.gz")]
    [InlineData("a/*/*.json.gz", "a/b/2025-08-01.json.gz")]
    public void PatternMatchesExactlyItsFiles(string pattern, string expected)
    {
        var matches = PathPatterns.Expand(Path.Combine(_root, pattern))
            .Select(path => Path.GetRelativePath(_root, path).Replace('\\', '/'));

        Assert.Equal(expected.Split(' ').Order(StringComparer.Ordinal), matches.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void BracketWithoutClosingIsPlainCharacter()
    {
        File.WriteAllText(Path.Combine(_root, "x[1.csv"), "");

        var matches = PathPatterns.Expand(Path.Combine(_root, "*[1.csv"));

        Assert.Equal([Path.Combine(_root, "x[1.csv")], matches);
    }

    [Fact]
    public void ExistingNameWithBracketsIsNotPattern()
    {
        Assert.False(PathPatterns.IsPattern(Path.Combine(_root, "results [v2].csv")));
        Assert.True(PathPatterns.IsPattern(Path.Combine(_root, "results [v3].csv")));
        Assert.True(PathPatterns.IsPattern(Path.Combine(_root, "2025-06-0?.json.gz")));
    }
}
