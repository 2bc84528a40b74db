using System.Runtime.CompilerServices;

namespace TrendBoard.Core.Topics;

/// <summary>The leading singular triplets of a matrix: <c>X ≈ U diag(S) Vᵀ</c>.</summary>
/// <param name="U">Left singular vectors, row-major, one row per matrix row and <c>Rank</c> columns.</param>
/// <param name="S">Singular values, largest first.</param>
/// <param name="V">Right singular vectors, row-major, one row per matrix column and <c>Rank</c> columns.</param>
internal sealed record SingularTriplets(double[] U, double[] S, double[] V)
{
    public int Rank => S.Length;
}

/// <summary>
/// Truncated SVD of a sparse matrix by the randomized range finder of Halko, Martinsson and
/// Tropp (2011, algorithms 4.4 and 5.1), the method scikit-learn's <c>randomized_svd</c> uses.
/// </summary>
internal static class RandomizedSvd
{
    private const int Oversampling = 10;

    /// <summary>
    /// Computes the <paramref name="rank"/> leading singular triplets of <paramref name="matrix"/>.
    /// </summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="transpose">Its transpose, passed in because callers already hold it.</param>
    /// <param name="rank">Triplets wanted.</param>
    /// <param name="powerIterations">Subspace iterations that sharpen the range estimate.</param>
    /// <param name="seed">Seed of the Gaussian test matrix.</param>
    /// <param name="cancellationToken">Checked between iterations.</param>
    public static SingularTriplets Compute(
        CsrMatrix matrix,
        CsrMatrix transpose,
        int rank,
        int powerIterations,
        int seed,
        CancellationToken cancellationToken)
    {
        var width = Math.Min(rank + Oversampling, Math.Min(matrix.RowCount, matrix.ColumnCount));
        rank = Math.Min(rank, width);

        // Gaussian test matrix (columns x width), drawn in a fixed order from a seeded generator.
        var random = new Random(seed);
        var test = new double[matrix.ColumnCount * width];
        for (var i = 0; i < test.Length; i++)
        {
            test[i] = NextGaussian(random);
        }

        // Range of X: Q = orth(X Ω), refined by power iterations Q = orth(X orth(Xᵀ Q)).
        var range = matrix.MultiplyDense(test, width, cancellationToken);
        Orthonormalize(range, matrix.RowCount, width);
        for (var iteration = 0; iteration < powerIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var coRange = transpose.MultiplyDense(range, width, cancellationToken);
            Orthonormalize(coRange, matrix.ColumnCount, width);
            range = matrix.MultiplyDense(coRange, width, cancellationToken);
            Orthonormalize(range, matrix.RowCount, width);
        }

        // B = Qᵀ X is small (width x columns). Its SVD follows from the eigenvectors of B Bᵀ:
        // B Bᵀ = Ub S² Ubᵀ, V = Bᵀ Ub S⁻¹ and U = Q Ub.
        var projected = transpose.MultiplyDense(range, width, cancellationToken); // Bᵀ, columns x width
        var gram = Gram(projected, matrix.ColumnCount, width);
        var (eigenvalues, eigenvectors) = SymmetricEigen(gram, width);

        var order = Enumerable.Range(0, width).OrderByDescending(i => eigenvalues[i]).ThenBy(i => i).Take(rank).ToArray();
        var s = order.Select(i => Math.Sqrt(Math.Max(eigenvalues[i], 0))).ToArray();

        var u = new double[matrix.RowCount * rank];
        for (var r = 0; r < matrix.RowCount; r++)
        {
            for (var c = 0; c < rank; c++)
            {
                var sum = 0.0;
                for (var l = 0; l < width; l++)
                {
                    sum += range[(r * width) + l] * eigenvectors[(l * width) + order[c]];
                }

                u[(r * rank) + c] = sum;
            }
        }

        var v = new double[matrix.ColumnCount * rank];
        for (var r = 0; r < matrix.ColumnCount; r++)
        {
            for (var c = 0; c < rank; c++)
            {
                if (s[c] <= 0)
                {
                    continue;
                }

                var sum = 0.0;
                for (var l = 0; l < width; l++)
                {
                    sum += projected[(r * width) + l] * eigenvectors[(l * width) + order[c]];
                }

                v[(r * rank) + c] = sum / s[c];
            }
        }

        return new SingularTriplets(u, s, v);
    }

