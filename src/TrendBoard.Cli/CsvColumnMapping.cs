using TrendBoard.Core.Import;

namespace TrendBoard.Cli;

/// <summary>Parses <c>--csv-column FIELD=HEADER</c> values into <see cref="CsvFormatOptions"/>.</summary>
internal static class CsvColumnMapping
{
    private static readonly Dictionary<string, Func<CsvFormatOptions, string, CsvFormatOptions>> _fields =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["id"] = (options, header) => options with { IdColumn = header },
            ["title"] = (options, header) => options with { TitleColumn = header },
            ["abstract"] = (options, header) => options with { AbstractColumn = header },
            ["date"] = (options, header) => options with { DateColumn = header },
            ["upvotes"] = (options, header) => options with { UpvotesColumn = header },
            ["authors"] = (options, header) => options with { AuthorsColumn = header },
            ["categories"] = (options, header) => options with { CategoriesColumn = header },
        };

    /// <summary>The field names that <c>--csv-column</c> accepts.</summary>
    public static IReadOnlyCollection<string> FieldNames => _fields.Keys;

    /// <summary>
    /// Applies each <c>FIELD=HEADER</c> mapping to <paramref name="options"/>; returns false with
    /// an error message naming the invalid value when one is malformed, names an unknown field or
    /// maps a field twice.
    /// </summary>
    public static bool TryApply(CsvFormatOptions options, IEnumerable<string> mappings, out CsvFormatOptions? result, out string? error)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        result = options;
        foreach (var mapping in mappings)
        {
            var separator = mapping.IndexOf('=', StringComparison.Ordinal);
            var field = separator < 0 ? mapping.Trim() : mapping[..separator].Trim();
            var header = separator < 0 ? string.Empty : mapping[(separator + 1)..].Trim();
            if (header.Length == 0)
            {
                error = $"Invalid --csv-column '{mapping}': write FIELD=HEADER, for example title=\"Paper title\".";
                result = null;
                return false;
            }

            if (!_fields.TryGetValue(field, out var apply))
            {
                error = $"Unknown CSV field '{field}' in --csv-column '{mapping}'. Use one of: {string.Join(", ", FieldNames)}.";
                result = null;
                return false;
            }

            if (!seen.Add(field))
            {
                error = $"The CSV field '{field}' is mapped twice; give one --csv-column per field.";
                result = null;
                return false;
            }

            result = apply(result!, header);
        }

        error = null;
        return true;
    }
}
