using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Text;

namespace TrendBoard.Core.Import;

/// <summary>
/// Saved Hugging Face papers pages: the Daily Papers list (<c>huggingface.co/papers</c>) and a
/// single paper's page (<c>huggingface.co/papers/&lt;id&gt;</c>).
/// </summary>
/// <remarks>
/// <para>
/// Both pages embed their data as JSON in the <c>data-props</c> attribute of a
/// <c>SVELTE_HYDRATER</c> element, read through the DOM so that HTML entities are decoded. The
/// list page's <c>DailyPapers</c> props hold <c>dailyPapers</c>, items of the same shape as the
/// <c>api/daily_papers</c> response, and <c>date</c>, which becomes the featured day and the day
/// the upvotes were observed. A paper page's <c>PaperContent</c> props hold <c>paper</c>; its
/// upvotes are observed on the capture day (<see cref="PaperReadOptions.CaptureDate"/>, else the
/// file's last-write day).
/// </para>
/// <para>
/// When a list page has no readable <c>DailyPapers</c> props, the papers are read from the
/// visible cards (<c>article</c> elements that link to <c>/papers/&lt;id&gt;</c>): id, title
/// (<c>h3</c>) and upvotes (the element whose class is exactly <c>leading-none</c>) only. Such
/// papers have an empty abstract, no authors, and a publication day that is a placeholder (the
/// day in the file name, else the capture day) marked <see cref="PaperRecord.DateUncertain"/>;
/// the notice states this.
/// </para>
/// </remarks>
public sealed partial class HfPapersHtmlFormat : IPaperFileFormat
{
    /// <summary>The format name and <see cref="PaperRecord.Source"/> of its records.</summary>
    public const string FormatName = "hf-papers-html";

    private const string DailyPapersTarget = "DailyPapers";
    private const string PaperContentTarget = "PaperContent";
    private static readonly JsonDocumentOptions _jsonOptions = new() { MaxDepth = 64 };

    /// <summary>The shared instance; the format has no state.</summary>
    public static HfPapersHtmlFormat Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => FormatName;

    /// <inheritdoc/>
    public string Description => "saved Hugging Face papers page (the Daily Papers list or one paper's page) as HTML";

    /// <inheritdoc/>
    public FormatMatch Detect(ReadOnlySpan<byte> head, string fileName)
    {
        if (ContentChecks.LooksLikeHtml(head))
        {
            return FormatMatch.Content;
        }

        return ContentChecks.HasExtension(fileName, ".html", ".htm") ? FormatMatch.FileName : FormatMatch.None;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Reads the whole page into memory, up to <see cref="PaperFileReader.MaxContentBytes"/>. A page
    /// that is not valid UTF-8 gives one reject, because Hugging Face serves UTF-8 and another
    /// encoding means the page was saved wrongly.
    /// </remarks>
    public void Parse(Stream content, PaperParseContext context, IPaperRecordSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sink);

        var output = new ParseOutput(context, sink);
        var bytes = WholeContent.Read(content, output, cancellationToken);
        var invalid = ContentChecks.FindInvalidUtf8(bytes.Span);
        if (invalid >= 0)
        {
            var (line, column) = ContentChecks.LineAndColumn(bytes.Span, invalid);
            output.Reject($"line {line}, byte {column}", ContentChecks.InvalidUtf8Reason(bytes.Span, invalid) + "; the page was not read.");
            return;
        }

        var parser = new HtmlParser(new HtmlParserOptions { IsKeepingSourceReferences = true });
        using var document = parser.ParseDocument(Encoding.UTF8.GetString(bytes.Span));
        cancellationToken.ThrowIfCancellationRequested();

        var cutShort = !EndsWithClosingHtmlTag(bytes.Span);
        if (TryReadDailyPapers(document, output) || TryReadPaperPage(document, output))
        {
            NoteCutShort(cutShort, output);
            return;
        }

        if (ReadCards(document, output, cutShort))
        {
            NoteCutShort(cutShort, output);
        }
    }

    /// <summary>Checks whether the page ends with <c>&lt;/html&gt;</c>, as a completely saved page does.</summary>
    internal static bool EndsWithClosingHtmlTag(ReadOnlySpan<byte> page)
    {
        var end = page.TrimEnd(" \t\r\n"u8);
        const int tagLength = 7;
        return end.Length >= tagLength && Ascii.EqualsIgnoreCase(end[^tagLength..], "</html>"u8);
    }

    private static void NoteCutShort(bool cutShort, ParseOutput output)
    {
        if (cutShort)
        {
            output.Notice("the page ends without its closing </html> tag, so it may be cut short and papers after the cut are missing; save the whole page again to import them");
        }
    }

    // Returns false when the page has no readable DailyPapers props, so the cards are read instead.
    private static bool TryReadDailyPapers(IDocument document, ParseOutput output)
    {
        var element = FindHydrationTarget(document, DailyPapersTarget);
        if (element is null)
        {
            return false;
        }

        var where = $"{DailyPapersTarget} data-props, line {LineOf(element)}";
        using var props = ParseProps(element, where, output);
        if (props is null)
        {
            return false;
        }

        var root = props.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("dailyPapers", out var items)
            || items.ValueKind != JsonValueKind.Array)
        {
            output.Reject(where, "the DailyPapers data-props have no 'dailyPapers' array; the papers were read from the visible cards instead.");
            return false;
        }

