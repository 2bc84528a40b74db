using System.Runtime.CompilerServices;

namespace TrendBoard.Core.Topics;

/// <summary>
/// The factors of <c>X ≈ W H</c>: paper weights W (papers x k) and term components, stored
/// transposed as Hᵀ (terms x k). Both are row-major.
/// </summary>
internal sealed record NmfFactors(double[] Weights, double[] ComponentsTransposed, int Rank, int Iterations);

/// <summary>
/// Non-negative matrix factorisation with the Frobenius loss, solved by cyclic coordinate
/// descent (HALS) from an NNDSVDa start, the defaults of scikit-learn's <c>NMF</c> (1.2).
/// </summary>
/// <remarks>
/// Every row of W (and of Hᵀ) is updated on its own, so rows run in parallel while each row's
/// arithmetic happens in a fixed order: the factors are the same bit for bit on any number of
/// cores. Convergence is tested like scikit-learn does: the summed projected gradient of a
/// sweep, relative to that of the first sweep.
/// </remarks>
internal static class NmfSolver
{
    /// <summary>Subspace iterations of the randomized SVD behind NNDSVD.</summary>
    private const int SvdPowerIterations = 4;

    /// <summary>
    /// Factorises <paramref name="matrix"/> into <paramref name="rank"/> non-negative components.
    /// </summary>
    public static NmfFactors Fit(
        CsrMatrix matrix,
        CsrMatrix transpose,
        int rank,
        int seed,
        int maxIterations,
        double tolerance,
        CancellationToken cancellationToken)
    {
        var (weights, componentsTransposed) = InitializeNndsvda(matrix, transpose, rank, seed, cancellationToken);

        var initialViolation = 0.0;
        var iterations = 0;
        while (iterations < maxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iterations++;

            // W step: minimise ||X - W H|| over W with H fixed.
            var componentGram = RandomizedSvd.Gram(componentsTransposed, matrix.ColumnCount, rank);
            var projected = matrix.MultiplyDense(componentsTransposed, rank, cancellationToken);
            var violation = Sweep(weights, projected, componentGram, matrix.RowCount, rank, cancellationToken);

            // H step: the same problem transposed, Xᵀ ≈ Hᵀ Wᵀ.
            var weightGram = RandomizedSvd.Gram(weights, matrix.RowCount, rank);
            var coProjected = transpose.MultiplyDense(weights, rank, cancellationToken);
            violation += Sweep(componentsTransposed, coProjected, weightGram, matrix.ColumnCount, rank, cancellationToken);

            if (iterations == 1)
            {
                initialViolation = violation;
            }

            if (initialViolation == 0 || violation / initialViolation <= tolerance)
            {
                break;
            }
        }

        return new NmfFactors(weights, componentsTransposed, rank, iterations);
    }

    /// <summary>
    /// Solves the non-negative weights of each row of <paramref name="matrix"/> for fixed
    /// components, row by row, each from the same start value.
    /// </summary>
    /// <remarks>
    /// A row's weights depend only on that row, the components and <paramref name="startValue"/>,
    /// so weighing a paper alone or inside a corpus gives the same numbers bit for bit. Each row
    /// stops when its own projected gradient falls to <paramref name="tolerance"/> times that of
    /// its first sweep, or after <paramref name="maxIterations"/> sweeps.
    /// </remarks>
    public static double[] SolveWeights(
        CsrMatrix matrix,
        double[] componentsTransposed,
        int rank,
        double startValue,
        int maxIterations,
        double tolerance,
        CancellationToken cancellationToken)
    {
        var componentGram = RandomizedSvd.Gram(componentsTransposed, matrix.ColumnCount, rank);
        var projected = matrix.MultiplyDense(componentsTransposed, rank, cancellationToken);
        var weights = new double[matrix.RowCount * rank];
        CsrMatrix.ForEachRowBlock(matrix.RowCount, cancellationToken, (start, end) =>
        {
            for (var row = start; row < end; row++)
            {
                var w = weights.AsSpan(row * rank, rank);
                if (matrix.RowStarts[row] == matrix.RowStarts[row + 1])
                {
                    continue;
                }

                w.Fill(startValue);
                var p = projected.AsSpan(row * rank, rank);
                var first = 0.0;
                for (var iteration = 0; iteration < maxIterations; iteration++)
                {
                    var violation = SweepRow(w, p, componentGram, rank);
                    if (iteration == 0)
                    {
                        first = violation;
                    }

                    if (first == 0 || violation / first <= tolerance)
                    {
                        break;
                    }
                }
            }
        });
        return weights;
    }

