using System.Text;

namespace TrendBoard.Core.Text;

/// <summary>
/// Unicode Normalization Form C (canonical decomposition, then canonical composition) that
/// does not depend on ICU.
/// </summary>
/// <remarks>
/// The solution builds with <c>InvariantGlobalization</c>, and in that mode
/// <see cref="string.Normalize(NormalizationForm)"/> returns non-ASCII text unchanged. This class
/// implements the algorithm of Unicode Standard Annex #15 over tables generated from the Unicode
/// Character Database (version in <see cref="UnicodeNfcData.UnicodeVersion"/>), so the result is
/// the same on every machine. Unpaired surrogates pass through unchanged.
/// </remarks>
internal static class UnicodeNfc
{
    private const int HangulSBase = 0xAC00;
    private const int HangulLBase = 0x1100;
    private const int HangulVBase = 0x1161;
    private const int HangulTBase = 0x11A7;
    private const int HangulLCount = 19;
    private const int HangulVCount = 21;
    private const int HangulTCount = 28;
    private const int HangulNCount = HangulVCount * HangulTCount;
    private const int HangulSCount = HangulLCount * HangulNCount;

    // Every code point below U+0300 is a starter that never composes with a following
    // character below U+0300, so text made only of such characters is already in NFC.
    private const int FirstCodePointNeedingWork = 0x0300;

    private static readonly Dictionary<int, int[]> _decompositions = LoadDecompositions();
    private static readonly Dictionary<long, int> _compositions = LoadCompositions();

    // Code points that can make text change under NFC (the quick check's "No" and "Maybe" values
    // plus every non-zero combining class): one bit per BMP code point, and a set for the rest.
    private static readonly ulong[] _bmpNeedsWork = new ulong[0x10000 / 64];
    private static readonly HashSet<int> _supplementaryNeedsWork = [];

    /// <summary>Returns <paramref name="text"/> in Normalization Form C.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        if (!NeedsWork(text))
        {
            return text;
        }

