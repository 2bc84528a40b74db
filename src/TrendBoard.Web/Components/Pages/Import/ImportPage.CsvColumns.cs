using System.Globalization;
using Microsoft.AspNetCore.Components;
using TrendBoard.Core.Import;

namespace TrendBoard.Web.Components.Pages.Import;

/// <summary>The CSV column and delimiter inputs of the Import page, read into the same <see cref="CsvFormatOptions"/> as the CLI's <c>--csv-column</c> and <c>--csv-delimiter</c>.</summary>
public sealed partial class ImportPage
{
    /// <summary>The longest header name the page accepts, in characters.</summary>
    public const int MaxHeaderLength = 200;

    /// <summary>The CSV fields the page can map: the name <c>--csv-column</c> uses and the label of its input.</summary>
    private static readonly (string Name, string Label)[] CsvFields =
    [
        ("title", "Title"),
        ("abstract", "Abstract"),
        ("date", "Date"),
        ("upvotes", "Upvotes"),
        ("id", "Id"),
    ];

    private void OnCsvColumnChanged(string field, ChangeEventArgs args)
    {
        var header = (args.Value as string ?? string.Empty).Trim();
        _csvColumns[field] = header;
        CheckCsvInputs();
    }

    private void OnCsvDelimiterChanged(ChangeEventArgs args)
    {
        _csvDelimiterText = (args.Value as string ?? string.Empty).Trim();
        CheckCsvInputs();
    }

    /// <summary>
    /// Stores the first problem of the CSV inputs. A problem also opens the CSV section for good,
    /// because closing it again when the problem is fixed would collapse the box being edited.
    /// </summary>
    private void CheckCsvInputs()
    {
        _csvError = ValidateCsvInputs();
        _csvSectionOpen |= _csvError is not null;
    }

    /// <summary>Returns the first problem of the CSV inputs, or null when they can be used.</summary>
    private string? ValidateCsvInputs()
    {
        // The inputs' maxlength is enforced by the browser only, so the server checks it again.
        foreach (var (name, label) in CsvFields)
        {
            if (_csvColumns[name].Length > MaxHeaderLength)
            {
                return string.Create(CultureInfo.InvariantCulture, $"The {label} column name is longer than {MaxHeaderLength} characters; enter the header as the file's first line spells it.");
            }
        }

        if (_csvDelimiterText.Length > 0 && CsvFormatOptions.ParseDelimiter(_csvDelimiterText) is null)
        {
            return $"The delimiter '{_csvDelimiterText}' is not valid; enter one character other than a quote, such as ; or |, or the word tab, or leave it empty for a comma.";
        }

        return null;
    }

    /// <summary>
    /// Returns the CSV options of the inputs. They are set even when every input is empty, so the
    /// notices and errors about columns point to these inputs rather than to the CLI option.
    /// </summary>
    private CsvFormatOptions BuildCsvOptions()
    {
        return CsvFormatOptions.Default with
        {
            TitleColumn = ColumnOrNull("title"),
            AbstractColumn = ColumnOrNull("abstract"),
            DateColumn = ColumnOrNull("date"),
            UpvotesColumn = ColumnOrNull("upvotes"),
            IdColumn = ColumnOrNull("id"),
            Delimiter = CsvFormatOptions.ParseDelimiter(_csvDelimiterText) ?? CsvFormatOptions.Default.Delimiter,
            DescribeColumnMapping = DescribeMapping,
        };
    }

    private string? ColumnOrNull(string field) => _csvColumns[field].Length == 0 ? null : _csvColumns[field];

    private static string DescribeMapping(string field)
    {
        foreach (var (name, label) in CsvFields)
        {
            if (name == field)
            {
                return $"in the {label} column box under CSV columns on the Import page";
            }
        }

        // Authors and categories have no input on this page.
        return $"by renaming the file's header to '{field}'";
    }
}
