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

        Assert.Contains("999", error.Message[error.Message.LastIndexOf('\n')..], StringComparison.Ordinal);
        Assert.Equal("Topic 999 is not a topic of the current run.", UserMessages.Describe(error));
    }

    [Fact]
    public void OutOfRangeValueBecomesSentence()
    {
        var error = new ArgumentOutOfRangeException("limit", 5000, "Use a limit from 1 to 1000.");

        Assert.Equal("Use a limit from 1 to 1000. The value was 5000.", UserMessages.Describe(error));
    }

    [Fact]
    public void OutOfRangeWithoutValueKeepsMessage()
    {
        var error = new ArgumentOutOfRangeException("limit", "Use a limit from 1 to 1000.");

        Assert.Equal("Use a limit from 1 to 1000.", UserMessages.Describe(error));
    }

    [Fact]
    public void OtherMessagesStayUnchanged()
    {
        var error = new InvalidOperationException("The database has no papers (Parameter 'x')");

        Assert.Equal(error.Message, UserMessages.Describe(error));
    }
}
