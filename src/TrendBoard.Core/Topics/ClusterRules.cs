namespace TrendBoard.Core.Topics;

/// <summary>
/// The part of a fitted model that puts a paper's TF-IDF row into a cluster. Fitting and
/// <see cref="TopicModel.Assign"/> both call <see cref="Choose"/>, so a training paper lands in
/// the same cluster either way.
/// </summary>
internal abstract class ClusterRule
{
    public abstract int ClusterCount { get; }

    /// <summary>Returns each row's cluster, or -1 for a row without vocabulary terms.</summary>
    public abstract int[] Choose(CsrMatrix rows, CancellationToken cancellationToken);

    public abstract void Write(BinaryWriter writer);

    public static ClusterRule Read(BinaryReader reader, TopicAlgorithm algorithm) => algorithm switch
    {
        TopicAlgorithm.Nmf => NmfRule.ReadBody(reader),
        TopicAlgorithm.KMeans => KMeansRule.ReadBody(reader),
        TopicAlgorithm.NmfKMeans => NmfKMeansRule.ReadBody(reader),
        TopicAlgorithm.Lda => KMeansRule.ReadBody(reader),
        _ => throw new InvalidDataException($"The topic model bytes name the unknown algorithm {(int)algorithm}."),
    };

    protected static void WriteMatrix(BinaryWriter writer, double[][] rows)
    {
        writer.Write(rows.Length);
        writer.Write(rows.Length == 0 ? 0 : rows[0].Length);
        foreach (var row in rows)
        {
            WriteSparse(writer, row);
        }
    }

    protected static double[][] ReadMatrix(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        var length = reader.ReadInt32();
        var rows = new double[count][];
        for (var i = 0; i < count; i++)
        {
            rows[i] = ReadSparse(reader, length);
        }

        return rows;
    }

    /// <summary>Writes the non-zero entries of <paramref name="values"/> as (index, exact double) pairs.</summary>
    internal static void WriteSparse(BinaryWriter writer, double[] values)
    {
        var nonZero = 0;
        foreach (var value in values)
        {
            if (value != 0)
            {
                nonZero++;
            }
        }

        writer.Write(nonZero);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] != 0)
            {
                writer.Write(i);
                writer.Write(values[i]);
            }
        }
    }

    internal static double[] ReadSparse(BinaryReader reader, int length)
    {
        var values = new double[length];
        var nonZero = reader.ReadInt32();
        for (var i = 0; i < nonZero; i++)
        {
            var index = reader.ReadInt32();
            if ((uint)index >= (uint)length)
            {
                throw new InvalidDataException($"The topic model bytes hold the index {index}, outside a vector of length {length}.");
            }

            values[index] = reader.ReadDouble();
        }

        return values;
    }
}

/// <summary>NMF: a paper's cluster is the component with the largest weight times the component's length.</summary>
internal sealed class NmfRule : ClusterRule
{
    /// <summary>Sweeps of <see cref="NmfSolver.SolveWeights"/> per paper at most.</summary>
    public const int MaxSolveIterations = 200;

    /// <summary>Convergence tolerance of <see cref="NmfSolver.SolveWeights"/>, scikit-learn's default.</summary>
    public const double SolveTolerance = 1e-4;

    private readonly double[] _componentNorms;

    public NmfRule(double[] componentsTransposed, int rank, int termCount, double startValue)
    {
        ComponentsTransposed = componentsTransposed;
        Rank = rank;
        TermCount = termCount;
        StartValue = startValue;
        _componentNorms = new double[rank];
        for (var term = 0; term < termCount; term++)
        {
            for (var t = 0; t < rank; t++)
            {
                var value = componentsTransposed[(term * rank) + t];
                _componentNorms[t] += value * value;
            }
        }

        for (var t = 0; t < rank; t++)
        {
            _componentNorms[t] = Math.Sqrt(_componentNorms[t]);
        }
    }

    /// <summary>Hᵀ, terms x rank, row-major.</summary>
    public double[] ComponentsTransposed { get; }

    public int Rank { get; }

    public int TermCount { get; }

    /// <summary>The value every weight starts from when a paper is weighed: sqrt(mean of X / rank), as scikit-learn's transform does.</summary>
    public double StartValue { get; }

