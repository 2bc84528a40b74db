using Microsoft.VisualBasic.FileIO;

namespace TrendBoard.Web.Tests.Infrastructure;

/// <summary>Reads CSV with the framework's RFC 4180 parser, independent of the writer under test.</summary>
internal static class CsvReader
{
    /// <summary>Returns the header and the rows, each row keyed by column name.</summary>
    public static (string[] Header, List<Dictionary<string, string>> Rows) Parse(string csv)
    {
        using var parser = new TextFieldParser(new StringReader(csv))
        {
            TextFieldType = FieldType.Delimited,
            HasFieldsEnclosedInQuotes = true,
            TrimWhiteSpace = false,
        };
        parser.SetDelimiters(",");

        var header = parser.ReadFields() ?? [];
        var rows = new List<Dictionary<string, string>>();
        while (!parser.EndOfData)
        {
            var fields = parser.ReadFields() ?? [];
            rows.Add(header.Select((column, i) => (column, value: fields[i])).ToDictionary(cell => cell.column, cell => cell.value));
        }

        return (header, rows);
    }
}
