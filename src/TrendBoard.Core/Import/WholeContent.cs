namespace TrendBoard.Core.Import;

/// <summary>
/// Reads all of a file's content into memory, for formats whose parsers need the whole text
/// (JSON documents, HTML pages, copied text).
/// </summary>
internal static class WholeContent
{
    /// <summary>
    /// Reads <paramref name="content"/> to its end, or up to <see cref="PaperFileReader.MaxContentBytes"/>
    /// with a reject when it is longer.
    /// </summary>
    public static ReadOnlyMemory<byte> Read(Stream content, ParseOutput output, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = content.Read(chunk)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (buffer.Length + read > PaperFileReader.MaxContentBytes)
            {
                output.Reject(
                    $"byte {PaperFileReader.MaxContentBytes}",
                    $"the content is larger than {PaperFileReader.MaxContentBytes / (1024 * 1024)} MiB, so only its start was read; split the file or check that it is a single response or page.");
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        // GetBuffer avoids the copy that ToArray would make; the MemoryStream only wraps the array.
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
