using System.Globalization;

namespace TrendBoard.Web.Components.Dashboard;

/// <summary>Formats the numbers the dashboard tables show, with the invariant culture.</summary>
internal static class Numbers
{
    /// <summary>Returns a share as a percentage with one decimal, for example <c>12.5%</c>; a dash for null.</summary>
    public static string Percent(double? share) => share is double value ? value.ToString("0.0%", CultureInfo.InvariantCulture) : "–";

    /// <summary>Returns a number in the given .NET format; a dash for null.</summary>
    public static string Fixed(double? number, string format) => number is double value ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <summary>Returns a p-value with three significant digits, or <c>&lt; 0.0001</c> for smaller ones; a dash for null.</summary>
    public static string PValue(double? p) => p switch
    {
        null => "–",
        < 0.0001 => "< 0.0001",
        double value => value.ToString("0.####", CultureInfo.InvariantCulture),
    };

    /// <summary>Returns a whole number with thousands separators; a dash for null.</summary>
    public static string Count(int? count) => count is int value ? value.ToString("N0", CultureInfo.InvariantCulture) : "–";

    /// <summary>Returns a day as YYYY-MM-DD; a dash for null.</summary>
    public static string Day(DateOnly? day) => day is DateOnly value ? value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "–";
}