    /// <summary>Returns <c>Mᵀ M</c> (width x width) of a row-major matrix with <paramref name="rows"/> rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] Gram(double[] matrix, int rows, int width)
    {
        var gram = new double[width * width];
        for (var r = 0; r < rows; r++)
        {
            var offset = r * width;
            for (var a = 0; a < width; a++)
            {
                var value = matrix[offset + a];
                if (value == 0)
                {
                    continue;
                }

                for (var b = a; b < width; b++)
                {
                    gram[(a * width) + b] += value * matrix[offset + b];
                }
            }
        }

        for (var a = 0; a < width; a++)
        {
            for (var b = 0; b < a; b++)
            {
                gram[(a * width) + b] = gram[(b * width) + a];
            }
        }

        return gram;
    }

    /// <summary>
    /// Orthonormalizes the columns of a row-major matrix in place by Cholesky QR, done twice
    /// (CholeskyQR2, Fukaya et al. 2014): with <c>MᵀM = L Lᵀ</c>, <c>M L⁻ᵀ</c> has orthonormal
    /// columns. It reads the matrix row by row, which suits the row-major layout. When the
    /// columns are linearly dependent and the Cholesky factor does not exist, it falls back to
    /// modified Gram-Schmidt.
    /// </summary>
    private static void Orthonormalize(double[] matrix, int rows, int width)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            var lower = Cholesky(Gram(matrix, rows, width), width);
            if (lower is null)
            {
                OrthonormalizeGramSchmidt(matrix, rows, width);
                return;
            }

