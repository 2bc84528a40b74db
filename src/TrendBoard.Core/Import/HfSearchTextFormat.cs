using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Text;

namespace TrendBoard.Core.Import;

/// <summary>
/// The text of a Hugging Face papers search or listing page as a browser copies it. Each paper is
/// a title line and an abstract paragraph, usually followed by a block with an author count (or
/// an organisation), a middle dot and a date with an optional upvote count.
/// </summary>
/// <remarks>
/// <para>
/// Paragraphs are separated by blank lines. Text before the first title-and-abstract pair (the
/// page header) is skipped. The date block reads, for example, <c>• 9 authors</c> / <c>·</c> /
/// <c>Jul 30, 2020 1</c>, where the last number is the upvote count. Hugging Face leaves out the
/// year for dates in the current year, so <c>Aug 18</c> takes the year of the capture day
/// (<see cref="PaperReadOptions.CaptureDate"/>, else the file's last-write day), or the year
/// before when that would put it after the capture day. Such dates, and entries without a date
/// block (whose publication day is the capture day), are marked
/// <see cref="PaperRecord.DateUncertain"/> unless the capture date was given; the notice says
/// which day was used.
/// </para>
/// <para>
/// The page shows no arXiv ids, so every id is derived from the title with
/// <see cref="DerivedPaperId.FromTitle"/>, and authors are only counted, so
/// <see cref="PaperRecord.Authors"/> is empty. Upvotes are observed on the capture day.
/// </para>
/// </remarks>
public sealed partial class HfSearchTextFormat : IPaperFileFormat
{
    /// <summary>The format name and <see cref="PaperRecord.Source"/> of its records.</summary>
    public const string FormatName = "hf-search-text";

    private const int MaxTitleLength = 300;
    private const int MinAbstractLength = 150;

    /// <summary>The shared instance; the format has no state.</summary>
    public static HfSearchTextFormat Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => FormatName;

    /// <inheritdoc/>
    public string Description => "text of a Hugging Face papers search or listing page copied from a browser (title, abstract, '• N authors', '·', date)";

    /// <inheritdoc/>
    public FormatMatch Detect(ReadOnlySpan<byte> head, string fileName)
    {
        var text = Encoding.UTF8.GetString(head);
        if (AuthorCountLine().IsMatch(text) || DotThenDateMarker().IsMatch(text))
        {
            return FormatMatch.Content;
        }

        return ContentChecks.HasExtension(fileName, ".txt") ? FormatMatch.FileName : FormatMatch.None;
    }

    /// <inheritdoc/>
    public void Parse(Stream content, PaperParseContext context, IPaperRecordSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sink);

        var output = new ParseOutput(context, sink);
        var bytes = WholeContent.Read(content, output, cancellationToken);
        var paragraphs = SplitParagraphs(bytes.Span);
        var first = FindFirstEntry(paragraphs);
        if (first < 0)
        {
            output.Reject("whole file", "the text contains no paper entry (a title line followed by an abstract paragraph); copy the page's text again, or pick the format that matches the file.");
            return;
        }

