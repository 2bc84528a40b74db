namespace TrendBoard.Core.Tests.Storage;

/// <summary>A folder under the system temp folder for one test's database file, deleted on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "trendboard-tests", Guid.NewGuid().ToString("N"));
        DatabasePath = Path.Combine(Folder, "data", "trendboard.duckdb");
    }

    public string Folder { get; }

    /// <summary>The database file path; its folder does not exist until a store creates it.</summary>
    public string DatabasePath { get; }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
