namespace TrendBoard.Core.Analytics;

/// <summary>
/// The tests behind emerging and fading topics: Fisher's exact test and the two-proportion
/// z-test on a 2×2 table, the normal tail through erfc, and the Benjamini–Hochberg adjustment.
/// </summary>
/// <remarks>
/// The table compares <c>x1</c> of <c>n1</c> (topic papers among all papers of the first window)
/// with <c>x2</c> of <c>n2</c>. The expected values in the tests come from SciPy 1.10.1
/// (<c>scipy.special.erfc</c>, <c>scipy.stats.fisher_exact</c>, <c>scipy.stats.norm</c>).
/// </remarks>
internal static class ProportionStatistics
{
    /// <summary>
    /// The relative tolerance by which a table counts as exactly as likely as the observed one in
    /// Fisher's two-sided sum, 1e-7, the value R's <c>fisher.test</c> uses, so rounding error
    /// does not drop tables that tie with the observed one.
    /// </summary>
    private const double TieTolerance = 1e-7;

    /// <summary>
    /// Terms of the hypergeometric sum smaller than e^-50 (about 2e-22) times both the mode's and
    /// the observed table's probability are dropped. The distribution is log-concave, so the tail
    /// beyond them adds less than that.
    /// </summary>
    private const double NegligibleLogRatio = -50;

    /// <summary>
    /// Returns the complementary error function erfc(x) = 1 - erf(x).
    /// </summary>
    /// <remarks>
    /// For |x| below 2 the result is 1 - erf(x), with erf summed from the series
    /// erf(x) = 2/√π · e^(-x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)), whose terms are all positive;
    /// from 2 up it is the continued fraction e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))),
    /// evaluated with the modified Lentz method. Against SciPy the relative error is below 1e-13
    /// at the points the tests check (0 to 30).
    /// </remarks>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x < 0)
        {
            return 2 - Erfc(-x);
        }

