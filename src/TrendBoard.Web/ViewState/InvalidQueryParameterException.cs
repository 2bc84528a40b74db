namespace TrendBoard.Web.ViewState;

/// <summary>
/// A query string parameter whose value cannot be used, with the parameter's name, the value
/// received and the format expected.
/// </summary>
public sealed class InvalidQueryParameterException : Exception
{
    /// <summary>Longest part of a received value repeated in a message, so a huge value cannot flood a response.</summary>
    private const int MaxQuotedValueLength = 64;

    public InvalidQueryParameterException(string parameter, string? value, string expected)
        : base(FormatMessage(parameter, value, expected))
    {
        Parameter = parameter;
        Value = value;
        Expected = expected;
    }

    /// <summary>Name of the parameter, for example <c>from</c>.</summary>
    public string Parameter { get; }

    /// <summary>The value as received, or null when the parameter was repeated.</summary>
    public string? Value { get; }

    /// <summary>What a valid value looks like, for example <c>a date as YYYY-MM-DD</c>.</summary>
    public string Expected { get; }

    private static string FormatMessage(string parameter, string? value, string expected)
    {
        if (value is null)
        {
            return $"Query parameter '{parameter}' is given more than once; give it once, as {expected}.";
        }

        var quoted = value.Length > MaxQuotedValueLength ? value[..MaxQuotedValueLength] + "…" : value;
        return $"Query parameter '{parameter}' has the invalid value '{quoted}'; expected {expected}.";
    }
}