        var codePoints = Decompose(text);
        ReorderCombiningMarks(codePoints);
        var length = Compose(codePoints);
        return ToString(codePoints, length);
    }

    static UnicodeNfc()
    {
        var ranges = UnicodeNfcData.CombiningClassRanges;
        for (var i = 0; i < ranges.Length; i += 3)
        {
            for (var codePoint = ranges[i]; codePoint <= ranges[i + 1]; codePoint++)
            {
                MarkNeedsWork(codePoint);
            }
        }

        var composites = new HashSet<int>();
        var compositions = UnicodeNfcData.Compositions;
        for (var i = 0; i < compositions.Length; i += 3)
        {
            MarkNeedsWork(compositions[i + 1]);
            composites.Add(compositions[i + 2]);
        }

        // A code point that decomposes but is no primary composite never survives NFC.
        foreach (var codePoint in _decompositions.Keys)
        {
            if (!composites.Contains(codePoint))
            {
                MarkNeedsWork(codePoint);
            }
        }

        for (var codePoint = HangulVBase; codePoint < HangulVBase + HangulVCount; codePoint++)
        {
            MarkNeedsWork(codePoint);
        }

        for (var codePoint = HangulTBase + 1; codePoint < HangulTBase + HangulTCount; codePoint++)
        {
            MarkNeedsWork(codePoint);
        }
    }

    private static void MarkNeedsWork(int codePoint)
    {
        if (codePoint < 0x10000)
        {
            _bmpNeedsWork[codePoint >> 6] |= 1UL << (codePoint & 63);
        }
        else
        {
            _supplementaryNeedsWork.Add(codePoint);
        }
    }

    // The NFC quick check: true when some code point could change, false when the text is
    // certainly in NFC already.
    private static bool NeedsWork(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < FirstCodePointNeedingWork)
            {
                continue;
            }

            if (!char.IsSurrogate(c))
            {
                if ((_bmpNeedsWork[c >> 6] & (1UL << (c & 63))) != 0)
                {
                    return true;
                }

                continue;
            }

            if (!char.IsHighSurrogate(c) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
            {
                return true;
            }

            if (_supplementaryNeedsWork.Contains(char.ConvertToUtf32(c, text[i + 1])))
            {
                return true;
            }

            i++;
        }

        return false;
    }

    private static List<int> Decompose(string text)
    {
        var output = new List<int>(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            int codePoint = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            AppendDecomposition(codePoint, output);
        }

        return output;
    }

    private static void AppendDecomposition(int codePoint, List<int> output)
    {
        var syllableIndex = codePoint - HangulSBase;
        if (syllableIndex is >= 0 and < HangulSCount)
        {
            output.Add(HangulLBase + (syllableIndex / HangulNCount));
            output.Add(HangulVBase + (syllableIndex % HangulNCount / HangulTCount));
            var trailing = syllableIndex % HangulTCount;
            if (trailing != 0)
            {
                output.Add(HangulTBase + trailing);
            }

            return;
        }

        if (_decompositions.TryGetValue(codePoint, out var mapping))
        {
            output.AddRange(mapping);
        }
        else
        {
            output.Add(codePoint);
        }
    }

    // Canonical ordering: a stable sort of each run of non-starters by combining class.
    private static void ReorderCombiningMarks(List<int> codePoints)
    {
        for (var i = 1; i < codePoints.Count; i++)
        {
            var current = codePoints[i];
            var currentClass = CombiningClass(current);
            if (currentClass == 0)
            {
                continue;
            }

            var j = i - 1;
            while (j >= 0)
            {
                var previousClass = CombiningClass(codePoints[j]);
                if (previousClass <= currentClass)
                {
                    break;
                }

                codePoints[j + 1] = codePoints[j];
                j--;
            }

            codePoints[j + 1] = current;
        }
    }

    // Canonical composition in place. Returns the new length of the list's used part.
    private static int Compose(List<int> codePoints)
    {
        if (codePoints.Count == 0)
        {
            return 0;
        }

        var starterIndex = 0;
        var starter = codePoints[0];

        // A leading non-starter has no starter to compose with, so it blocks like class 256.
        var lastClass = CombiningClass(starter) == 0 ? 0 : 256;
        var written = 1;

        for (var i = 1; i < codePoints.Count; i++)
        {
            var codePoint = codePoints[i];
            var codePointClass = CombiningClass(codePoint);
            var composite = ComposePair(starter, codePoint);

            // A last class of 0 means the starter is the previous character. Otherwise a
            // character in between blocks the pair when its class is not lower than this one's.
            var blocked = lastClass != 0 && lastClass >= codePointClass;
            if (composite >= 0 && !blocked)
            {
                codePoints[starterIndex] = composite;
                starter = composite;
                continue;
            }

            if (codePointClass == 0)
            {
                starterIndex = written;
                starter = codePoint;
            }

            lastClass = codePointClass;
            codePoints[written] = codePoint;
            written++;
        }

        return written;
    }

    private static int ComposePair(int first, int second)
    {
        var lIndex = first - HangulLBase;
        if (lIndex is >= 0 and < HangulLCount)
        {
            var vIndex = second - HangulVBase;
            if (vIndex is >= 0 and < HangulVCount)
            {
                return HangulSBase + (((lIndex * HangulVCount) + vIndex) * HangulTCount);
            }
        }

        var sIndex = first - HangulSBase;
        if (sIndex is >= 0 and < HangulSCount && sIndex % HangulTCount == 0)
        {
            var tIndex = second - HangulTBase;
            if (tIndex is > 0 and < HangulTCount)
            {
                return first + tIndex;
            }
        }

        return _compositions.TryGetValue(PairKey(first, second), out var composite) ? composite : -1;
    }

    private static int CombiningClass(int codePoint)
    {
        if (codePoint < FirstCodePointNeedingWork)
        {
            return 0;
        }

        var ranges = UnicodeNfcData.CombiningClassRanges;
        var low = 0;
        var high = (ranges.Length / 3) - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (codePoint < ranges[middle * 3])
            {
                high = middle - 1;
            }
            else if (codePoint > ranges[(middle * 3) + 1])
            {
                low = middle + 1;
            }
            else
            {
                return ranges[(middle * 3) + 2];
            }
        }

        return 0;
    }

    private static string ToString(List<int> codePoints, int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var codePoint = codePoints[i];
            if (codePoint is >= 0xD800 and <= 0xDFFF)
            {
                // An unpaired surrogate from the input: keep the code unit as it was.
                builder.Append((char)codePoint);
            }
            else
            {
                builder.Append(char.ConvertFromUtf32(codePoint));
            }
        }

        return builder.ToString();
    }

    private static long PairKey(int first, int second) => ((long)first << 21) | (uint)second;

    private static Dictionary<int, int[]> LoadDecompositions()
    {
        var data = UnicodeNfcData.Decompositions;
        var map = new Dictionary<int, int[]>();
        var i = 0;
        while (i < data.Length)
        {
            var codePoint = data[i];
            var length = data[i + 1];
            map[codePoint] = data.Slice(i + 2, length).ToArray();
            i += 2 + length;
        }

        return map;
    }

    private static Dictionary<long, int> LoadCompositions()
    {
        var data = UnicodeNfcData.Compositions;
        var map = new Dictionary<long, int>(data.Length / 3);
        for (var i = 0; i < data.Length; i += 3)
        {
            map[PairKey(data[i], data[i + 1])] = data[i + 2];
        }

        return map;
    }
}
