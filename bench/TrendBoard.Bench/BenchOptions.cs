using System.Globalization;
using TrendBoard.Core.Pipeline;

namespace TrendBoard.Bench;

/// <summary>Command-line settings of the benchmark.</summary>
internal sealed record BenchOptions(string DatabasePath, string CorpusPath, int Papers, int Repeat, string? Only)
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/TrendBoard.Bench -- [options]
          --db PATH       database file to build or reuse (default: trendboard-bench/papers-N.duckdb under the temp folder)
          --corpus PATH   folder of paper files to start from (default: the repository's data/hf-daily-papers)
          --papers N      papers in the database (default: 1000000)
          --repeat N      timed runs per query after one warm-up (default: 11)
          --only TEXT     time only the queries whose name contains TEXT
        A database that already exists is reused as it is.
        The import benchmark is a separate command: run it with 'import' as the first argument for its usage.
        """;

    public static BenchOptions? Parse(string[] args)
    {
        string? databasePath = null;
        var corpusPath = TrendBoardPaths.DefaultCorpusPath();
        var papers = 1_000_000;
        var repeat = 11;
        string? only = null;

        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--db" when value is not null:
                    databasePath = value;
                    break;
                case "--corpus" when value is not null:
                    corpusPath = value;
                    break;
                case "--papers" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0:
                    papers = count;
                    break;
                case "--repeat" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var runs) && runs > 0:
                    repeat = runs;
                    break;
                case "--only" when value is not null:
                    only = value;
                    break;
                default:
                    Console.Error.WriteLine($"error: invalid or missing value for option '{args[i]}'; see the usage below.");
                    return null;
            }

            i++;
        }

        if (corpusPath is null)
        {
            Console.Error.WriteLine("error: no corpus folder found; run inside a TrendBoard checkout or pass --corpus.");
            return null;
        }

        databasePath ??= Path.Combine(Path.GetTempPath(), "trendboard-bench", $"papers-{papers}.duckdb");
        return new BenchOptions(Path.GetFullPath(databasePath), corpusPath, papers, repeat, only);
    }
}
