using System.Text.Json;

namespace TrendBoard.Core.Import;

/// <summary>
/// Reads typed fields of a JSON object and describes wrong types, for the JSON formats.
/// </summary>
/// <remarks>
/// Each reader returns false and sets <c>error</c> when the field has the wrong type, or is
/// missing while required; a missing optional field returns true with an empty value.
/// </remarks>
internal static class JsonFields
{
    public static bool TryReadString(JsonElement parent, string name, bool required, out string value, out string? error)
    {
        value = string.Empty;
        error = null;
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            error = required ? $"'{name}' is missing" : null;
            return !required;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"'{name}' must be a string, found {Describe(element.ValueKind)}";
            return false;
        }

        value = element.GetString()!;
        return true;
    }

    public static bool TryReadStringArray(JsonElement parent, string name, out IReadOnlyList<string> values, out string? error)
    {
        values = [];
        error = null;
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            error = $"'{name}' must be an array of strings, found {Describe(element.ValueKind)}";
            return false;
        }

        var list = new List<string>(element.GetArrayLength());
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                error = $"'{name}[{index}]' must be a string, found {Describe(item.ValueKind)}";
                return false;
            }

            list.Add(item.GetString()!);
            index++;
        }

        values = list;
        return true;
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    /// <summary>Shortens a value for a message.</summary>
    public static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "...";

    /// <summary>
    /// Returns the message of a <see cref="JsonException"/> without the location that
    /// System.Text.Json appends, because rejects name the position themselves.
    /// </summary>
    public static string MessageWithoutLocation(JsonException exception)
    {
        var message = exception.Message;
        foreach (var marker in new[] { " Path: ", " LineNumber: " })
        {
            var at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                message = message[..at];
            }
        }

        return message.TrimEnd();
    }
}
