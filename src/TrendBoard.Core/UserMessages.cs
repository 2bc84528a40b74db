namespace TrendBoard.Core;

/// <summary>Turns exception messages into text for users of the dashboard and the command line.</summary>
public static class UserMessages
{
    /// <summary>
    /// Returns the message of <paramref name="error"/> without the " (Parameter 'name')" text
    /// that <see cref="ArgumentException"/> adds, because the parameter is a .NET name that users
    /// never see. The messages of other exceptions are returned unchanged.
    /// </summary>
    public static string Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);

        if (error is ArgumentException { ParamName: { Length: > 0 } name })
        {
            // ArgumentOutOfRangeException adds a line with the actual value after the suffix.
            return error.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal);
        }

        return error.Message;
    }
}