    public override int ClusterCount => Rank;

    /// <summary>Returns each row's weights on the components (rows x rank, row-major).</summary>
    public double[] SolveWeights(CsrMatrix rows, CancellationToken cancellationToken) =>
        NmfSolver.SolveWeights(rows, ComponentsTransposed, Rank, StartValue, MaxSolveIterations, SolveTolerance, cancellationToken);

    public override int[] Choose(CsrMatrix rows, CancellationToken cancellationToken)
    {
        var weights = SolveWeights(rows, cancellationToken);
        var clusters = new int[rows.RowCount];
        for (var i = 0; i < rows.RowCount; i++)
        {
            var best = -1;
            var bestValue = 0.0;
            for (var t = 0; t < Rank; t++)
            {
                var value = weights[(i * Rank) + t] * _componentNorms[t];
                if (value > bestValue)
                {
                    bestValue = value;
                    best = t;
                }
            }

            clusters[i] = best;
        }

        return clusters;
    }

    public override void Write(BinaryWriter writer)
    {
        writer.Write(Rank);
        writer.Write(TermCount);
        writer.Write(StartValue);
        WriteSparse(writer, ComponentsTransposed);
    }

    public static NmfRule ReadBody(BinaryReader reader)
    {
        var rank = reader.ReadInt32();
        var termCount = reader.ReadInt32();
        var startValue = reader.ReadDouble();
        var components = ReadSparse(reader, checked(rank * termCount));
        return new NmfRule(components, rank, termCount, startValue);
    }
}

/// <summary>k-means: a paper's cluster is the nearest centroid of L2-normalised TF-IDF rows.</summary>
internal sealed class KMeansRule(double[][] centroids) : ClusterRule
{
    public double[][] Centroids { get; } = centroids;

    public override int ClusterCount => Centroids.Length;

    public override int[] Choose(CsrMatrix rows, CancellationToken cancellationToken) =>
        KMeansClusterer.AssignNearest(rows, Centroids, cancellationToken);

    public override void Write(BinaryWriter writer) => WriteMatrix(writer, Centroids);

    public static KMeansRule ReadBody(BinaryReader reader) => new(ReadMatrix(reader));
}

/// <summary>
/// k-means over NMF weights: a paper's weights on the components, scaled to unit length, go to
/// the nearest centroid in that space.
/// </summary>
internal sealed class NmfKMeansRule(NmfRule nmf, double[][] centroids) : ClusterRule
{
    public NmfRule Nmf { get; } = nmf;

    public double[][] Centroids { get; } = centroids;

    public override int ClusterCount => Centroids.Length;

    /// <summary>Returns the rows' unit-length NMF weights as a dense matrix in CSR form (empty rows stay empty).</summary>
    public CsrMatrix ProjectRows(CsrMatrix rows, CancellationToken cancellationToken)
    {
        var weights = Nmf.SolveWeights(rows, cancellationToken);
        var rank = Nmf.Rank;
        var rowStarts = new int[rows.RowCount + 1];
        var columns = new List<int>();
        var values = new List<double>();
        for (var i = 0; i < rows.RowCount; i++)
        {
            var norm = 0.0;
            for (var t = 0; t < rank; t++)
            {
                norm += weights[(i * rank) + t] * weights[(i * rank) + t];
            }

            norm = Math.Sqrt(norm);
            if (norm > 0)
            {
                for (var t = 0; t < rank; t++)
                {
                    columns.Add(t);
                    values.Add(weights[(i * rank) + t] / norm);
                }
            }

            rowStarts[i + 1] = columns.Count;
        }

        return new CsrMatrix(rows.RowCount, rank, rowStarts, [.. columns], [.. values]);
    }

    public override int[] Choose(CsrMatrix rows, CancellationToken cancellationToken) =>
        KMeansClusterer.AssignNearest(ProjectRows(rows, cancellationToken), Centroids, cancellationToken);

    public override void Write(BinaryWriter writer)
    {
        Nmf.Write(writer);
        WriteMatrix(writer, Centroids);
    }

    public static NmfKMeansRule ReadBody(BinaryReader reader)
    {
        var nmf = NmfRule.ReadBody(reader);
        return new NmfKMeansRule(nmf, ReadMatrix(reader));
    }
}
