using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;

namespace TrendBoard.Cli.Tests;

/// <summary>
/// Kills a <c>trendboard import</c> child process in the middle of a large file and checks that
/// the database is exactly as before the file and that a second run completes it.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ImportKillTests : IDisposable
{
    // Large enough that the import is still running when its first batch is reported, even on a
    // fast machine: the store writes batches of 10,000 papers.
    private const int BigFileRecords = 200_000;

    private readonly string _folder = Directory.CreateTempSubdirectory("trendboard-kill-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task KilledImportLeavesDatabaseAsBefore()
    {
        var databasePath = Path.Combine(_folder, "kill.duckdb");
        var smallFile = WriteListing("2025-05-02.jsonl", firstNumber: 1, count: 3);
        var bigFile = WriteListing("2025-05-05.jsonl", firstNumber: 1, count: BigFileRecords);

        var first = await RunCliAsync(databasePath, smallFile, killWhenStarted: false);
        Assert.True(first.ExitCode == 0, first.Error);
        var before = ReadCounts(databasePath);
        Assert.Equal(3, before.Papers);

        var killed = await RunCliAsync(databasePath, bigFile, killWhenStarted: true);
        Assert.True(killed.WasKilled, $"The import ended before it could be killed; raise {nameof(BigFileRecords)}. Output: {killed.Error}");
        Assert.Contains("records stored", killed.Error, StringComparison.Ordinal);

        var afterKill = ReadCounts(databasePath);
        Assert.Equal(before, afterKill);

        var second = await RunCliAsync(databasePath, bigFile, killWhenStarted: false);
        Assert.True(second.ExitCode == 0, second.Error);
        var afterSecond = ReadCounts(databasePath);

        // The big file repeats the small file's three ids on a later listing day, so it updates
        // those three and adds BigFileRecords - 3 papers.
        Assert.Equal(BigFileRecords, afterSecond.Papers);
        Assert.Equal(before.Imports + 1, afterSecond.Imports);
        Assert.Equal(0, afterSecond.Rejects);
        Assert.Equal([3, BigFileRecords - 3, BigFileRecords], ReadLastImport(databasePath));
    }

    [Fact]
    public async Task InterruptedImportRollsBackAndSaysSo()
    {
        var databasePath = Path.Combine(_folder, "interrupt.duckdb");
        var smallFile = WriteListing("2025-05-02.jsonl", firstNumber: 1, count: 3);
        var bigFile = WriteListing("2025-05-05.jsonl", firstNumber: 1, count: BigFileRecords);
        var first = await RunCliAsync(databasePath, smallFile, killWhenStarted: false);
        Assert.True(first.ExitCode == 0, first.Error);
        var before = ReadCounts(databasePath);

        // SIGINT is what Ctrl+C sends in a terminal; the kill command sends it on Linux and macOS.
        var interrupted = await RunCliAsync(databasePath, bigFile, killWhenStarted: true, interrupt: true);

        Assert.True(interrupted.WasKilled, $"The import ended before it could be interrupted; raise {nameof(BigFileRecords)}. Output: {interrupted.Error}");
        Assert.Equal(130, interrupted.ExitCode);
        Assert.Contains("cancelled: each file is imported in one transaction", interrupted.Error, StringComparison.Ordinal);
        Assert.Equal(before, ReadCounts(databasePath));
    }

    /// <summary>Writes an arXiv listing file of synthetic papers numbered from <paramref name="firstNumber"/> on, from id 2505.00001.</summary>
    private string WriteListing(string name, int firstNumber, int count)
    {
        var path = Path.Combine(_folder, name);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        for (var number = firstNumber; number < firstNumber + count; number++)
        {
            // arXiv numbers have five digits per month, so the ids run on into the next months.
            var id = string.Create(CultureInfo.InvariantCulture, $"{2505 + ((number - 1) / 99_999)}.{((number - 1) % 99_999) + 1:D5}");
            var row = new Dictionary<string, object>
            {
                ["id"] = id,
                ["authors"] = new[] { "Ada Lovelace", "Alan Turing" },
                ["title"] = $"Synthetic paper {id} on sparse attention",
                ["categories"] = new[] { "cs.CL", "cs.LG" },
                ["summary"] = $"We study paper {id}. " + string.Concat(Enumerable.Repeat("Transformers route tokens through sparse attention heads. ", 8)),
            };
            writer.WriteLine(JsonSerializer.Serialize(row));
        }

        return path;
    }

    /// <param name="killWhenStarted">Stop the import once its first batch is stored.</param>
    /// <param name="interrupt">Stop it with SIGINT, as Ctrl+C does, instead of killing the process.</param>
    private static async Task<ChildResult> RunCliAsync(string databasePath, string inputPath, bool killWhenStarted, bool interrupt = false)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliRunner.BuiltCliAssemblyPath());
        start.ArgumentList.Add("import");
        start.ArgumentList.Add(inputPath);
        start.ArgumentList.Add("--db");
        start.ArgumentList.Add(databasePath);

        using var process = Process.Start(start)!;
        var error = new StringBuilder();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (error)
            {
                error.AppendLine(e.Data);
            }

            if (e.Data.Contains("records stored", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
        var output = process.StandardOutput.ReadToEndAsync();

        var wasKilled = false;
        if (killWhenStarted)
        {
            await Task.WhenAny(started.Task, process.WaitForExitAsync());
            if (!process.HasExited && interrupt)
            {
                using var kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
                wasKilled = kill.ExitCode == 0;
            }
            else if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                wasKilled = true;
            }
        }

        await process.WaitForExitAsync();
        await output;
        lock (error)
        {
            return new ChildResult(process.ExitCode, wasKilled, error.ToString());
        }
    }

    private static Counts ReadCounts(string databasePath)
    {
        using var connection = new DuckDBConnection($"Data Source={databasePath};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM papers), (SELECT count(*) FROM upvote_snapshots),
                   (SELECT count(*) FROM imports), (SELECT count(*) FROM rejects)
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return new Counts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>Returns the updated, new and read counts of the latest import.</summary>
    private static long[] ReadLastImport(string databasePath)
    {
        using var connection = new DuckDBConnection($"Data Source={databasePath};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT updated_count, new_count, read_count FROM imports ORDER BY id DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        reader.Read();
        return [reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2)];
    }

    private sealed record Counts(long Papers, long Snapshots, long Imports, long Rejects);

    private sealed record ChildResult(int ExitCode, bool WasKilled, string Error);
}
