namespace TrendBoard.Core.Import;

/// <summary>
/// The decompressed content of one file as a format reads it, with its head read ahead for
/// format detection and then served again from the start.
/// </summary>
/// <remarks>
/// Corrupt gzip data ends the content instead of throwing, so the format reads a truncated file
/// and still returns the records before the damage; <see cref="CorruptionReject"/> then describes
/// the problem.
/// </remarks>
internal sealed class ContentReadStream(Stream inner, bool isGzip) : Stream
{
    private byte[] _head = [];
    private int _headStart;
    private int _headEnd;
    private long _position;
    private bool _ended;

    /// <summary>The position and reason of corrupt gzip data, or null when none was found.</summary>
    public (string Position, string Reason)? CorruptionReject { get; private set; }

    /// <summary>Whether the content ended within the head, so the head is all of it.</summary>
    public bool EndedWithinHead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Reads up to <paramref name="maxBytes"/> from the start and keeps them, so that the next
    /// reads return them again; call once, before any other read.
    /// </summary>
    public async Task<ReadOnlyMemory<byte>> ReadHeadAsync(int maxBytes, CancellationToken cancellationToken)
    {
        _head = new byte[maxBytes];
        while (_headEnd < maxBytes && !_ended)
        {
            var read = await ReadInnerAsync(_head.AsMemory(_headEnd), cancellationToken).ConfigureAwait(false);
            _headEnd += read;
        }

        EndedWithinHead = _ended;
        return _head.AsMemory(0, _headEnd);
    }

    /// <summary>Drops <paramref name="count"/> bytes from the start of the head, such as a byte order mark.</summary>
    public void SkipHead(int count) => _headStart = Math.Min(_headEnd, _headStart + count);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_headStart < _headEnd)
        {
            var fromHead = Math.Min(buffer.Length, _headEnd - _headStart);
            _head.AsSpan(_headStart, fromHead).CopyTo(buffer);
            _headStart += fromHead;
            return fromHead;
        }

        if (_ended)
        {
            return 0;
        }

        try
        {
            return Counted(inner.Read(buffer));
        }
        catch (InvalidDataException exception) when (isGzip)
        {
            return Corrupt(exception);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private async Task<int> ReadInnerAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return Counted(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
        }
        catch (InvalidDataException exception) when (isGzip)
        {
            return Corrupt(exception);
        }
    }

    private int Counted(int read)
    {
        _position += read;
        _ended = read == 0;
        return read;
    }

    private int Corrupt(InvalidDataException exception)
    {
        _ended = true;
        CorruptionReject = (
            $"decompressed byte {_position}",
            $"the gzip data is corrupt ({exception.Message}); only the content before this point was read. Compress the original file again or download it again.");
        return 0;
    }
}