        var pageDay = root.TryGetProperty("date", out var date) && date.ValueKind == JsonValueKind.String && Days.TryParseIso(date.GetString(), out var day)
            ? day
            : (DateOnly?)null;
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            index++;
            var mapped = HfDailyItemMapper.Map(item, pageDay ?? output.Context.FileDay, wrapperDay: null);
            AddMapped(mapped, $"{DailyPapersTarget} item {index}, line {LineOf(element)}", output);
        }

        if (index == 0)
        {
            output.Notice("the page's DailyPapers list is empty, so the day has no papers");
        }

        return true;
    }

    private static bool TryReadPaperPage(IDocument document, ParseOutput output)
    {
        var element = FindHydrationTarget(document, PaperContentTarget);
        if (element is null)
        {
            return false;
        }

        var where = $"{PaperContentTarget} data-props, line {LineOf(element)}";
        using var props = ParseProps(element, where, output);
        if (props is null)
        {
            // NOTE: a paper page has no card fallback; its visible markup was not available to model one on.
            return true;
        }

        var mapped = HfDailyItemMapper.Map(props.RootElement, fileDay: null, wrapperDay: null);
        if (mapped.Paper is { } paper
            && props.RootElement.GetProperty("paper").TryGetProperty("upvotes", out var upvotes)
            && upvotes.TryGetInt32(out var count))
        {
            mapped = MappedItem.Accept(paper with { Upvote = new UpvoteObservation(output.Context.CaptureDay, count) });
        }

        AddMapped(mapped, where, output);
        return true;
    }

    // Returns false when the page has no paper cards either, after rejecting it.
    private static bool ReadCards(IDocument document, ParseOutput output, bool cutShort)
    {
        var cards = document.QuerySelectorAll("article")
            .Select(article => (Article: article, Link: article.QuerySelector("a[href^='/papers/']")))
            .Where(card => card.Link is not null)
            .ToList();
        if (cards.Count == 0)
        {
            output.Reject("whole page", cutShort
                ? "the page ends without its closing </html> tag before any paper data, so the file was cut short. Save the whole page from huggingface.co/papers again, after it has loaded."
                : "the page has no paper data: no SVELTE_HYDRATER element with DailyPapers or PaperContent data-props, and no paper cards. Save the page from huggingface.co/papers or from a paper's page, after it has loaded.");
            return false;
        }

        var context = output.Context;
        var placeholderDay = context.FileDay ?? context.CaptureDay;
        for (var i = 0; i < cards.Count; i++)
        {
            var (article, link) = cards[i];
            AddMapped(MapCard(article, link!, placeholderDay, context.FileDay), $"paper card {i + 1}, line {LineOf(article)}", output);
        }

        output.Notice(
            $"the page has no DailyPapers data-props, so {cards.Count} {(cards.Count == 1 ? "paper was" : "papers were")} read from the visible cards: they have no abstract or authors, "
            + $"and their publication day is the placeholder {Days.Iso(placeholderDay)}, marked as an estimate");

        return true;
    }

    private static MappedItem MapCard(IElement article, IElement link, DateOnly placeholderDay, DateOnly? featuredOn)
    {
        var href = link.GetAttribute("href") ?? string.Empty;
        var idMatch = PaperPath().Match(href);
        if (!idMatch.Success || !ArxivId.TryNormalize(idMatch.Groups["id"].Value, out var id))
        {
            return MappedItem.Reject($"the card links to '{JsonFields.Truncate(href)}', which does not name an arXiv id such as /papers/2407.21783");
        }

        var title = TextCleaner.CleanPlainTitle(article.QuerySelector("h3")?.TextContent ?? string.Empty);
        if (title.Length == 0)
        {
            return MappedItem.Reject($"the card of paper {id} has no title (<h3>)");
        }

        UpvoteObservation? upvote = null;
        // The vote button's count is the only element whose class is exactly "leading-none"; the
        // "Submitted by" badge also has that class among others.
        var upvoteText = article.QuerySelector("[class='leading-none']")?.TextContent.Trim();
        if (!string.IsNullOrEmpty(upvoteText))
        {
            if (!int.TryParse(upvoteText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
            {
                return MappedItem.Reject($"the upvote count '{JsonFields.Truncate(upvoteText)}' of paper {id} is not a whole number");
            }

            upvote = new UpvoteObservation(featuredOn ?? placeholderDay, count);
        }

        var paper = new PaperRecord(id, title, string.Empty, placeholderDay, featuredOn, [], [], upvote, FormatName) { DateUncertain = true };
        return MappedItem.Accept(paper);
    }

    private static IElement? FindHydrationTarget(IDocument document, string target) =>
        document.QuerySelectorAll("[data-target][data-props]")
            .FirstOrDefault(element => element.GetAttribute("data-target") == target);

    // Parses the element's data-props, or adds a reject and returns null.
    private static JsonDocument? ParseProps(IElement element, string where, ParseOutput output)
    {
        var json = element.GetAttribute("data-props") ?? string.Empty;
        try
        {
            return JsonDocument.Parse(json, _jsonOptions);
        }
        catch (JsonException exception)
        {
            var at = exception.BytePositionInLine is { } column ? $", byte {column + 1} of the JSON" : string.Empty;
            output.Reject(
                where + at,
                $"the data-props are not valid JSON ({JsonFields.MessageWithoutLocation(exception)}); the page may be cut off or saved before it loaded. Save the page again.");
            return null;
        }
    }

    private static void AddMapped(MappedItem mapped, string position, ParseOutput output)
    {
        if (mapped.Paper is { } paper)
        {
            output.Paper(paper with { Source = FormatName }, position);
        }
        else
        {
            output.Reject(position, $"{mapped.RejectReason}; the paper was skipped.");
        }
    }

    private static int LineOf(IElement element) => element.SourceReference?.Position.Line ?? 0;

    [GeneratedRegex(@"^/papers/(?<id>[^/?#]+)", RegexOptions.CultureInvariant)]
    private static partial Regex PaperPath();
}
