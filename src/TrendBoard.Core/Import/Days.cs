using System.Globalization;

namespace TrendBoard.Core.Import;

/// <summary>Reads and writes the day formats that paper sources use, always with the invariant culture.</summary>
internal static class Days
{
    private static readonly string[] _timestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd",
    ];

    /// <summary>Formats <paramref name="day"/> as <c>yyyy-MM-dd</c>.</summary>
    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a day (<c>2025-10-16</c>) or an ISO 8601 timestamp (<c>2025-10-16T17:59:37Z</c>, with
    /// any offset) and returns its UTC day; a timestamp without an offset is taken as UTC.
    /// </summary>
    public static bool TryParseIso(string? text, out DateOnly day)
    {
        day = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (!DateTimeOffset.TryParseExact(text.Trim(), _timestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
        {
            return false;
        }

        day = DateOnly.FromDateTime(timestamp.UtcDateTime);
        return true;
    }

    /// <summary>
    /// Reads an RFC 1123 date such as <c>Mon, 2 Apr 2007 19:18:42 GMT</c> (the day may have one or
    /// two digits) and returns its day; a weekday that does not match the date fails.
    /// </summary>
    public static bool TryParseRfc1123(string? text, out DateOnly day)
    {
        day = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (!DateTimeOffset.TryParseExact(text.Trim(), "ddd, d MMM yyyy HH':'mm':'ss 'GMT'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
        {
            return false;
        }

        day = DateOnly.FromDateTime(timestamp.UtcDateTime);
        return true;
    }
}
