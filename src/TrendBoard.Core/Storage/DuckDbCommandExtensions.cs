using DuckDB.NET.Data;

namespace TrendBoard.Core.Storage;

/// <summary>
/// Binding and cancellation helpers for DuckDB.NET commands. DuckDB.NET executes synchronously,
/// so a cancellation token can only stop a running statement through <see cref="DuckDBCommand.Cancel"/>,
/// which interrupts the statement on its connection.
/// </summary>
internal static class DuckDbCommandExtensions
{
    public static DuckDBCommand CreateCommand(this DuckDBConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    /// <summary>Binds <paramref name="value"/> to the <c>$name</c> placeholder of the command.</summary>
    public static DuckDBCommand Bind(this DuckDBCommand command, string name, object? value)
    {
        command.Parameters.Add(new DuckDBParameter(name, value));
        return command;
    }

    public static int ExecuteNonQuery(this DuckDBCommand command, CancellationToken cancellationToken)
    {
        return Execute(command, static c => c.ExecuteNonQuery(), cancellationToken);
    }

    public static object? ExecuteScalar(this DuckDBCommand command, CancellationToken cancellationToken)
    {
        return Execute(command, static c => c.ExecuteScalar(), cancellationToken);
    }

    /// <summary>
    /// Runs the query and returns its materialised reader; reading rows afterwards does not
    /// touch the database again, so cancellation only needs to cover the execution.
    /// </summary>
    public static DuckDBDataReader ExecuteReader(this DuckDBCommand command, CancellationToken cancellationToken)
    {
        return Execute(command, static c => c.ExecuteReader(), cancellationToken);
    }

    public static int ExecuteNonQuery(this DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand(sql);
        return command.ExecuteNonQuery(cancellationToken);
    }

    public static T? GetNullable<T>(this DuckDBDataReader reader, int ordinal)
        where T : struct
    {
        return reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
    }

    private static T Execute<T>(DuckDBCommand command, Func<DuckDBCommand, T> execute, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        using var registration = cancellationToken.Register(static state => ((DuckDBCommand)state!).Cancel(), command);
        try
        {
            return execute(command);
        }
        catch (DuckDBException exception) when (cancellationToken.IsCancellationRequested)
        {
            // An interrupted statement fails with a DuckDB error; report it as the cancellation it is.
            throw new OperationCanceledException("The database operation was cancelled.", exception, cancellationToken);
        }
    }
}
