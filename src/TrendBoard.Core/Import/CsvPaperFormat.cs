using System.Globalization;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Text;

namespace TrendBoard.Core.Import;

/// <summary>
/// CSV files with a header row (RFC 4180: quoted fields, doubled quotes, line breaks inside
/// quotes), one paper per record, with columns chosen by <see cref="CsvFormatOptions"/>.
/// </summary>
/// <remarks>
/// <para>
/// Only a title column is required. A row without an id (no id column, or an empty cell) gets an
/// id derived from its title (<see cref="DerivedPaperId"/>); a non-empty id must be an arXiv id or
/// abs URL. A row without a date gets the capture day marked
/// <see cref="PaperRecord.DateUncertain"/>. Upvote counts are observed on the capture day
/// (<see cref="PaperReadOptions.CaptureDate"/>, else the file's last-write day).
/// </para>
/// <para>
/// The file is read record by record, so its size does not matter. A record with a different
/// number of fields than the header, a bad value or broken quoting is rejected at
/// <c>record N, line L</c>, where N counts data records from 1 and L is the line it starts on.
/// </para>
/// </remarks>
public sealed class CsvPaperFormat : IPaperFileFormat
{
    /// <summary>The format name and <see cref="PaperRecord.Source"/> of its records.</summary>
    public const string FormatName = "csv";

    /// <summary>The shared instance; the format has no state.</summary>
    public static CsvPaperFormat Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => FormatName;

    /// <inheritdoc/>
    public string Description => "CSV with a header row and at least a title column (RFC 4180 quoting)";

    /// <inheritdoc/>
    /// <remarks>The content matches when the first line has at least two comma-separated names and one is a title column name.</remarks>
    public FormatMatch Detect(ReadOnlySpan<byte> head, string fileName)
    {
        var lineEnd = head.IndexOf((byte)'\n');
        var firstLine = System.Text.Encoding.UTF8.GetString(lineEnd < 0 ? head : head[..lineEnd]);
        var names = firstLine.Split(',', StringSplitOptions.TrimEntries);
        if (names.Length >= 2 && names.Any(name => CsvColumns.IsTitleHeader(name.Trim('"'))))
        {
            return FormatMatch.Content;
        }

        return ContentChecks.HasExtension(fileName, ".csv") ? FormatMatch.FileName : FormatMatch.None;
    }

    /// <inheritdoc/>
    public void Parse(Stream content, PaperParseContext context, IPaperRecordSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sink);

        var output = new ParseOutput(context, sink);
        var options = context.Options.Csv ?? CsvFormatOptions.Default;
        var reader = new CsvRecordReader(content, options.Delimiter);
        if (!reader.TryRead(out var header))
        {
            output.Reject("line 1", "the file has no header row; add a first line with column names such as title,abstract,date.");
            return;
        }

        if (header.Problem is not null)
        {
            output.Reject(header.ProblemPosition!, $"the header row cannot be read: {header.Problem}; fix it and import the file again.");
            return;
        }

        if (!CsvColumns.TryResolve(header.Fields, options, out var columns, out var error))
        {
            output.Reject($"line {header.StartLine}", error!);
            return;
        }

