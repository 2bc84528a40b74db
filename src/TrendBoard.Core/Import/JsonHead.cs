using System.Text.Json;

namespace TrendBoard.Core.Import;

/// <summary>
/// What the start of a JSON or JSON Lines file shows, read from a head that may end anywhere.
/// </summary>
/// <param name="FirstToken">The first token, or <see cref="JsonTokenType.None"/> when the head is not JSON.</param>
/// <param name="FirstItemToken">For an array, the first token inside it (<see cref="JsonTokenType.EndArray"/> for an empty array).</param>
/// <param name="PropertyNames">The property names of the first object: the top-level object, or the array's first item.</param>
internal sealed record JsonHead(JsonTokenType FirstToken, JsonTokenType FirstItemToken, IReadOnlySet<string> PropertyNames)
{
    private static readonly JsonHead _none = new(JsonTokenType.None, JsonTokenType.None, new HashSet<string>());

    /// <summary>Whether the first object has every one of <paramref name="names"/>.</summary>
    public bool HasAll(params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (!PropertyNames.Contains(name))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the first object has any of <paramref name="names"/>.</summary>
    public bool HasAny(params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (PropertyNames.Contains(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the head; invalid or cut-off JSON ends the reading and keeps what was seen.</summary>
    public static JsonHead Read(ReadOnlySpan<byte> head)
    {
        var reader = new Utf8JsonReader(head, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { AllowMultipleValues = true }));
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            if (!reader.Read())
            {
                return _none;
            }

            var first = reader.TokenType;
            var firstItem = JsonTokenType.None;
            var objectDepth = 0;
            if (first == JsonTokenType.StartArray)
            {
                if (!reader.Read())
                {
                    return new JsonHead(first, firstItem, names);
                }

                firstItem = reader.TokenType;
                objectDepth = 1;
            }

            if (first == JsonTokenType.StartObject || firstItem == JsonTokenType.StartObject)
            {
                ReadPropertyNames(ref reader, objectDepth + 1, names);
            }

            return new JsonHead(first, firstItem, names);
        }
        catch (JsonException)
        {
            return names.Count > 0 ? new JsonHead(JsonTokenType.StartObject, JsonTokenType.None, names) : _none;
        }
    }

    // Collects the names at the given depth until the object that contains them ends.
    private static void ReadPropertyNames(ref Utf8JsonReader reader, int depth, HashSet<string> names)
    {
        while (reader.Read())
        {
            if (reader.CurrentDepth < depth)
            {
                return;
            }

            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth && names.Count < 100)
            {
                names.Add(reader.GetString()!);
            }
        }
    }
}