            // Each row r becomes z with z Lᵀ = r, solved by forward substitution.
            for (var r = 0; r < rows; r++)
            {
                var offset = r * width;
                for (var j = 0; j < width; j++)
                {
                    var sum = matrix[offset + j];
                    for (var i = 0; i < j; i++)
                    {
                        sum -= matrix[offset + i] * lower[(j * width) + i];
                    }

                    matrix[offset + j] = sum / lower[(j * width) + j];
                }
            }
        }
    }

    /// <summary>Returns the lower Cholesky factor of a symmetric matrix, or null when it is not numerically positive definite.</summary>
    private static double[]? Cholesky(double[] symmetric, int size)
    {
        var maxDiagonal = 0.0;
        for (var i = 0; i < size; i++)
        {
            maxDiagonal = Math.Max(maxDiagonal, symmetric[(i * size) + i]);
        }

        var lower = new double[size * size];
        for (var j = 0; j < size; j++)
        {
            var diagonal = symmetric[(j * size) + j];
            for (var k = 0; k < j; k++)
            {
                diagonal -= lower[(j * size) + k] * lower[(j * size) + k];
            }

            if (!(diagonal > 1e-10 * maxDiagonal))
            {
                return null;
            }

            var pivot = Math.Sqrt(diagonal);
            lower[(j * size) + j] = pivot;
            for (var i = j + 1; i < size; i++)
            {
                var sum = symmetric[(i * size) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= lower[(i * size) + k] * lower[(j * size) + k];
                }

                lower[(i * size) + j] = sum / pivot;
            }
        }

        return lower;
    }

    /// <summary>
    /// Orthonormalizes the columns by modified Gram-Schmidt, run twice for numerical safety. A
    /// column that becomes numerically zero is left at zero.
    /// </summary>
    private static void OrthonormalizeGramSchmidt(double[] matrix, int rows, int width)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            for (var c = 0; c < width; c++)
            {
                for (var previous = 0; previous < c; previous++)
                {
                    var dot = 0.0;
                    for (var r = 0; r < rows; r++)
                    {
                        dot += matrix[(r * width) + c] * matrix[(r * width) + previous];
                    }

                    for (var r = 0; r < rows; r++)
                    {
                        matrix[(r * width) + c] -= dot * matrix[(r * width) + previous];
                    }
                }

                var norm = 0.0;
                for (var r = 0; r < rows; r++)
                {
                    norm += matrix[(r * width) + c] * matrix[(r * width) + c];
                }

                norm = Math.Sqrt(norm);
                var scale = norm > 1e-12 ? 1 / norm : 0;
                for (var r = 0; r < rows; r++)
                {
                    matrix[(r * width) + c] *= scale;
                }
            }
        }
    }

    /// <summary>
    /// Eigen-decomposes a small symmetric matrix with the cyclic Jacobi method. Returns the
    /// eigenvalues and a row-major matrix whose column j is the eigenvector of eigenvalue j.
    /// </summary>
    private static (double[] Values, double[] Vectors) SymmetricEigen(double[] symmetric, int size)
    {
        var a = (double[])symmetric.Clone();
        var vectors = new double[size * size];
        for (var i = 0; i < size; i++)
        {
            vectors[(i * size) + i] = 1;
        }

        for (var sweep = 0; sweep < 100; sweep++)
        {
            var offDiagonal = 0.0;
            var diagonal = 0.0;
            for (var p = 0; p < size; p++)
            {
                diagonal += a[(p * size) + p] * a[(p * size) + p];
                for (var q = p + 1; q < size; q++)
                {
                    offDiagonal += a[(p * size) + q] * a[(p * size) + q];
                }
            }

            if (offDiagonal <= 1e-30 * Math.Max(diagonal, 1e-300))
            {
                break;
            }

            for (var p = 0; p < size - 1; p++)
            {
                for (var q = p + 1; q < size; q++)
                {
                    var apq = a[(p * size) + q];
                    if (apq == 0)
                    {
                        continue;
                    }

                    var theta = (a[(q * size) + q] - a[(p * size) + p]) / (2 * apq);
                    var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    if (theta == 0)
                    {
                        t = 1;
                    }

                    var cos = 1 / Math.Sqrt((t * t) + 1);
                    var sin = t * cos;
                    Rotate(a, vectors, size, p, q, cos, sin);
                }
            }
        }

        var values = new double[size];
        for (var i = 0; i < size; i++)
        {
            values[i] = a[(i * size) + i];
        }

        return (values, vectors);
    }

    /// <summary>Applies the Jacobi rotation in the (p, q) plane to <paramref name="a"/> (both sides) and to the eigenvector matrix.</summary>
    private static void Rotate(double[] a, double[] vectors, int size, int p, int q, double cos, double sin)
    {
        for (var k = 0; k < size; k++)
        {
            var akp = a[(k * size) + p];
            var akq = a[(k * size) + q];
            a[(k * size) + p] = (cos * akp) - (sin * akq);
            a[(k * size) + q] = (sin * akp) + (cos * akq);
        }

        for (var k = 0; k < size; k++)
        {
            var apk = a[(p * size) + k];
            var aqk = a[(q * size) + k];
            a[(p * size) + k] = (cos * apk) - (sin * aqk);
            a[(q * size) + k] = (sin * apk) + (cos * aqk);
        }

        for (var k = 0; k < size; k++)
        {
            var vkp = vectors[(k * size) + p];
            var vkq = vectors[(k * size) + q];
            vectors[(k * size) + p] = (cos * vkp) - (sin * vkq);
            vectors[(k * size) + q] = (sin * vkp) + (cos * vkq);
        }
    }

    /// <summary>Draws a standard normal value by the Box-Muller transform.</summary>
    private static double NextGaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
