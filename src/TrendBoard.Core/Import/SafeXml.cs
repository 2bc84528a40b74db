using System.Xml;

namespace TrendBoard.Core.Import;

/// <summary>
/// XML reading without DTDs or external resources, and the helpers the XML formats share.
/// </summary>
internal static class SafeXml
{
    /// <summary>
    /// Settings that reject any DTD (so no entity expansion and no external files) and skip
    /// comments, processing instructions and insignificant whitespace.
    /// </summary>
    public static XmlReaderSettings ReaderSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    /// <summary>
    /// Returns the local name and namespace of the root element at the start of <paramref name="head"/>,
    /// or null when the head does not start with XML.
    /// </summary>
    /// <remarks>A DTD is skipped here (never processed), so that parsing can reject it with its own message.</remarks>
    public static (string LocalName, string Namespace)? ReadRoot(ReadOnlySpan<byte> head)
    {
        var first = head.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0 || head[first] != (byte)'<')
        {
            return null;
        }

        var settings = ReaderSettings();
        settings.DtdProcessing = DtdProcessing.Ignore;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(head.ToArray(), writable: false), settings);
            return reader.MoveToContent() == XmlNodeType.Element ? (reader.LocalName, reader.NamespaceURI) : null;
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>
    /// Moves to the root element and checks its name; on a mismatch adds a reject and returns false.
    /// </summary>
    public static bool MoveToRoot(XmlReader reader, string localName, string namespaceUri, string expected, ParseOutput output)
    {
        if (reader.MoveToContent() == XmlNodeType.Element && reader.LocalName == localName && reader.NamespaceURI == namespaceUri)
        {
            return true;
        }

        var found = reader.NodeType == XmlNodeType.Element ? $"<{reader.Name}> in namespace '{reader.NamespaceURI}'" : "no root element";
        output.Reject($"line {LineOf(reader)}", $"the root element is {found}, but {expected} has <{localName}> in namespace '{namespaceUri}'; check that the file is {expected}");
        return false;
    }

    /// <summary>Returns the reader's current line, or 0 when it has no line information.</summary>
    public static int LineOf(XmlReader reader) => reader is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;

    /// <summary>
    /// Rejects the rest of the file after invalid XML, at the line and column of the error. When
    /// neither the error nor the reader has a line, the position is the start of the file: a DTD
    /// is rejected that way, before the reader reaches the root element.
    /// </summary>
    public static void RejectInvalidXml(XmlException exception, XmlReader reader, ParseOutput output)
    {
        var (line, column) = exception.LineNumber > 0
            ? (exception.LineNumber, exception.LinePosition)
            : reader is IXmlLineInfo info ? (info.LineNumber, info.LinePosition) : (0, 0);
        output.Reject(
            line > 0 ? $"line {line}, column {column}" : "start of file",
            $"invalid XML: {exception.Message} The file may be truncated or damaged; {output.ReadSoFar()}. Download the file again to import the rest.");
    }
}
