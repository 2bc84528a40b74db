using System.Globalization;
using Microsoft.Extensions.Primitives;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Export;

namespace TrendBoard.Web.ViewState;

/// <summary>
/// Names, parsers and formatters of the query string parameters that the dashboard URL and the
/// export endpoints share, so a link from one always means the same view in the other.
/// </summary>
/// <remarks>
/// Every parser returns null for a missing or empty parameter and throws
/// <see cref="InvalidQueryParameterException"/> for a value it cannot read.
/// </remarks>
public static class QueryParameters
{
    public const string From = "from";
    public const string To = "to";
    public const string Bin = "bin";
    public const string Basis = "basis";
    public const string Topic = "topic";
    public const string Topics = "topics";
    public const string MinPapers = "min_papers";
    public const string Limit = "limit";
    public const string Format = "format";

    /// <summary>Most topic ids accepted in one <c>topics</c> list; a topic model has far fewer topics.</summary>
    public const int MaxTopicIds = 200;

    /// <summary>Largest accepted <c>min_papers</c> value.</summary>
    public const int MaxMinPapers = 1_000_000;

    private const string DateFormat = "yyyy-MM-dd";
    private const string DateExpected = "a date as YYYY-MM-DD, for example 2024-06-03";

    /// <summary>Formats a day the way <see cref="ParseDate"/> reads it.</summary>
    public static string FormatDate(DateOnly day) => day.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Returns the lower-case URL name of a bin: <c>day</c>, <c>week</c> or <c>month</c>.</summary>
    public static string FormatBin(TimeBin bin) => bin switch
    {
        TimeBin.Day => "day",
        TimeBin.Week => "week",
        TimeBin.Month => "month",
        _ => throw new ArgumentOutOfRangeException(nameof(bin), bin, "Unknown time bin."),
    };

    /// <summary>Returns the lower-case URL name of a date basis: <c>published</c> or <c>featured</c>.</summary>
    public static string FormatBasis(DateBasis basis) => basis switch
    {
        DateBasis.Published => "published",
        DateBasis.Featured => "featured",
        _ => throw new ArgumentOutOfRangeException(nameof(basis), basis, "Unknown date basis."),
    };

    /// <summary>Returns the lower-case URL name of a format: <c>csv</c> or <c>json</c>.</summary>
    public static string FormatFormat(ExportFormat format) => ExportFormats.GetFileExtension(format);

    /// <summary>Reads a day written as YYYY-MM-DD.</summary>
    public static DateOnly? ParseDate(string name, StringValues values)
    {
        var text = Single(name, values, DateExpected);
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            throw new InvalidQueryParameterException(name, text, DateExpected);
        }

        return day;
    }

    /// <summary>Reads <c>day</c>, <c>week</c> or <c>month</c>, ignoring case.</summary>
    public static TimeBin? ParseBin(string name, StringValues values)
    {
        const string expected = "one of day, week, month";
        var text = Single(name, values, expected);

        return text?.ToLowerInvariant() switch
        {
            null => null,
            "day" => TimeBin.Day,
            "week" => TimeBin.Week,
            "month" => TimeBin.Month,
            _ => throw new InvalidQueryParameterException(name, text, expected),
        };
    }

    /// <summary>Reads <c>published</c> or <c>featured</c>, ignoring case.</summary>
    public static DateBasis? ParseBasis(string name, StringValues values)
    {
        const string expected = "one of published, featured";
        var text = Single(name, values, expected);

        return text?.ToLowerInvariant() switch
        {
            null => null,
            "published" => DateBasis.Published,
            "featured" => DateBasis.Featured,
            _ => throw new InvalidQueryParameterException(name, text, expected),
        };
    }

    /// <summary>Reads <c>csv</c> or <c>json</c>, ignoring case.</summary>
    public static ExportFormat? ParseFormat(string name, StringValues values)
    {
        const string expected = "one of csv, json";
        var text = Single(name, values, expected);

        return text?.ToLowerInvariant() switch
        {
            null => null,
            "csv" => ExportFormat.Csv,
            "json" => ExportFormat.Json,
            _ => throw new InvalidQueryParameterException(name, text, expected),
        };
    }

    /// <summary>Reads one topic id: a whole number, -1 for outliers.</summary>
    public static int? ParseTopicId(string name, StringValues values)
    {
        const string expected = "a topic id: a whole number of -1 or more, where -1 means outliers";
        var text = Single(name, values, expected);
        if (text is null)
        {
            return null;
        }

        return ParseTopicIdText(name, text, text, expected);
    }

    /// <summary>Reads a comma-separated list of topic ids, for example <c>1,2,-1</c>; repeated ids are kept once.</summary>
    public static IReadOnlyList<int>? ParseTopicIds(string name, StringValues values)
    {
        var expected = $"a comma-separated list of at most {MaxTopicIds} topic ids of -1 or more, for example 1,2";
        var text = Single(name, values, expected);
        if (text is null)
        {
            return null;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > MaxTopicIds)
        {
            throw new InvalidQueryParameterException(name, text, expected);
        }

        return parts.Select(part => ParseTopicIdText(name, part, text, expected)).Distinct().Order().ToList();
    }

    /// <summary>Reads a whole number between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public static int? ParseInt(string name, StringValues values, int min, int max)
    {
        var expected = $"a whole number from {min} to {max}";
        var text = Single(name, values, expected);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new InvalidQueryParameterException(name, text, expected);
        }

        return number;
    }

    private static int ParseTopicIdText(string name, string part, string whole, string expected)
    {
        if (!int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var topicId) || topicId < -1)
        {
            throw new InvalidQueryParameterException(name, whole, expected);
        }

        return topicId;
    }

    private static string? Single(string name, StringValues values, string expected)
    {
        if (values.Count > 1)
        {
            throw new InvalidQueryParameterException(name, null, expected);
        }

        var text = values.Count == 1 ? values[0] : null;
        return string.IsNullOrEmpty(text) ? null : text;
    }
}
