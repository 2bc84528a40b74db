namespace TrendBoard.Core.Import;

/// <summary>
/// Reads a stream line by line as raw UTF-8 bytes, holding one line at a time, so files of any
/// size read in bounded memory.
/// </summary>
/// <remarks>
/// Lines end in <c>\n</c> or <c>\r\n</c>; a lone <c>\r</c> does not end a line. A line longer
/// than <see cref="MaxLineBytes"/> is skipped without being buffered.
/// </remarks>
internal sealed class Utf8LineReader(Stream stream)
{
    /// <summary>The longest line kept, 16 MiB; a paper record is a few kilobytes, and the longest of 60,753 real arXiv listing rows is about 11 KB.</summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _endOfStream;

    /// <summary>The one-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Whether the line last returned ended in a line break (false for a last line without one).</summary>
    public bool LastLineEnded { get; private set; }

    /// <summary>
    /// Reads the next line without its line break. The bytes stay valid until the next call.
    /// </summary>
    /// <param name="line">The line, or empty when it was too long.</param>
    /// <param name="isTooLong">Whether the line was longer than <see cref="MaxLineBytes"/> and skipped.</param>
    /// <returns>False at the end of the stream.</returns>
    public bool TryReadLine(out ReadOnlyMemory<byte> line, out bool isTooLong)
    {
        isTooLong = false;
        var searchFrom = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = searchFrom + newline;
                line = WithoutCarriageReturn(_buffer.AsMemory(_start, lineEnd - _start));
                _start = lineEnd + 1;
                return Returned(ended: true);
            }

            if (_endOfStream)
            {
                line = WithoutCarriageReturn(_buffer.AsMemory(_start, _end - _start));
                if (_start == _end)
                {
                    return false;
                }

                _start = _end;
                return Returned(ended: false);
            }

            if (_end - _start >= MaxLineBytes)
            {
                line = ReadOnlyMemory<byte>.Empty;
                isTooLong = true;
                return Returned(ended: SkipRestOfLine());
            }

            searchFrom = _end - _start;
            Fill();
        }
    }

    private bool Returned(bool ended)
    {
        LineNumber++;
        LastLineEnded = ended;
        return true;
    }

    // Moves the unread bytes to the front, grows the buffer when they fill it, and reads more.
    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxLineBytes + 1));
        }

        var read = stream.Read(_buffer.AsSpan(_end));
        _end += read;
        _endOfStream = read == 0;
    }

    // Drops bytes up to and including the next line break; returns false when the stream ends first.
    private bool SkipRestOfLine()
    {
        _start = 0;
        _end = 0;
        while (true)
        {
            var read = stream.Read(_buffer);
            if (read == 0)
            {
                _endOfStream = true;
                return false;
            }

            var newline = _buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start = newline + 1;
                _end = read;
                return true;
            }
        }
    }

    private static ReadOnlyMemory<byte> WithoutCarriageReturn(ReadOnlyMemory<byte> line) =>
        line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
}