        return x < 2 ? 1 - ErfSeries(x) : ErfcContinuedFraction(x);
    }

    /// <summary>Returns P(Z ≥ z) for a standard normal Z, as erfc(z/√2)/2.</summary>
    public static double NormalUpperTail(double z)
    {
        return 0.5 * Erfc(z / Math.Sqrt(2));
    }

    /// <summary>
    /// Runs the pooled two-proportion z-test of x1/n1 against x2/n2 and returns z and its
    /// two-sided p-value, or null when a window is empty or the pooled share is 0 or 1.
    /// </summary>
    public static (double Z, double PValue)? TwoProportionZTest(long x1, long n1, long x2, long n2)
    {
        ValidateTable(x1, n1, x2, n2);
        if (n1 == 0 || n2 == 0)
        {
            return null;
        }

        var pooled = (double)(x1 + x2) / (n1 + n2);
        var variance = pooled * (1 - pooled) * ((1.0 / n1) + (1.0 / n2));
        if (variance <= 0)
        {
            return null;
        }

        var z = (((double)x1 / n1) - ((double)x2 / n2)) / Math.Sqrt(variance);
        return (z, Math.Min(1, Erfc(Math.Abs(z) / Math.Sqrt(2))));
    }

    /// <summary>
    /// Returns the two-sided p-value of Fisher's exact test on the table [[x1, n1 - x1], [x2, n2 - x2]]:
    /// the probability, with all margins fixed, of every table no more likely than the observed one.
    /// </summary>
    /// <remarks>
    /// The count in the first cell is hypergeometric. The sum walks outward from the mode with the
    /// ratio of neighbouring probabilities, in logs, and divides by the total of the same terms.
    /// So no factorials are needed, and p-values far below 1e-300 come out as 0 instead of NaN.
    /// </remarks>
    public static double FisherExactTwoSided(long x1, long n1, long x2, long n2)
    {
        ValidateTable(x1, n1, x2, n2);

        var population = n1 + n2;
        var successes = x1 + x2;
        var draws = n1;
        var low = Math.Max(0, draws + successes - population);
        var high = Math.Min(draws, successes);
        if (low == high)
        {
            return 1.0;
        }

        // The hypergeometric mode is floor((draws + 1)(successes + 1) / (population + 2)).
        var mode = (long)Math.Floor((draws + 1.0) * (successes + 1.0) / (population + 2.0));
        mode = Math.Clamp(mode, low, high);

        // Log of P(x) / P(mode) for x between mode and the observed count, then past it.
        var logObserved = LogRatioToMode(x1, mode, successes, draws, population);
        var cutoff = Math.Min(logObserved, 0) + NegligibleLogRatio;
        // ln(1 + 1e-7) equals 1e-7 to double precision.
        var tieBound = logObserved + TieTolerance;

        var total = new LogSum();
        var selected = new LogSum();
        total.Add(0);
        if (0 <= tieBound)
        {
            selected.Add(0);
        }

        // Upward: P(x + 1) / P(x) = (K - x)(n - x) / ((x + 1)(N - K - n + x + 1)).
        var logRatio = 0.0;
        for (var x = mode; x < high; x++)
        {
            logRatio += Math.Log((double)(successes - x) * (draws - x)) - Math.Log((double)(x + 1) * (population - successes - draws + x + 1));
            total.Add(logRatio);
            if (logRatio <= tieBound)
            {
                selected.Add(logRatio);
            }

            if (logRatio < cutoff)
            {
                break;
            }
        }

        // Downward: P(x - 1) / P(x) is the inverse of the upward ratio at x - 1.
        logRatio = 0.0;
        for (var x = mode; x > low; x--)
        {
            logRatio += Math.Log((double)x * (population - successes - draws + x)) - Math.Log((double)(successes - x + 1) * (draws - x + 1));
            total.Add(logRatio);
            if (logRatio <= tieBound)
            {
                selected.Add(logRatio);
            }

            if (logRatio < cutoff)
            {
                break;
            }
        }

        return Math.Min(1.0, Math.Exp(selected.Value - total.Value));
    }

    /// <summary>
    /// Returns the Benjamini–Hochberg adjusted p-values (q-values), in the order of
    /// <paramref name="pValues"/>: q(i) is the minimum over ranks j ≥ rank(i) of p(j)·m/j, capped at 1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A p-value is NaN or outside 0 to 1.</exception>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);

        foreach (var p in pValues)
        {
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(pValues), p, "Every p-value must lie between 0 and 1.");
            }
        }

        var count = pValues.Count;
        var order = Enumerable.Range(0, count).OrderBy(i => pValues[i]).ThenBy(i => i).ToArray();
        var adjusted = new double[count];
        var running = 1.0;
        for (var rank = count; rank >= 1; rank--)
        {
            var index = order[rank - 1];
            running = Math.Min(running, pValues[index] * count / rank);
            adjusted[index] = running;
        }

        return adjusted;
    }

    private static double LogRatioToMode(long x, long mode, long successes, long draws, long population)
    {
        var logRatio = 0.0;
        for (var k = mode; k < x; k++)
        {
            logRatio += Math.Log((double)(successes - k) * (draws - k)) - Math.Log((double)(k + 1) * (population - successes - draws + k + 1));
        }

        for (var k = mode; k > x; k--)
        {
            logRatio += Math.Log((double)k * (population - successes - draws + k)) - Math.Log((double)(successes - k + 1) * (draws - k + 1));
        }

        return logRatio;
    }

    private static void ValidateTable(long x1, long n1, long x2, long n2)
    {
        if (x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(x1),
                $"The counts {x1} of {n1} and {x2} of {n2} do not form a 2×2 table; each count must lie between 0 and its total.");
        }
    }

    private static double ErfSeries(double x)
    {
        var square = x * x;
        var term = x;
        var sum = x;
        for (var n = 1; n < 200; n++)
        {
            term *= 2 * square / ((2 * n) + 1);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return 2 / Math.Sqrt(Math.PI) * Math.Exp(-square) * sum;
    }

    private static double ErfcContinuedFraction(double x)
    {
        // erfc(x) = e^(-x²)/√π · 1/(x + a1/(x + a2/(x + …))) with a_k = k/2, by the modified Lentz method.
        const double tiny = 1e-300;
        var f = x;
        var c = x;
        var d = 0.0;
        for (var k = 1; k < 500; k++)
        {
            var a = k / 2.0;
            d = x + (a * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + (a / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }

    /// <summary>A running log(Σ e^value) that stays finite for values far below -700.</summary>
    private struct LogSum
    {
        private double _max;
        private double _scaled;
        private bool _any;

        public readonly double Value => _any ? _max + Math.Log(_scaled) : double.NegativeInfinity;

        public void Add(double value)
        {
            if (!_any)
            {
                _max = value;
                _scaled = 1;
                _any = true;
                return;
            }

            if (value <= _max)
            {
                _scaled += Math.Exp(value - _max);
            }
            else
            {
                _scaled = (_scaled * Math.Exp(_max - value)) + 1;
                _max = value;
            }
        }
    }
}
