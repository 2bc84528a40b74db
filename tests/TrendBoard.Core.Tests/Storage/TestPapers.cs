using DuckDB.NET.Data;
using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Tests.Storage;

/// <summary>Builders for the records an importer would produce, and raw reads of a database file.</summary>
internal static class TestPapers
{
    public static PaperRecord Paper(
        string id,
        DateOnly publishedOn,
        DateOnly? featuredOn = null,
        UpvoteObservation? upvote = null,
        string? title = null,
        IReadOnlyList<string>? keywords = null,
        IReadOnlyList<string>? authors = null,
        string source = "hf-daily-api")
    {
        return new PaperRecord(
            id,
            title ?? $"Title of {id}",
            $"Abstract of {id}, with enough words to look like one.",
            publishedOn,
            featuredOn,
            authors ?? ["Ada Lovelace", "Alan Turing"],
            keywords ?? [],
            upvote,
            source);
    }

    public static ParsedFile File(string sourceFile, params PaperRecord[] papers)
    {
        return new ParsedFile(sourceFile, papers, []);
    }

    public static DateOnly Day(string isoDate)
    {
        return DateOnly.ParseExact(isoDate, "yyyy-MM-dd");
    }

    /// <summary>
    /// Runs a query on the database file directly. Inside one process DuckDB.NET shares the
    /// database between connections to the same path, so this works while a store is open.
    /// </summary>
    public static List<T> Query<T>(string databasePath, string sql, Func<DuckDBDataReader, T> read)
    {
        using var connection = new DuckDBConnection($"Data Source={databasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();

        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public static void Execute(string databasePath, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={databasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