        ReadRecords(reader, header.Fields.Count, columns, output, cancellationToken);
        AddNotices(columns, options, output);
    }

    private static void ReadRecords(CsvRecordReader reader, int fieldCount, CsvColumns columns, ParseOutput output, CancellationToken cancellationToken)
    {
        var recordNumber = 0;
        while (reader.TryRead(out var record))
        {
            cancellationToken.ThrowIfCancellationRequested();
            recordNumber++;
            var position = $"record {recordNumber}, line {record.StartLine}";
            if (record.Problem is not null)
            {
                output.Reject($"record {recordNumber}, {record.ProblemPosition}", $"{record.Problem}; the record was skipped.");
                continue;
            }

            if (record.Fields.Count != fieldCount)
            {
                output.Reject(position, $"the record has {record.Fields.Count} fields, but the header has {fieldCount}; the record was skipped. Quote fields that contain the delimiter or line breaks.");
                continue;
            }

            var mapped = Map(record.Fields, columns, output.Context);
            if (mapped.Paper is not null)
            {
                output.Paper(mapped.Paper, position);
            }
            else
            {
                output.Reject(position, $"{mapped.RejectReason}; the record was skipped.");
            }
        }
    }

    private static MappedItem Map(IReadOnlyList<string> fields, CsvColumns columns, PaperParseContext context)
    {
        var title = TextCleaner.CleanPlainTitle(columns.Title.Read(fields));
        if (title.Length == 0)
        {
            return MappedItem.Reject($"the '{columns.Title.Name}' cell is empty");
        }

        var rawId = columns.Id?.Read(fields).Trim() ?? string.Empty;
        string? id;
        if (rawId.Length == 0)
        {
            id = DerivedPaperId.FromTitle(title);
        }
        else if (!ArxivId.TryParseReference(rawId, out id))
        {
            return MappedItem.Reject($"the '{columns.Id!.Name}' cell '{JsonFields.Truncate(rawId)}' is not an arXiv id or abs URL such as 2510.14968 or https://arxiv.org/abs/2510.14968; leave it empty to derive an id from the title");
        }

        var rawDate = columns.Date?.Read(fields).Trim() ?? string.Empty;
        var publishedOn = context.CaptureDay;
        if (rawDate.Length > 0 && !Days.TryParseIso(rawDate, out publishedOn) && !Days.TryParseRfc1123(rawDate, out publishedOn))
        {
            return MappedItem.Reject($"the '{columns.Date!.Name}' cell '{JsonFields.Truncate(rawDate)}' is not a date such as 2025-10-16 or 2025-10-16T17:59:37Z");
        }

        var rawUpvotes = columns.Upvotes?.Read(fields).Trim() ?? string.Empty;
        UpvoteObservation? upvote = null;
        if (rawUpvotes.Length > 0)
        {
            if (!int.TryParse(rawUpvotes, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
            {
                return MappedItem.Reject($"the '{columns.Upvotes!.Name}' cell '{JsonFields.Truncate(rawUpvotes)}' is not a whole number");
            }

            upvote = new UpvoteObservation(context.CaptureDay, count);
        }

        var paper = new PaperRecord(
            id,
            title,
            TextCleaner.CleanAbstract(columns.Abstract?.Read(fields) ?? string.Empty),
            publishedOn,
            null,
            SplitAuthors(columns.Authors?.Read(fields)),
            [],
            upvote,
            FormatName)
        {
            Categories = ArxivCategory.Clean((columns.Categories?.Read(fields) ?? string.Empty).Split([',', ';'])),
            DateUncertain = rawDate.Length == 0,
        };
        return MappedItem.Accept(paper);
    }

    private static IReadOnlyList<string> SplitAuthors(string? cell)
    {
        if (string.IsNullOrWhiteSpace(cell))
        {
            return [];
        }

        var separator = cell.Contains(';', StringComparison.Ordinal) ? ';' : ',';
        return cell.Split(separator).Select(TextCleaner.CleanLabel).Where(name => name.Length > 0).ToList();
    }

    private static void AddNotices(CsvColumns columns, CsvFormatOptions options, ParseOutput output)
    {
        var captureDay = Days.Iso(output.Context.CaptureDay);
        if (columns.Date is null)
        {
            output.Notice($"the file has no date column, so every paper is dated by the capture day {captureDay} and its date is marked as an estimate; if the file has a date column under another header, map it {options.DescribeColumnMapping("date")}");
        }

        if (columns.Id is null)
        {
            output.Notice($"the file has no id column, so ids were derived from the titles ({DerivedPaperId.Prefix}...)");
        }
    }
}
