using System.Globalization;

namespace TrendBoard.Core;

/// <summary>Turns exception messages into text for users of the dashboard and the command line.</summary>
public static class UserMessages
{
    /// <summary>
    /// Returns the message of <paramref name="error"/> without the " (Parameter 'name')" text
    /// that <see cref="ArgumentException"/> adds, because the parameter is a .NET name that users
    /// never see. The "Actual value was" line of an <see cref="ArgumentOutOfRangeException"/>
    /// becomes a sentence after the message, or goes when the message names the value. The
    /// messages of other exceptions are returned unchanged.
    /// </summary>
    public static string Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);

        var message = error.Message;
        if (error is ArgumentException { ParamName: { Length: > 0 } name })
        {
            message = message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal);
        }

        // The last line is .NET's "Actual value was ..." text. It goes, and the value follows the
        // message in a sentence of its own unless the message names it already.
        var lastLine = message.LastIndexOf(Environment.NewLine, StringComparison.Ordinal);
        if (error is ArgumentOutOfRangeException { ActualValue: { } value } && lastLine > 0)
        {
            message = message[..lastLine];
            var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            if (!message.Contains(text, StringComparison.Ordinal))
            {
                message = $"{message.TrimEnd()} The value was {text}.";
            }
        }

        return message;
    }
}
