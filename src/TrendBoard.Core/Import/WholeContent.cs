using System.Globalization;

namespace TrendBoard.Core.Import;

/// <summary>
/// Reads all of a file's content into memory, for formats whose parsers need the whole text
/// (JSON documents, HTML pages, copied text).
/// </summary>
internal static class WholeContent
{
    /// <summary>
    /// Reads <paramref name="content"/> to its end, or up to <see cref="PaperReadOptions.MaxWholeContentBytes"/>
    /// with a reject when it is longer.
    /// </summary>
    public static ReadOnlyMemory<byte> Read(Stream content, ParseOutput output, CancellationToken cancellationToken)
    {
        var limit = output.Context.Options.MaxWholeContentBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = content.Read(chunk)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (buffer.Length + read > limit)
            {
                // The part of the chunk up to the limit is kept, so the records before it can still be read.
                buffer.Write(chunk, 0, (int)(limit - buffer.Length));
                output.Reject(
                    string.Create(CultureInfo.InvariantCulture, $"byte {limit}"),
                    $"the content is larger than {DescribeSize(limit)}, the maximum this format reads at once, so only its start was read. "
                    + "Split the file into single responses or pages (one per day) and import those.");
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        // GetBuffer avoids the copy that ToArray would make; the MemoryStream only wraps the array.
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static string DescribeSize(int bytes) => bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes");
}
