using Microsoft.Extensions.Primitives;
using TrendBoard.Core.Analytics;
using TrendBoard.Web.ViewState;

namespace TrendBoard.Web.Tests.ViewState;

public sealed class QueryParametersTests
{
    [Fact]
    public void ParseDateReadsIsoDay()
    {
        Assert.Equal(new DateOnly(2024, 2, 29), QueryParameters.ParseDate("from", "2024-02-29"));
    }

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("2024-13-01")]
    [InlineData("01/06/2024")]
    [InlineData("2024-6-1")]
    [InlineData("2024-06-01T00:00:00")]
    [InlineData("yesterday")]
    public void ParseDateRejectsOtherFormats(string value)
    {
        var error = Assert.Throws<InvalidQueryParameterException>(() => QueryParameters.ParseDate("from", value));

        Assert.Equal("from", error.Parameter);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("YYYY-MM-DD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingOrEmptyValueIsNull()
    {
        Assert.Null(QueryParameters.ParseDate("from", StringValues.Empty));
        Assert.Null(QueryParameters.ParseDate("from", ""));
        Assert.Null(QueryParameters.ParseBin("bin", StringValues.Empty));
        Assert.Null(QueryParameters.ParseTopicIds("topics", ""));
    }

    [Fact]
    public void RepeatedParameterIsRejected()
    {
        var error = Assert.Throws<InvalidQueryParameterException>(
            () => QueryParameters.ParseDate("to", new StringValues(["2024-06-01", "2024-07-01"])));

        Assert.Equal("to", error.Parameter);
        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("day", TimeBin.Day)]
    [InlineData("week", TimeBin.Week)]
    [InlineData("Month", TimeBin.Month)]
    public void ParseBinReadsNames(string value, TimeBin expected)
    {
        Assert.Equal(expected, QueryParameters.ParseBin("bin", value));
    }

    [Fact]
    public void ParseBinRejectsYear()
    {
        var error = Assert.Throws<InvalidQueryParameterException>(() => QueryParameters.ParseBin("bin", "year"));

        Assert.Contains("day, week, month", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseTopicIdsReadsListOnceEach()
    {
        var topics = QueryParameters.ParseTopicIds("topics", "3, 1,-1,3");

        Assert.Equal([-1, 1, 3], topics);
    }

    [Theory]
    [InlineData("1,,2")]
    [InlineData("1;2")]
    [InlineData("-2")]
    [InlineData("one")]
    [InlineData("99999999999")]
    public void ParseTopicIdsRejectsBadLists(string value)
    {
        var error = Assert.Throws<InvalidQueryParameterException>(() => QueryParameters.ParseTopicIds("topics", value));

        Assert.Equal("topics", error.Parameter);
        Assert.Equal(value, error.Value);
    }

    [Fact]
    public void ParseTopicIdsRejectsTooManyIds()
    {
        var value = string.Join(',', Enumerable.Range(0, QueryParameters.MaxTopicIds + 1));

        Assert.Throws<InvalidQueryParameterException>(() => QueryParameters.ParseTopicIds("topics", value));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("2.5")]
    [InlineData("ten")]
    public void ParseIntRejectsValuesOutsideRange(string value)
    {
        var error = Assert.Throws<InvalidQueryParameterException>(() => QueryParameters.ParseInt("limit", value, 1, 1000));

        Assert.Contains("from 1 to 1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LongValueIsShortenedInMessage()
    {
        var value = new string('x', 5000);

        var error = Assert.Throws<InvalidQueryParameterException>(() => QueryParameters.ParseDate("from", value));

        Assert.True(error.Message.Length < 300, $"The message is {error.Message.Length} characters long.");
    }
}
