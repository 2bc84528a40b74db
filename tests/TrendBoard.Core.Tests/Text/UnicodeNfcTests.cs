using System.Globalization;
using System.IO.Compression;
using System.Text;
using TrendBoard.Core.Text;

namespace TrendBoard.Core.Tests.Text;

/// <summary>
/// Checks NFC against the Unicode Consortium's conformance file for the Unicode version the
/// tables were generated from.
/// </summary>
public sealed class UnicodeNfcTests
{
    private static readonly Lazy<ConformanceData> s_data = new(LoadConformanceData);

    [Fact]
    public void TablesMatchTheConformanceFileVersion()
    {
        Assert.Equal($"NormalizationTest-{UnicodeNfcData.UnicodeVersion}.txt", s_data.Value.Header);
    }

    [Fact]
    public void ConformanceLinesNormalizeAsListed()
    {
        var failures = new List<string>();
        foreach (var line in s_data.Value.Lines)
        {
            // The conformance rules for NFC: c2 == NFC(c1) == NFC(c2) == NFC(c3) and c4 == NFC(c4) == NFC(c5).
            Check(line, line.Columns[1], 0, 1, 2);
            Check(line, line.Columns[3], 3, 4);
        }

        Assert.True(s_data.Value.Lines.Count > 15000, $"only {s_data.Value.Lines.Count} conformance lines were read");
        Assert.True(failures.Count == 0, $"{failures.Count} failures, first: {string.Join("; ", failures.Take(5))}");

        void Check(ConformanceLine line, string expected, params int[] sources)
        {
            foreach (var source in sources)
            {
                var actual = TextCleaner.NormalizeNfc(line.Columns[source]);
                if (actual != expected)
                {
                    failures.Add($"line {line.Number} column {source + 1}: expected {Hex(expected)}, got {Hex(actual)}");
                }
            }
        }
    }

    [Fact]
    public void CodePointsOutsidePartOneAreUnchanged()
    {
        // The conformance file's part 1 lists every code point that normalization changes, so
        // every other code point must come back as itself.
        var listed = s_data.Value.PartOneCodePoints;
        var changed = new List<string>();
        for (var codePoint = 0; codePoint <= 0x10FFFF; codePoint++)
        {
            if (codePoint is >= 0xD800 and <= 0xDFFF || listed.Contains(codePoint))
            {
                continue;
            }

            var text = char.ConvertFromUtf32(codePoint);
            if (TextCleaner.NormalizeNfc(text) != text)
            {
                changed.Add($"U+{codePoint:X4}");
            }
        }

        Assert.True(listed.Count > 10000, $"only {listed.Count} part 1 code points were read");
        Assert.Empty(changed);
    }

    [Fact]
    public void UnpairedSurrogatePassesThrough()
    {
        var text = "a\uD800\u0301b";

        Assert.Equal(text, TextCleaner.NormalizeNfc(text));
    }

    private static string Hex(string text) =>
        string.Join(' ', text.EnumerateRunes().Select(rune => rune.Value.ToString("X4", CultureInfo.InvariantCulture)));

    private static ConformanceData LoadConformanceData()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "unicode", $"NormalizationTest-{UnicodeNfcData.UnicodeVersion}.txt.gz");
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);

        var header = reader.ReadLine()!.TrimStart('#', ' ');
        var lines = new List<ConformanceLine>();
        var partOne = new HashSet<int>();
        var part = string.Empty;
        var number = 1;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if (text.StartsWith("@Part", StringComparison.Ordinal))
            {
                part = text.Split(' ')[0];
                continue;
            }

            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var columns = text.Split(';').Take(5).Select(DecodeColumn).ToArray();
            lines.Add(new ConformanceLine(number, columns));
            if (part == "@Part1")
            {
                partOne.Add(char.ConvertToUtf32(columns[0], 0));
            }
        }

        return new ConformanceData(header, lines, partOne);
    }

    private static string DecodeColumn(string column) =>
        string.Concat(column.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(hex => char.ConvertFromUtf32(int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture))));

    private sealed record ConformanceLine(int Number, string[] Columns);

    private sealed record ConformanceData(string Header, List<ConformanceLine> Lines, HashSet<int> PartOneCodePoints);
}
