using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace TrendBoard.Core.Import;

/// <summary>
/// Checks that apply to every format: empty, compressed, binary and non-UTF-8 content.
/// </summary>
internal static class ContentChecks
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Returns the length of a UTF-8 byte order mark at the start of <paramref name="head"/>: 3 or 0.</summary>
    public static int Utf8BomLength(ReadOnlySpan<byte> head) => head.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;

    /// <summary>
    /// Returns why content that starts with <paramref name="head"/> cannot be text in any format,
    /// or null when it may be.
    /// </summary>
    /// <param name="head">The first bytes, before any byte order mark is removed.</param>
    /// <param name="isWholeContent">Whether <paramref name="head"/> is all of the content.</param>
    /// <param name="isGzipName">Whether the file name ends in <c>.gz</c>, so the content was already decompressed.</param>
    public static string? FindProblem(ReadOnlySpan<byte> head, bool isWholeContent, bool isGzipName)
    {
        if (isWholeContent && head[Utf8BomLength(head)..].IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            return "the file is empty (it contains no text after decompression); export or download it again";
        }

        if (head.StartsWith([(byte)0x1F, (byte)0x8B]))
        {
            return isGzipName
                ? "the file is gzip-compressed twice; decompress it once and import the result"
                : "the file is gzip-compressed, but its name does not end in .gz; rename it to end in .gz or decompress it";
        }

        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return "the file is a ZIP archive; extract the paper files from it and import those";
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return "the file is a PDF document, not a list of papers; import a feed, listing, page or CSV file instead";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return "the file is UTF-32 text (it starts with a UTF-32 byte order mark); save it as UTF-8 and import it again";
        }

        if (head.StartsWith([(byte)0xFF, (byte)0xFE]) || head.StartsWith([(byte)0xFE, (byte)0xFF]))
        {
            return "the file is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8 and import it again";
        }

        var nul = head.IndexOf((byte)0);
        if (nul < 0)
        {
            return null;
        }

        return LooksLikeUtf16(head)
            ? "the file looks like UTF-16 text without a byte order mark (every other byte is 0); save it as UTF-8 and import it again"
            : $"the file contains a NUL byte at byte {nul + 1}, so it is binary data, not text; check that you picked the right file";
    }

    /// <summary>
    /// Returns the zero-based offset of the first byte that is not valid UTF-8, or -1 when all of
    /// <paramref name="bytes"/> is valid. A sequence cut off at the end counts as invalid.
    /// </summary>
    public static int FindInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return -1;
        }

        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed);
            if (status != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return -1;
    }

    /// <summary>
    /// Describes the invalid byte at <paramref name="offset"/> and what to do, for a reject reason.
    /// </summary>
    public static string InvalidUtf8Reason(ReadOnlySpan<byte> bytes, int offset) =>
        $"byte 0x{bytes[offset]:X2} is not valid UTF-8, so the text is probably Latin-1 or Windows-1252; "
        + "save the file as UTF-8 and import it again";

    /// <summary>Returns the one-based line and column (in bytes) of <paramref name="offset"/>.</summary>
    public static (int Line, int Column) LineAndColumn(ReadOnlySpan<byte> bytes, int offset)
    {
        var before = bytes[..Math.Min(offset, bytes.Length)];
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return (line, offset - lineStart + 1);
    }

    /// <summary>
    /// Returns whether the head starts with an HTML document: a doctype or an <c>html</c> element
    /// within the first kilobyte.
    /// </summary>
    public static bool LooksLikeHtml(ReadOnlySpan<byte> head)
    {
        var start = head[..Math.Min(head.Length, 1024)];
        var first = start.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0 || start[first] != (byte)'<')
        {
            return false;
        }

        var text = Encoding.ASCII.GetString(start[first..]);
        return text.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || text.Contains("<html", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Returns whether <paramref name="fileName"/> ends in one of <paramref name="extensions"/> (each with its dot), ignoring case.</summary>
    public static bool HasExtension(string fileName, params ReadOnlySpan<string> extensions)
    {
        foreach (var extension in extensions)
        {
            if (fileName.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // UTF-16 text in a Latin script has a 0 in every other byte.
    private static bool LooksLikeUtf16(ReadOnlySpan<byte> head)
    {
        var sample = head[..Math.Min(head.Length, 512)];
        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < sample.Length; i++)
        {
            if (sample[i] == 0)
            {
                if (i % 2 == 0)
                {
                    evenZeros++;
                }
                else
                {
                    oddZeros++;
                }
            }
        }

        var half = sample.Length / 2;
        return half > 0 && (evenZeros >= half * 0.4 || oddZeros >= half * 0.4) && Math.Min(evenZeros, oddZeros) < half * 0.1;
    }
}
