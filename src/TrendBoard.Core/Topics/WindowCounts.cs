using System.Runtime.CompilerServices;

namespace TrendBoard.Core.Topics;

/// <summary>
/// Counts of words and word pairs over sliding windows of token lists, for NPMI coherence.
/// </summary>
internal sealed class WindowCounts
{
    /// <summary>The ε that gensim adds to a joint probability so a pair that never co-occurs stays finite.</summary>
    private const double Epsilon = 1e-12;

    private readonly long[] _occurrences;
    private readonly long[] _pairs;
    private readonly int _wordCount;

    private WindowCounts(long[] occurrences, long[] pairs, int wordCount, long windowCount)
    {
        _occurrences = occurrences;
        _pairs = pairs;
        _wordCount = wordCount;
        WindowCount = windowCount;
    }

    /// <summary>Windows counted, including the single window of an empty document.</summary>
    public long WindowCount { get; }

    /// <summary>
    /// Counts, for every word of <paramref name="idOfWord"/> and every pair of them, the windows
    /// that contain them, with gensim's incremental window update.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static WindowCounts Count(IReadOnlyList<IReadOnlyList<string>> documents, IReadOnlyDictionary<string, int> idOfWord, int windowSize)
    {
        var wordCount = idOfWord.Count;
        var occurrences = new long[wordCount];
        var pairs = new long[wordCount * wordCount];
        var marked = new bool[wordCount];
        var present = new List<int>();
        long windowCount = 0;
        var ids = new List<int>();

        foreach (var document in documents)
        {
            ids.Clear();
            foreach (var token in document)
            {
                ids.Add(idOfWord.TryGetValue(token, out var id) ? id : -1);
            }

            Array.Clear(marked);
            present.Clear();
            if (ids.Count <= windowSize)
            {
                // One window: the whole document, also when it is empty.
                foreach (var id in ids)
                {
                    Mark(id, marked, present);
                }

                AddWindow(present, occurrences, pairs, wordCount);
                windowCount++;
                continue;
            }

            for (var i = 0; i < windowSize; i++)
            {
                Mark(ids[i], marked, present);
            }

            AddWindow(present, occurrences, pairs, wordCount);
            windowCount++;
            for (var start = 1; start + windowSize <= ids.Count; start++)
            {
                // gensim unmarks the token that left even when a copy of it is still inside.
                Unmark(ids[start - 1], marked, present);
                Mark(ids[start + windowSize - 1], marked, present);
                AddWindow(present, occurrences, pairs, wordCount);
                windowCount++;
            }
        }

        return new WindowCounts(occurrences, pairs, wordCount, windowCount);
    }

    /// <summary>Returns gensim's normalized log-ratio (NPMI) of two counted words.</summary>
    public double Npmi(int first, int second)
    {
        var windows = (double)WindowCount;
        var joint = _pairs[(Math.Min(first, second) * _wordCount) + Math.Max(first, second)] / windows;
        var firstShare = _occurrences[first] / windows;
        var secondShare = _occurrences[second] / windows;
        var logRatio = Math.Log((joint + Epsilon) / (firstShare * secondShare));
        return logRatio / -Math.Log(joint + Epsilon);
    }

    private static void Mark(int id, bool[] marked, List<int> present)
    {
        if (id >= 0 && !marked[id])
        {
            marked[id] = true;
            present.Add(id);
        }
    }

    private static void Unmark(int id, bool[] marked, List<int> present)
    {
        if (id >= 0 && marked[id])
        {
            marked[id] = false;
            present.Remove(id);
        }
    }

    private static void AddWindow(List<int> present, long[] occurrences, long[] pairs, int wordCount)
    {
        for (var i = 0; i < present.Count; i++)
        {
            var a = present[i];
            occurrences[a]++;
            for (var j = i + 1; j < present.Count; j++)
            {
                var b = present[j];
                pairs[(Math.Min(a, b) * wordCount) + Math.Max(a, b)]++;
            }
        }
    }
}
