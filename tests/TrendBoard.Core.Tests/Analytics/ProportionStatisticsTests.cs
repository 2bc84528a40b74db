using TrendBoard.Core.Analytics;

namespace TrendBoard.Core.Tests.Analytics;

/// <summary>
/// Expected values come from SciPy 1.10.1 (Debian bookworm's python3-scipy): scipy.special.erfc,
/// scipy.stats.norm.sf and scipy.stats.fisher_exact; the z-test values are
/// z = (x1/n1 - x2/n2) / sqrt(p(1-p)(1/n1 + 1/n2)) with the pooled p, and 2·norm.sf(|z|).
/// </summary>
public sealed class ProportionStatisticsTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.1, 0.8875370839817152)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1.0, 0.15729920705028516)]
    [InlineData(1.5, 0.03389485352468927)]
    [InlineData(1.9, 0.007209570764742531)]
    [InlineData(2.0, 0.004677734981047266)]
    [InlineData(2.1, 0.0029794666563329845)]
    [InlineData(2.9, 4.109787809945884e-05)]
    [InlineData(3.0, 2.2090496998585445e-05)]
    [InlineData(3.5, 7.430983723414129e-07)]
    [InlineData(5.0, 1.5374597944280347e-12)]
    [InlineData(10.0, 2.0884875837625446e-45)]
    [InlineData(26.0, 5.663192408856145e-296)]
    [InlineData(-1.5, 1.9661051464753108)]
    public void ErfcMatchesScipy(double x, double expected)
    {
        var actual = ProportionStatistics.Erfc(x);

        Assert.True(RelativeError(actual, expected) < 1e-13, $"erfc({x}) = {actual:R}, SciPy {expected:R}");
    }

    [Theory]
    [InlineData(1.959963984540054, 0.025)]
    [InlineData(3.0, 0.0013498980316300933)]
    [InlineData(8.0, 6.22096057427174e-16)]
    public void NormalUpperTailMatchesScipy(double z, double expected)
    {
        var actual = ProportionStatistics.NormalUpperTail(z);

        Assert.True(RelativeError(actual, expected) < 1e-12, $"P(Z >= {z}) = {actual:R}, SciPy {expected:R}");
    }

    [Theory]
    [InlineData(3, 10, 1, 12, 0.29323308270676685)]
    [InlineData(12, 100, 5, 120, 0.041297667748460935)]
    [InlineData(40, 800, 130, 2600, 1.0)]
    [InlineData(0, 50, 9, 60, 0.003723313876902514)]
    [InlineData(25, 25, 0, 10, 5.447234394430625e-09)]
    [InlineData(150, 2000, 100, 2000, 0.0013298532316951474)]
    [InlineData(300, 20000, 900, 40000, 3.0399358102983244e-10)]
    [InlineData(1, 1, 0, 1, 1.0)]
    [InlineData(5, 10, 5, 10, 1.0)]
    public void FisherExactMatchesScipy(long x1, long n1, long x2, long n2, double expected)
    {
        var actual = ProportionStatistics.FisherExactTwoSided(x1, n1, x2, n2);

        Assert.True(RelativeError(actual, expected) < 1e-9, $"Fisher p for {x1}/{n1} vs {x2}/{n2} = {actual:R}, SciPy {expected:R}");
    }

    [Fact]
    public void FisherExactIsSymmetricInWindows()
    {
        var forward = ProportionStatistics.FisherExactTwoSided(12, 100, 5, 120);
        var swapped = ProportionStatistics.FisherExactTwoSided(5, 120, 12, 100);

        Assert.Equal(forward, swapped, 12);
    }

    [Fact]
    public void FisherExactStaysFiniteForHugeTables()
    {
        // A share of 25% against 5% over 200,000 papers: the p-value is far below 1e-300.
        var p = ProportionStatistics.FisherExactTwoSided(50_000, 200_000, 10_000, 200_000);

        Assert.True(p >= 0, $"p = {p:R}");
        Assert.True(p < 1e-300, $"p = {p:R}");
    }

    [Theory]
    [InlineData(3, 10, 1, 12, 1.311981820108913, 0.18952626866051037)]
    [InlineData(12, 100, 5, 120, 2.166586792396457, 0.030266375373801967)]
    [InlineData(0, 50, 9, 60, -2.8580267373982293, 0.004262844705309122)]
    [InlineData(25, 25, 0, 10, 5.916079783099615, 3.297053268997287e-09)]
    [InlineData(300, 20000, 900, 40000, -6.185895741317418, 6.175081171632814e-10)]
    public void TwoProportionZTestMatchesScipy(long x1, long n1, long x2, long n2, double expectedZ, double expectedP)
    {
        var result = ProportionStatistics.TwoProportionZTest(x1, n1, x2, n2);

        Assert.NotNull(result);
        Assert.Equal(expectedZ, result.Value.Z, 12);
        Assert.True(RelativeError(result.Value.PValue, expectedP) < 1e-12, $"p = {result.Value.PValue:R}, SciPy {expectedP:R}");
    }

    [Theory]
    [InlineData(0, 0, 3, 10)]
    [InlineData(0, 10, 0, 20)]
    [InlineData(10, 10, 20, 20)]
    public void TwoProportionZTestIsUndefinedWithoutVariance(long x1, long n1, long x2, long n2)
    {
        Assert.Null(ProportionStatistics.TwoProportionZTest(x1, n1, x2, n2));
    }

    [Fact]
    public void TablesWithCountsAboveTotalsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionStatistics.FisherExactTwoSided(11, 10, 0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionStatistics.TwoProportionZTest(-1, 10, 0, 5));
    }

    [Fact]
    public void BenjaminiHochbergMatchesHandComputation()
    {
        // m = 5; sorted p: 0.01 (rank 1), 0.02 (2), 0.03 (3), 0.04 (4), 0.20 (5).
        // p·m/rank: 0.05, 0.05, 0.05, 0.05, 0.20; the running minimum from the top keeps them.
        // Listed out of order to check that q-values come back in input order.
        double[] p = [0.04, 0.20, 0.01, 0.03, 0.02];

        var q = ProportionStatistics.BenjaminiHochberg(p);

        Assert.Equal([0.05, 0.20, 0.05, 0.05, 0.05], q.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void BenjaminiHochbergTakesRunningMinimum()
    {
        // Sorted p: 0.001, 0.04, 0.045 with m = 3: raw 0.003, 0.06, 0.045; rank 2 drops to 0.045.
        double[] p = [0.045, 0.001, 0.04];

        var q = ProportionStatistics.BenjaminiHochberg(p);

        Assert.Equal(0.045, q[0], 12);
        Assert.Equal(0.003, q[1], 12);
        Assert.Equal(0.045, q[2], 12);
    }

    [Fact]
    public void BenjaminiHochbergCapsAtOne()
    {
        var q = ProportionStatistics.BenjaminiHochberg([0.9, 0.95]);

        Assert.All(q, value => Assert.True(value <= 1.0));
        Assert.Equal(0.95, q[1], 12);
    }

    [Fact]
    public void BenjaminiHochbergRejectsInvalidPValues()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionStatistics.BenjaminiHochberg([0.5, double.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionStatistics.BenjaminiHochberg([1.5]));
    }

    private static double RelativeError(double actual, double expected)
    {
        return expected == 0 ? Math.Abs(actual) : Math.Abs(actual - expected) / Math.Abs(expected);
    }
}
