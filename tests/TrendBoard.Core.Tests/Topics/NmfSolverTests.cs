using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Tests.Topics;

public sealed class NmfSolverTests
{
    /// <summary>Builds a CSR matrix from dense rows, keeping only non-zero entries.</summary>
    private static CsrMatrix Sparse(double[][] rows)
    {
        var rowStarts = new int[rows.Length + 1];
        var columns = new List<int>();
        var values = new List<double>();
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                if (rows[r][c] != 0)
                {
                    columns.Add(c);
                    values.Add(rows[r][c]);
                }
            }

            rowStarts[r + 1] = columns.Count;
        }

        return new CsrMatrix(rows.Length, rows[0].Length, rowStarts, [.. columns], [.. values]);
    }

    [Fact]
    public void SvdOfDiagonalMatrixIsExact()
    {
        var matrix = Sparse([[0, 0, 0, 0, 0, 2], [0, 5, 0, 0, 0, 0], [0, 0, 0, 3, 0, 0], [1, 0, 0, 0, 0, 0]]);

        var svd = RandomizedSvd.Compute(matrix, matrix.Transpose(), rank: 3, powerIterations: 4, seed: 1, CancellationToken.None);

        Assert.Equal(5.0, svd.S[0], precision: 9);
        Assert.Equal(3.0, svd.S[1], precision: 9);
        Assert.Equal(2.0, svd.S[2], precision: 9);

        // The first left vector is row 1 and the first right vector is column 1, up to sign.
        Assert.Equal(1.0, Math.Abs(svd.U[(1 * 3) + 0]), precision: 9);
        Assert.Equal(1.0, Math.Abs(svd.V[(1 * 3) + 0]), precision: 9);
    }

    [Fact]
    public void NmfRecoversPlantedBlocks()
    {
        // Papers 0-2 use terms 0-2 and papers 3-5 use terms 3-5: two topics with disjoint words.
        double[][] rows =
        [
            [1, 0.8, 0.6, 0, 0, 0],
            [0.9, 1, 0.5, 0, 0, 0],
            [0.7, 0.6, 1, 0, 0, 0],
            [0, 0, 0, 1, 0.7, 0.9],
            [0, 0, 0, 0.6, 1, 0.8],
            [0, 0, 0, 0.8, 0.9, 1],
        ];
        var matrix = Sparse(rows);

        var factors = NmfSolver.Fit(matrix, matrix.Transpose(), rank: 2, seed: 3, maxIterations: 500, tolerance: 1e-8, CancellationToken.None);

        // Each block loads on one component only, and the two blocks on different ones.
        int Dominant(int paper) => factors.Weights[paper * 2] > factors.Weights[(paper * 2) + 1] ? 0 : 1;
        Assert.All([0, 1, 2], p => Assert.Equal(Dominant(0), Dominant(p)));
        Assert.All([3, 4, 5], p => Assert.Equal(Dominant(3), Dominant(p)));
        Assert.NotEqual(Dominant(0), Dominant(3));

        // Each block's best rank-1 part is non-negative, so NMF can reach the best rank-2 error of
        // the SVD: sqrt of the sum of the squared singular values after the first two,
        // 0.625361 (numpy.linalg.svd of this matrix), against a matrix norm of 3.558.
        var error = 0.0;
        for (var r = 0; r < 6; r++)
        {
            for (var c = 0; c < 6; c++)
            {
                var product = (factors.Weights[r * 2] * factors.ComponentsTransposed[c * 2]) + (factors.Weights[(r * 2) + 1] * factors.ComponentsTransposed[(c * 2) + 1]);
                error += (rows[r][c] - product) * (rows[r][c] - product);
            }
        }

        Assert.InRange(Math.Sqrt(error), 0.625361 - 1e-6, 0.625361 * 1.001);
        Assert.All(factors.Weights, w => Assert.True(w >= 0));
        Assert.All(factors.ComponentsTransposed, h => Assert.True(h >= 0));
    }

    [Fact]
    public void SolvedWeightsOfRowDependOnlyOnThatRow()
    {
        double[][] rows =
        [
            [1, 0.5, 0, 0],
            [0, 0, 1, 0.5],
            [0.5, 0, 0.5, 0],
        ];
        var matrix = Sparse(rows);
        var factors = NmfSolver.Fit(matrix, matrix.Transpose(), rank: 2, seed: 1, maxIterations: 100, tolerance: 1e-6, CancellationToken.None);

        var all = NmfSolver.SolveWeights(matrix, factors.ComponentsTransposed, 2, 0.1, 200, 1e-4, CancellationToken.None);
        var last = NmfSolver.SolveWeights(Sparse([rows[2]]), factors.ComponentsTransposed, 2, 0.1, 200, 1e-4, CancellationToken.None);

        Assert.Equal(all[4], last[0]);
        Assert.Equal(all[5], last[1]);
    }

    [Fact]
    public void TransposeSwapsRowsAndColumns()
    {
        var matrix = Sparse([[0, 2, 0], [3, 0, 4]]);

        var transpose = matrix.Transpose();

        Assert.Equal(3, transpose.RowCount);
        Assert.Equal(2, transpose.ColumnCount);
        Assert.Equal([0, 1, 2, 3], transpose.RowStarts);
        Assert.Equal([1, 0, 1], transpose.Columns);
        Assert.Equal([3.0, 2.0, 4.0], transpose.Values);
    }
}