    /// <summary>
    /// Computes the NNDSVDa start (Boutsidis and Gallopoulos 2008): each singular pair's larger
    /// sign part, scaled by its singular value, with zeros replaced by the mean of X.
    /// </summary>
    private static (double[] Weights, double[] ComponentsTransposed) InitializeNndsvda(
        CsrMatrix matrix,
        CsrMatrix transpose,
        int rank,
        int seed,
        CancellationToken cancellationToken)
    {
        var svd = RandomizedSvd.Compute(matrix, transpose, rank, SvdPowerIterations, seed, cancellationToken);
        var rows = matrix.RowCount;
        var columns = matrix.ColumnCount;
        var weights = new double[rows * rank];
        var componentsTransposed = new double[columns * rank];

        for (var j = 0; j < svd.Rank; j++)
        {
            var u = Column(svd.U, rows, svd.Rank, j);
            var v = Column(svd.V, columns, svd.Rank, j);
            double[] left;
            double[] right;
            double scale;
            if (j == 0)
            {
                // The leading singular vectors of a non-negative matrix have one sign.
                left = u.Select(Math.Abs).ToArray();
                right = v.Select(Math.Abs).ToArray();
                scale = Math.Sqrt(svd.S[0]);
            }
            else
            {
                var (uPositive, uPositiveNorm, uNegative, uNegativeNorm) = SplitBySign(u);
                var (vPositive, vPositiveNorm, vNegative, vNegativeNorm) = SplitBySign(v);
                var positiveMass = uPositiveNorm * vPositiveNorm;
                var negativeMass = uNegativeNorm * vNegativeNorm;
                var usePositive = positiveMass > negativeMass;
                var mass = usePositive ? positiveMass : negativeMass;
                left = usePositive ? Scale(uPositive, uPositiveNorm) : Scale(uNegative, uNegativeNorm);
                right = usePositive ? Scale(vPositive, vPositiveNorm) : Scale(vNegative, vNegativeNorm);
                scale = Math.Sqrt(svd.S[j] * mass);
            }

            for (var r = 0; r < rows; r++)
            {
                weights[(r * rank) + j] = scale * left[r];
            }

            for (var c = 0; c < columns; c++)
            {
                componentsTransposed[(c * rank) + j] = scale * right[c];
            }
        }

        // NNDSVDa: entries that came out (near) zero start at the mean of X, so coordinate
        // descent can move them.
        var mean = matrix.Mean();
        ReplaceSmall(weights, mean);
        ReplaceSmall(componentsTransposed, mean);
        return (weights, componentsTransposed);
    }

    /// <summary>Runs one coordinate descent sweep over every row of <paramref name="factor"/> and returns the summed projected gradient.</summary>
    private static double Sweep(
        double[] factor,
        double[] projected,
        double[] gram,
        int rows,
        int rank,
        CancellationToken cancellationToken)
    {
        var blockViolations = new double[(rows + CsrMatrix.RowBlockSize - 1) / CsrMatrix.RowBlockSize];
        CsrMatrix.ForEachRowBlock(rows, cancellationToken, (start, end) =>
        {
            var sum = 0.0;
            for (var row = start; row < end; row++)
            {
                sum += SweepRow(factor.AsSpan(row * rank, rank), projected.AsSpan(row * rank, rank), gram, rank);
            }

            blockViolations[start / CsrMatrix.RowBlockSize] = sum;
        });

        // Summed in block order, so the total never depends on which block finished first.
        var violation = 0.0;
        foreach (var blockViolation in blockViolations)
        {
            violation += blockViolation;
        }

        return violation;
    }

    /// <summary>
    /// Updates one row's coordinates in turn: w[t] = max(0, w[t] - g[t] / G[t, t]) for the
    /// gradient g = w G - p, with the Gram matrix G and the projection p. Returns the sum of the
    /// absolute projected gradients before each update.
    /// </summary>
    /// <remarks>
    /// The gradient is kept up to date after each coordinate change (g += change x G[t]) rather
    /// than recomputed, which costs the same but runs as vector operations.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double SweepRow(Span<double> w, ReadOnlySpan<double> p, double[] gram, int rank)
    {
        Span<double> gradient = stackalloc double[rank];
        for (var r = 0; r < rank; r++)
        {
            gradient[r] = -p[r];
        }

        for (var r = 0; r < rank; r++)
        {
            if (w[r] != 0)
            {
                CsrMatrix.AddScaled(gradient, gram.AsSpan(r * rank, rank), w[r]);
            }
        }

        var violation = 0.0;
        for (var t = 0; t < rank; t++)
        {
            var projectedGradient = w[t] == 0 ? Math.Min(0, gradient[t]) : gradient[t];
            violation += Math.Abs(projectedGradient);

            var hessian = gram[(t * rank) + t];
            if (hessian == 0)
            {
                continue;
            }

            var updated = Math.Max(w[t] - (gradient[t] / hessian), 0);
            var change = updated - w[t];
            if (change != 0)
            {
                w[t] = updated;
                CsrMatrix.AddScaled(gradient, gram.AsSpan(t * rank, rank), change);
            }
        }

        return violation;
    }

    private static double[] Column(double[] matrix, int rows, int width, int column)
    {
        var values = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            values[r] = matrix[(r * width) + column];
        }

        return values;
    }

    private static (double[] Positive, double PositiveNorm, double[] Negative, double NegativeNorm) SplitBySign(double[] vector)
    {
        var positive = vector.Select(x => Math.Max(x, 0)).ToArray();
        var negative = vector.Select(x => Math.Max(-x, 0)).ToArray();
        return (positive, Norm(positive), negative, Norm(negative));
    }

    private static double Norm(double[] vector) => Math.Sqrt(vector.Sum(x => x * x));

    private static double[] Scale(double[] vector, double norm) =>
        norm > 0 ? vector.Select(x => x / norm).ToArray() : new double[vector.Length];

    private static void ReplaceSmall(double[] values, double replacement)
    {
        const double Epsilon = 1e-6;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] < Epsilon)
            {
                values[i] = replacement;
            }
        }
    }
}
