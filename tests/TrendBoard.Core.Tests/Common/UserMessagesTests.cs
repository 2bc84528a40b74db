namespace TrendBoard.Core.Tests.Common;

public sealed class UserMessagesTests
{
    [Fact]
    public void ArgumentMessageLosesParameterSuffix()
    {
        var error = new ArgumentException("The range is one day long; choose at least two days.", "filter");

        Assert.EndsWith("(Parameter 'filter')", error.Message, StringComparison.Ordinal);
        Assert.Equal("The range is one day long; choose at least two days.", UserMessages.Describe(error));
    }

    [Fact]
    public void OutOfRangeMessageLosesParameterSuffix()
    {
        var error = new ArgumentOutOfRangeException("topicId", 999, "Topic 999 is not a topic of the current run.");

        Assert.StartsWith("Topic 999 is not a topic of the current run.", UserMessages.Describe(error), StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", UserMessages.Describe(error), StringComparison.Ordinal);
    }

    [Fact]
    public void OtherMessagesStayUnchanged()
    {
        var error = new InvalidOperationException("The database has no papers (Parameter 'x')");

        Assert.Equal(error.Message, UserMessages.Describe(error));
    }
}
