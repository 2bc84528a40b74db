namespace TrendBoard.Core.Export;

/// <summary>
/// Rows of one export with their column names, ready for <see cref="CsvExportWriter"/> or
/// <see cref="JsonExportWriter"/>.
/// </summary>
/// <remarks>
/// A cell is <see langword="null"/>, a <see cref="string"/>, a <see cref="bool"/>, an
/// <see cref="int"/>, a <see cref="long"/>, a <see cref="double"/>, a <see cref="DateOnly"/> or a
/// <see cref="DateTimeOffset"/>; the writers reject any other type.
/// </remarks>
public sealed class ExportTable
{
    /// <summary>Creates a table and checks that every row has one cell per column.</summary>
    /// <param name="columns">Column names, written as given (snake_case by convention).</param>
    /// <param name="rows">Rows in output order.</param>
    /// <exception cref="ArgumentException">A column name is empty or repeated, or a row's length differs from the column count.</exception>
    public ExportTable(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        if (columns.Count == 0)
        {
            throw new ArgumentException("An export table needs at least one column.", nameof(columns));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (string.IsNullOrWhiteSpace(column) || !seen.Add(column))
            {
                throw new ArgumentException($"Column name '{column}' is empty or repeated; every column needs its own name.", nameof(columns));
            }
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Count != columns.Count)
            {
                throw new ArgumentException($"Row {i} has {rows[i].Count} cells but the table has {columns.Count} columns.", nameof(rows));
            }
        }

        Columns = columns;
        Rows = rows;
    }

    /// <summary>Column names in output order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows in output order; each has one cell per column.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> Rows { get; }
}
