using System.Globalization;
using System.Text.Json;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Text;

namespace TrendBoard.Core.Import;

/// <summary>
/// Maps one item of a Hugging Face <c>api/daily_papers</c> response to a <see cref="PaperRecord"/>.
/// </summary>
internal static class HfDailyItemMapper
{
    private static readonly string[] _timestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd",
    ];

    /// <summary>
    /// Maps <paramref name="item"/>, or returns the reason it cannot be imported.
    /// </summary>
    /// <param name="item">The item object, with its <c>paper</c> object inside.</param>
    /// <param name="fileDay">The day in the file name, the first choice for the featured day.</param>
    /// <param name="wrapperDay">The <c>date</c> of a wrapper object, the second choice.</param>
    public static MappedItem Map(JsonElement item, DateOnly? fileDay, DateOnly? wrapperDay)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return MappedItem.Reject($"expected an object with a 'paper' field, found {Describe(item.ValueKind)}");
        }

        if (!item.TryGetProperty("paper", out var paper) || paper.ValueKind == JsonValueKind.Null)
        {
            return MappedItem.Reject("the 'paper' object is missing");
        }

        if (paper.ValueKind != JsonValueKind.Object)
        {
            return MappedItem.Reject($"'paper' must be an object, found {Describe(paper.ValueKind)}");
        }

        var id = ReadId(paper, out var error);
        var title = error is null ? ReadText(paper, item, "title", TextCleaner.CleanTitle, out error) : null;
        var summary = error is null ? ReadText(paper, item, "summary", TextCleaner.CleanAbstract, out error) : null;
        var publishedOn = error is null ? ReadPublishedOn(paper, out error) : default;
        var featuredOn = error is null ? ReadFeaturedOn(paper, fileDay, wrapperDay, out error) : null;
        var authors = error is null ? ReadAuthors(paper, out error) : null;
        var keywords = error is null ? ReadKeywords(paper, out error) : null;
        var upvotes = error is null ? ReadUpvotes(paper, out error) : null;
        if (error is not null)
        {
            return MappedItem.Reject(error);
        }

        var upvote = upvotes is { } count && featuredOn is { } day ? new UpvoteObservation(day, count) : null;
        return MappedItem.Accept(new PaperRecord(
            id!,
            title!,
            summary!,
            publishedOn,
            featuredOn,
            authors!,
            keywords!,
            upvote,
            HfDailyApiParser.SourceName));
    }

    private static string? ReadId(JsonElement paper, out string? error)
    {
        error = null;
        if (!TryGetString(paper, "id", "paper.id", out var raw, ref error))
        {
            error ??= "paper.id is missing";
            return null;
        }

        if (!ArxivId.TryNormalize(raw, out var id))
        {
            error = $"paper.id '{Truncate(raw)}' is not an arXiv identifier such as 2604.07429 or cs/0610004";
            return null;
        }

        return id;
    }

    // Reads paper.<name>, falling back to the item's top-level <name>, which the API repeats.
    private static string? ReadText(JsonElement paper, JsonElement item, string name, Func<string, string> clean, out string? error)
    {
        error = null;
        foreach (var (source, label) in new[] { (paper, "paper." + name), (item, name) })
        {
            if (TryGetString(source, name, label, out var raw, ref error))
            {
                var cleaned = clean(raw);
                if (cleaned.Length > 0)
                {
                    return cleaned;
                }
            }
            else if (error is not null)
            {
                return null;
            }
        }

        error = $"paper.{name} and {name} are both missing or empty";
        return null;
    }

    private static DateOnly ReadPublishedOn(JsonElement paper, out string? error)
    {
        error = null;
        if (!TryGetString(paper, "publishedAt", "paper.publishedAt", out var raw, ref error))
        {
            error ??= "paper.publishedAt is missing";
            return default;
        }

        if (!TryParseUtcDay(raw, out var day))
        {
            error = $"paper.publishedAt '{Truncate(raw)}' is not an ISO 8601 timestamp such as 2024-05-24T17:34:15.000Z";
        }

        return day;
    }

    private static DateOnly? ReadFeaturedOn(JsonElement paper, DateOnly? fileDay, DateOnly? wrapperDay, out string? error)
    {
        error = null;
        var known = fileDay ?? wrapperDay;
        if (known is not null)
        {
            return known;
        }

        if (!TryGetString(paper, "submittedOnDailyAt", "paper.submittedOnDailyAt", out var raw, ref error))
        {
            // No day is known: the paper still imports, without a featured day or an upvote observation.
            return null;
        }

        if (!TryParseUtcDay(raw, out var day))
        {
            error = $"paper.submittedOnDailyAt '{Truncate(raw)}' is not an ISO 8601 timestamp";
            return null;
        }

        return day;
    }

    private static IReadOnlyList<string>? ReadAuthors(JsonElement paper, out string? error)
    {
        error = null;
        if (!paper.TryGetProperty("authors", out var authors) || authors.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (authors.ValueKind != JsonValueKind.Array)
        {
            error = $"paper.authors must be an array, found {Describe(authors.ValueKind)}";
            return null;
        }

        var names = new List<string>(authors.GetArrayLength());
        var index = 0;
        foreach (var author in authors.EnumerateArray())
        {
            // Hidden authors ("hidden": true) are kept: the flag only hides them on the Hugging Face page.
            var name = author.ValueKind == JsonValueKind.Object
                && author.TryGetProperty("name", out var nameElement)
                && nameElement.ValueKind == JsonValueKind.String
                ? TextCleaner.CleanLabel(nameElement.GetString()!)
                : string.Empty;
            if (name.Length == 0)
            {
                error = $"paper.authors[{index}] has no name";
                return null;
            }

            names.Add(name);
            index++;
        }

        return names;
    }

    private static IReadOnlyList<string>? ReadKeywords(JsonElement paper, out string? error)
    {
        error = null;
        if (!paper.TryGetProperty("ai_keywords", out var keywords) || keywords.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (keywords.ValueKind != JsonValueKind.Array)
        {
            error = $"paper.ai_keywords must be an array of strings, found {Describe(keywords.ValueKind)}";
            return null;
        }

        var result = new List<string>(keywords.GetArrayLength());
        var index = 0;
        foreach (var keyword in keywords.EnumerateArray())
        {
            if (keyword.ValueKind != JsonValueKind.String)
            {
                error = $"paper.ai_keywords[{index}] must be a string, found {Describe(keyword.ValueKind)}";
                return null;
            }

            // The source repeats a keyword within one paper now and then; one copy is enough.
            var cleaned = TextCleaner.CleanLabel(keyword.GetString()!);
            if (cleaned.Length > 0 && !result.Contains(cleaned, StringComparer.Ordinal))
            {
                result.Add(cleaned);
            }

            index++;
        }

        return result;
    }

    private static int? ReadUpvotes(JsonElement paper, out string? error)
    {
        error = null;
        if (!paper.TryGetProperty("upvotes", out var upvotes) || upvotes.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (upvotes.ValueKind != JsonValueKind.Number || !upvotes.TryGetInt32(out var count))
        {
            error = $"paper.upvotes must be a whole number, found {Truncate(upvotes.GetRawText())}";
            return null;
        }

        if (count < 0)
        {
            error = $"paper.upvotes is {count}, but an upvote count cannot be negative";
            return null;
        }

        return count;
    }

    // Returns true for a string property. Sets error when the property exists with another type;
    // a missing or null property returns false with error unchanged.
    private static bool TryGetString(JsonElement parent, string name, string label, out string value, ref string? error)
    {
        value = string.Empty;
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"{label} must be a string, found {Describe(element.ValueKind)}";
            return false;
        }

        value = element.GetString()!;
        return true;
    }

    private static bool TryParseUtcDay(string text, out DateOnly day)
    {
        // The API writes UTC timestamps such as 2024-05-24T17:34:15.000Z. An offset other than Z
        // is honoured, and a timestamp without one is taken as UTC.
        if (DateTimeOffset.TryParseExact(
            text.Trim(),
            _timestampFormats,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal,
            out var timestamp))
        {
            day = DateOnly.FromDateTime(timestamp.UtcDateTime);
            return true;
        }

        day = default;
        return false;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "...";
}

/// <summary>The outcome of mapping one item: a paper, or the reason it was rejected.</summary>
internal readonly record struct MappedItem(PaperRecord? Paper, string? RejectReason)
{
    public static MappedItem Accept(PaperRecord paper) => new(paper, null);

    public static MappedItem Reject(string reason) => new(null, reason);
}
