using System.IO.Compression;
using System.Text.Json;
using TrendBoard.Web.Hosting;

namespace TrendBoard.Web.Tests.Infrastructure;

/// <summary>Files of the bundled corpus and of the test data, with counts read straight from their JSON.</summary>
internal static class RealData
{
    /// <summary>A bundled Daily Papers response (a JSON array of items, gzip-compressed).</summary>
    public const string DailyPapersFileName = "2024-05-27.json.gz";

    public static string RepositoryRoot { get; } =
        TrendBoardOptions.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"No TrendBoard.sln above {AppContext.BaseDirectory}; run the tests from a checkout.");

    public static string DailyPapersPath => Path.Combine(RepositoryRoot, "data", "hf-daily-papers", DailyPapersFileName);

    /// <summary>Returns a file under the test project's <c>TestData</c> folder.</summary>
    public static string TestDataPath(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    /// <summary>Returns the number of items and the distinct <c>paper.id</c> values of a Daily Papers response.</summary>
    public static (int Items, IReadOnlySet<string> PaperIds) CountDailyPapers(string path)
    {
        using var file = File.OpenRead(path);
        using Stream content = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var json = JsonDocument.Parse(content);

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in json.RootElement.EnumerateArray())
        {
            ids.Add(item.GetProperty("paper").GetProperty("id").GetString()!);
        }

        return (json.RootElement.GetArrayLength(), ids);
    }

    /// <summary>Returns the decompressed bytes of a gzip file.</summary>
    public static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
