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
    public const string Keyword = "keyword";
    public const string Match = "match";
    public const string RecentWeeks = "recent_weeks";
    public const string BaselineWeeks = "baseline_weeks";
    public const string PeriodAFrom = "period_a_from";
    public const string PeriodATo = "period_a_to";
    public const string PeriodBFrom = "period_b_from";
    public const string PeriodBTo = "period_b_to";
    public const string GrowthRatio = "growth_ratio";
    public const string Test = "test";
    public const string Alpha = "alpha";
    public const string TopPapers = "top_papers";
    public const string TopTerms = "top_terms";
    public const string Point = "point";
    public const string PointTopic = "point_topic";
    public const string BinStart = "bin_start";
    public const string PointKeyword = "point_keyword";
    public const string Sort = "sort";
    public const string Order = "order";
    public const string Offset = "offset";
    public const string PageSize = "page_size";

    /// <summary>Longest keyword accepted in <c>keyword</c> or <c>point_keyword</c>, in characters.</summary>
    public const int MaxKeywordLength = 200;

    /// <summary>Largest week count of <c>recent_weeks</c> and <c>baseline_weeks</c>: 520, about ten years.</summary>
    public const int MaxWeeks = 520;

    /// <summary>Largest <c>offset</c> accepted.</summary>
    public const int MaxOffset = 10_000_000;

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

    /// <summary>
    /// Reads a repeated parameter of keywords, for example <c>keyword=llm&amp;keyword=agents</c>;
    /// repeated keywords are kept once, in first-seen order.
    /// </summary>
    public static KeywordList ParseKeywords(string name, StringValues values)
    {
        var expected = $"at most {TrendFilter.MaxKeywords} keywords of 1 to {MaxKeywordLength} characters, one per '{name}' parameter";
        var keywords = values.Where(value => !string.IsNullOrWhiteSpace(value)).Select(value => value!.Trim()).ToList();
        foreach (var keyword in keywords)
        {
            if (keyword.Length > MaxKeywordLength)
            {
                throw new InvalidQueryParameterException(name, keyword, expected);
            }
        }

        var list = new KeywordList(keywords);
        if (list.Count > TrendFilter.MaxKeywords)
        {
            throw new InvalidQueryParameterException(name, string.Join(",", list), expected);
        }

        return list;
    }

    /// <summary>Reads <c>all</c> or <c>any</c>, ignoring case.</summary>
    public static KeywordMatch? ParseMatch(string name, StringValues values)
    {
        const string expected = "one of all, any";
        var text = Single(name, values, expected);

        return text?.ToLowerInvariant() switch
        {
            null => null,
            "all" => KeywordMatch.All,
            "any" => KeywordMatch.Any,
            _ => throw new InvalidQueryParameterException(name, text, expected),
        };
    }

    /// <summary>Returns the lower-case URL name of a keyword match: <c>all</c> or <c>any</c>.</summary>
    public static string FormatMatch(KeywordMatch match) => match == KeywordMatch.Any ? "any" : "all";

    /// <summary>Reads <c>fisher_exact</c> or <c>two_proportion_z</c>, the names the <c>topic_shifts</c> export writes.</summary>
    public static ProportionTest? ParseTest(string name, StringValues values)
    {
        const string expected = "one of fisher_exact, two_proportion_z";
        var text = Single(name, values, expected);

        return text?.ToLowerInvariant() switch
        {
            null => null,
            "fisher_exact" => ProportionTest.FisherExact,
            "two_proportion_z" => ProportionTest.TwoProportionZ,
            _ => throw new InvalidQueryParameterException(name, text, expected),
        };
    }

    /// <summary>Returns the URL name of a test: <c>fisher_exact</c> or <c>two_proportion_z</c>.</summary>
    public static string FormatTest(ProportionTest test) => test == ProportionTest.TwoProportionZ ? "two_proportion_z" : "fisher_exact";

    /// <summary>Reads <c>date</c> or <c>upvotes</c>, ignoring case.</summary>
    public static PaperSortKey? ParseSort(string name, StringValues values)
    {
        const string expected = "one of date, upvotes";
        var text = Single(name, values, expected);

        return text?.ToLowerInvariant() switch
        {
            null => null,
            "date" => PaperSortKey.Date,
            "upvotes" => PaperSortKey.Upvotes,
            _ => throw new InvalidQueryParameterException(name, text, expected),
        };
    }

    /// <summary>Returns the URL name of a sort key: <c>date</c> or <c>upvotes</c>.</summary>
    public static string FormatSort(PaperSortKey sort) => sort == PaperSortKey.Upvotes ? "upvotes" : "date";

    /// <summary>Reads <c>desc</c> (true) or <c>asc</c> (false), ignoring case.</summary>
    public static bool? ParseDescending(string name, StringValues values)
    {
        const string expected = "one of desc, asc";
        var text = Single(name, values, expected);

        return text?.ToLowerInvariant() switch
        {
            null => null,
            "desc" => true,
            "asc" => false,
            _ => throw new InvalidQueryParameterException(name, text, expected),
        };
    }

    /// <summary>Reads a finite decimal number (with <c>.</c> as separator) strictly between <paramref name="minExclusive"/> and <paramref name="maxExclusive"/>.</summary>
    public static double? ParseDouble(string name, StringValues values, double minExclusive, double maxExclusive)
    {
        var expected = string.Create(CultureInfo.InvariantCulture, $"a number above {minExclusive} and below {maxExclusive}, with . as the decimal separator");
        var text = Single(name, values, expected);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || !double.IsFinite(number) || number <= minExclusive || number >= maxExclusive)
        {
            throw new InvalidQueryParameterException(name, text, expected);
        }

        return number;
    }

    /// <summary>Formats a number the way <see cref="ParseDouble"/> reads it.</summary>
    public static string FormatDouble(double number) => number.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats a whole number for a URL.</summary>
    public static string FormatInt(int number) => number.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a period from two day parameters, both or neither; returns null when both are missing.
    /// </summary>
    public static DayRange? ParsePeriod(string fromName, StringValues fromValues, string toName, StringValues toValues)
    {
        var from = ParseDate(fromName, fromValues);
        var to = ParseDate(toName, toValues);
        if (from is null && to is null)
        {
            return null;
        }

        if (from is null)
        {
            throw new InvalidQueryParameterException(fromName, string.Empty, $"a date as YYYY-MM-DD, because {toName} is given");
        }

        if (to is null)
        {
            throw new InvalidQueryParameterException(toName, string.Empty, $"a date as YYYY-MM-DD, because {fromName} is given");
        }

        if (from > to)
        {
            throw new InvalidQueryParameterException(toName, FormatDate(to.Value), $"a date on or after {fromName} ({FormatDate(from.Value)})");
        }

        return new DayRange(from.Value, to.Value);
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