        var dates = new DateTally();
        ReadEntries(paragraphs, first, dates, output, cancellationToken);
        AddNotices(dates, output);
    }

    private static void ReadEntries(List<Paragraph> paragraphs, int first, DateTally dates, ParseOutput output, CancellationToken cancellationToken)
    {
        var entryNumber = 0;
        var i = first;
        while (i < paragraphs.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var title = paragraphs[i];
            var position = $"entry {entryNumber + 1}, line {title.StartLine}";
            if (IsDateBlock(title) || !IsTitle(title))
            {
                var what = IsDateBlock(title) ? "a date block without a title and abstract before it" : "text that is not a one-line title";
                output.Reject($"line {title.StartLine}", $"expected a paper title, found {what} ('{JsonFields.Truncate(title.Text)}'); the paragraph was skipped.");
                i++;
                continue;
            }

            entryNumber++;
            if (i + 1 >= paragraphs.Count || IsDateBlock(paragraphs[i + 1]))
            {
                output.Reject(position, $"the title '{JsonFields.Truncate(title.Text)}' has no abstract paragraph after it; the entry was skipped. The copied text may be cut off.");
                i += i + 1 < paragraphs.Count ? 2 : 1;
                continue;
            }

            var summary = paragraphs[i + 1];
            i += 2;
            Paragraph? dateBlock = null;
            if (i < paragraphs.Count && IsDateBlock(paragraphs[i]))
            {
                dateBlock = paragraphs[i];
                i++;
            }

            AddEntry(title, summary, dateBlock, position, dates, output);
        }
    }

    private static void AddEntry(Paragraph title, Paragraph summary, Paragraph? dateBlock, string position, DateTally dates, ParseOutput output)
    {
        var invalidLine = new[] { title, summary, dateBlock }.FirstOrDefault(p => p?.InvalidUtf8 is not null)?.InvalidUtf8;
        if (invalidLine is { } invalid)
        {
            output.Reject($"line {invalid.Line}, byte {invalid.Column}", $"{invalid.Reason}; the entry at {position} was skipped.");
            return;
        }

        var context = output.Context;
        var dateLine = dateBlock?.Lines[^1];
        if (!TryReadDate(dateLine, context, out var publishedOn, out var uncertain, out var upvotes, out var error))
        {
            output.Reject(position, $"{error}; the entry was skipped.");
            return;
        }

        dates.Count(dateLine);
        var cleanTitle = TextCleaner.CleanPlainTitle(title.Text);
        var upvote = upvotes is { } count ? new UpvoteObservation(context.CaptureDay, count) : null;
        var paper = new PaperRecord(
            DerivedPaperId.FromTitle(cleanTitle),
            cleanTitle,
            TextCleaner.CleanAbstract(summary.Text),
            publishedOn,
            null,
            [],
            [],
            upvote,
            FormatName)
        {
            DateUncertain = uncertain,
        };
        output.Paper(paper, position);
    }

    // Reads "Jul 30, 2020 1", "Aug 18" or "Mar 15 1"; no date line means the capture day, uncertain.
    private static bool TryReadDate(string? dateLine, PaperParseContext context, out DateOnly day, out bool uncertain, out int? upvotes, out string? error)
    {
        day = context.CaptureDay;
        uncertain = true;
        upvotes = null;
        error = null;
        if (dateLine is null)
        {
            return true;
        }

        var match = DateLine().Match(dateLine.Trim());
        var month = DateTime.ParseExact(match.Groups["month"].Value, "MMM", CultureInfo.InvariantCulture).Month;
        var dayOfMonth = int.Parse(match.Groups["day"].ValueSpan, CultureInfo.InvariantCulture);
        if (match.Groups["upvotes"].Success)
        {
            upvotes = int.Parse(match.Groups["upvotes"].ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        var hasYear = match.Groups["year"].Success;
        var year = hasYear ? int.Parse(match.Groups["year"].ValueSpan, CultureInfo.InvariantCulture) : context.CaptureDay.Year;
        if (dayOfMonth > DateTime.DaysInMonth(year, month))
        {
            error = $"the date '{dateLine.Trim()}' is not a valid day{(hasYear ? string.Empty : $" in {year}")}";
            return false;
        }

        day = new DateOnly(year, month, dayOfMonth);
        uncertain = false;
        if (!hasYear)
        {
            // A date shown without a year lies in the capture year; one after the capture day can
            // only be from the year before.
            var rolledBack = day > context.CaptureDay && dayOfMonth <= DateTime.DaysInMonth(year - 1, month);
            day = rolledBack ? new DateOnly(year - 1, month, dayOfMonth) : day;
            uncertain = rolledBack || !context.CaptureDayIsExact;
        }

        return true;
    }

    private static void AddNotices(DateTally dates, ParseOutput output)
    {
        var context = output.Context;
        var captureDay = Days.Iso(context.CaptureDay);
        var source = context.CaptureDayIsExact ? $"the capture date {captureDay}" : $"the file's last-write day {captureDay}, which copying can change";
        if (dates.WithoutYear > 0)
        {
            var marked = context.CaptureDayIsExact ? string.Empty : ", so their dates are marked as estimates; give the capture date to read them exactly";
            output.Notice($"{dates.WithoutYear} dates without a year were placed in the year of {source} (or the year before, for dates after that day){marked}");
        }

        if (dates.Missing > 0)
        {
            output.Notice($"{dates.Missing} entries show no date, so their publication day is {source}, marked as an estimate");
        }

        if (output.PaperCount > 0)
        {
            output.Notice($"the page shows no arXiv ids, so ids were derived from the titles ({DerivedPaperId.Prefix}...)");
        }
    }

    private static int FindFirstEntry(List<Paragraph> paragraphs)
    {
        for (var i = 0; i + 1 < paragraphs.Count; i++)
        {
            if (IsTitle(paragraphs[i]) && !IsDateBlock(paragraphs[i]) && LooksLikeAbstract(paragraphs[i + 1]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsTitle(Paragraph paragraph) => paragraph.Lines.Count == 1 && paragraph.Text.Trim().Length <= MaxTitleLength;

    // An abstract is long and contains at least one sentence end; a page header line is neither.
    private static bool LooksLikeAbstract(Paragraph paragraph)
    {
        var text = paragraph.Text.Trim();
        return text.Length >= MinAbstractLength && (text.EndsWith('.') || text.Contains(". ", StringComparison.Ordinal));
    }

    // The block after an abstract: an author count or organisation line, a middle dot, a date.
    private static bool IsDateBlock(Paragraph paragraph)
    {
        if (paragraph.Lines.Count > 3 || !DateLine().IsMatch(paragraph.Lines[^1].Trim()))
        {
            return false;
        }

        return paragraph.Lines.Count == 1 || paragraph.Lines.Any(line => line.Trim() == "·" || AuthorCountLine().IsMatch(line));
    }

    private static List<Paragraph> SplitParagraphs(ReadOnlySpan<byte> bytes)
    {
        var paragraphs = new List<Paragraph>();
        Paragraph? current = null;
        var lineNumber = 0;
        foreach (var lineRange in bytes.Split((byte)'\n'))
        {
            lineNumber++;
            var line = bytes[lineRange];
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            var text = Encoding.UTF8.GetString(line);
            if (string.IsNullOrWhiteSpace(text))
            {
                current = null;
                continue;
            }

            if (current is null)
            {
                current = new Paragraph(lineNumber);
                paragraphs.Add(current);
            }

            current.Add(text, line, lineNumber);
        }

        return paragraphs;
    }

    [GeneratedRegex(@"^(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?<day>[0-9]{1,2})(?:, (?<year>[0-9]{4}))?(?: (?<upvotes>-?[0-9]{1,9}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex DateLine();

    [GeneratedRegex(@"^[ \t]*•[ \t]*[0-9]+[ \t]+authors?[ \t]*\r?$", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex AuthorCountLine();

    [GeneratedRegex(@"^·\r?\n(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{1,2}\b", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex DotThenDateMarker();

    /// <summary>Consecutive non-blank lines, with the first invalid UTF-8 among them.</summary>
    private sealed class Paragraph(int startLine)
    {
        public int StartLine { get; } = startLine;

        public List<string> Lines { get; } = [];

        public string Text => string.Join('\n', Lines);

        public (int Line, int Column, string Reason)? InvalidUtf8 { get; private set; }

        public void Add(string text, ReadOnlySpan<byte> bytes, int lineNumber)
        {
            Lines.Add(text);
            var invalid = ContentChecks.FindInvalidUtf8(bytes);
            if (invalid >= 0 && InvalidUtf8 is null)
            {
                InvalidUtf8 = (lineNumber, invalid + 1, ContentChecks.InvalidUtf8Reason(bytes, invalid));
            }
        }
    }

    private sealed class DateTally
    {
        public int WithoutYear { get; private set; }

        public int Missing { get; private set; }

        public void Count(string? dateLine)
        {
            if (dateLine is null)
            {
                Missing++;
            }
            else if (!DateLine().Match(dateLine.Trim()).Groups["year"].Success)
            {
                WithoutYear++;
            }
        }
    }
}
