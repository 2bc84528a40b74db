using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TrendBoard.Core.Topics;

/// <summary>
/// A sparse matrix in compressed sparse row form: the entries of row i are
/// <c>Values[RowStarts[i]..RowStarts[i + 1]]</c> at columns <c>Columns[...]</c>, in ascending order.
/// </summary>
internal sealed class CsrMatrix
{
    /// <summary>Rows handed to one parallel work item. Fixed, so partial sums never depend on the core count.</summary>
    public const int RowBlockSize = 256;

    public CsrMatrix(int rowCount, int columnCount, int[] rowStarts, int[] columns, double[] values)
    {
        RowCount = rowCount;
        ColumnCount = columnCount;
        RowStarts = rowStarts;
        Columns = columns;
        Values = values;
    }

    public int RowCount { get; }

    public int ColumnCount { get; }

    public int[] RowStarts { get; }

    public int[] Columns { get; }

    public double[] Values { get; }

    public int NonZeroCount => Values.Length;

    /// <summary>Builds a matrix from TF-IDF rows, each scaled to unit L2 norm; a row without terms stays empty.</summary>
    public static CsrMatrix FromNormalizedRows(IReadOnlyList<SparseRow> rows, int columnCount)
    {
        var rowStarts = new int[rows.Count + 1];
        for (var i = 0; i < rows.Count; i++)
        {
            rowStarts[i + 1] = rowStarts[i] + rows[i].Indices.Length;
        }

        var columns = new int[rowStarts[^1]];
        var values = new double[rowStarts[^1]];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var norm = row.Norm;
            Array.Copy(row.Indices, 0, columns, rowStarts[i], row.Indices.Length);
            for (var j = 0; j < row.Indices.Length; j++)
            {
                values[rowStarts[i] + j] = norm > 0 ? row.Values[j] / norm : 0;
            }
        }

        return new CsrMatrix(rows.Count, columnCount, rowStarts, columns, values);
    }

    /// <summary>Returns the transpose, whose rows list their entries in ascending column order.</summary>
    public CsrMatrix Transpose()
    {
        var counts = new int[ColumnCount + 1];
        foreach (var column in Columns)
        {
            counts[column + 1]++;
        }

        for (var c = 0; c < ColumnCount; c++)
        {
            counts[c + 1] += counts[c];
        }

        var rowStarts = (int[])counts.Clone();
        var next = (int[])counts.Clone();
        var columns = new int[NonZeroCount];
        var values = new double[NonZeroCount];
        for (var i = 0; i < RowCount; i++)
        {
            for (var e = RowStarts[i]; e < RowStarts[i + 1]; e++)
            {
                var position = next[Columns[e]]++;
                columns[position] = i;
                values[position] = Values[e];
            }
        }

        return new CsrMatrix(ColumnCount, RowCount, rowStarts, columns, values);
    }

    /// <summary>Returns the mean of all entries, zeros included.</summary>
    public double Mean()
    {
        var sum = 0.0;
        foreach (var value in Values)
        {
            sum += value;
        }

        return sum / ((double)RowCount * ColumnCount);
    }

    /// <summary>
    /// Computes <c>this × dense</c>, where <paramref name="dense"/> is row-major with
    /// <paramref name="width"/> columns and one row per column of this matrix.
    /// </summary>
    /// <remarks>
    /// Rows run in parallel, and each output element is summed over the row's entries in column
    /// order, so the result is the same on any number of cores and any vector width.
    /// </remarks>
    public double[] MultiplyDense(double[] dense, int width, CancellationToken cancellationToken)
    {
        var result = new double[RowCount * width];
        ForEachRowBlock(RowCount, cancellationToken, (start, end) => MultiplyRows(dense, width, result, start, end));
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MultiplyRows(double[] dense, int width, double[] result, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            var target = result.AsSpan(i * width, width);
            for (var e = RowStarts[i]; e < RowStarts[i + 1]; e++)
            {
                AddScaled(target, dense.AsSpan(Columns[e] * width, width), Values[e]);
            }
        }
    }

    /// <summary>Runs <paramref name="body"/> over fixed blocks of <see cref="RowBlockSize"/> rows in parallel.</summary>
    public static void ForEachRowBlock(int rowCount, CancellationToken cancellationToken, Action<int, int> body)
    {
        var blockCount = (rowCount + RowBlockSize - 1) / RowBlockSize;
        var parallelOptions = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, blockCount, parallelOptions, block =>
        {
            var start = block * RowBlockSize;
            body(start, Math.Min(rowCount, start + RowBlockSize));
        });
    }

    /// <summary>Adds <c>scale × source</c> to <paramref name="target"/> element by element.</summary>
    /// <remarks>
    /// Each element is one multiplication and one addition whatever the vector width, so the
    /// result is the same with or without SIMD.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled(Span<double> target, ReadOnlySpan<double> source, double scale)
    {
        var targetVectors = MemoryMarshal.Cast<double, Vector<double>>(target);
        var sourceVectors = MemoryMarshal.Cast<double, Vector<double>>(source);
        var factor = new Vector<double>(scale);
        for (var v = 0; v < targetVectors.Length; v++)
        {
            targetVectors[v] += factor * sourceVectors[v];
        }

        for (var i = targetVectors.Length * Vector<double>.Count; i < target.Length; i++)
        {
            target[i] += scale * source[i];
        }
    }
}
