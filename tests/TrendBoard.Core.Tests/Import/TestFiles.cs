namespace TrendBoard.Core.Tests.Import;

/// <summary>Paths of test fixtures and of the repository's bundled corpus.</summary>
internal static class TestFiles
{
    public static string DailyPapers(string name) =>
        Path.Combine(AppContext.BaseDirectory, "TestData", "hf-daily-papers", name);

    public static string TestData(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    /// <summary>The folder holding TrendBoard.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TrendBoard.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName
            ?? throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} contains TrendBoard.sln.");
    }
}
