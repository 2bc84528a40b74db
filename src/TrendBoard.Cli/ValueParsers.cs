using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using System.Reflection;

namespace TrendBoard.Cli;

/// <summary>
/// Parsers for whole numbers, numbers, dates and enum values, used by every option and argument
/// of the command tree that sets none of its own. An invalid value gets an error that names the
/// option, the value and the accepted values, in place of System.CommandLine's message with .NET
/// type names.
/// </summary>
internal static class ValueParsers
{
    private const string DateFormat = "yyyy-MM-dd";

    private static readonly MethodInfo AddToOptionMethod =
        typeof(ValueParsers).GetMethod(nameof(AddToOption), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo AddToArgumentMethod =
        typeof(ValueParsers).GetMethod(nameof(AddToArgument), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Adds a parser to every option and argument of <paramref name="command"/> and its subcommands that reads one of the handled value types and has no parser of its own.</summary>
    public static void AddTo(Command command)
    {
        foreach (var option in command.Options)
        {
            if (Describe(option.ValueType) is not null)
            {
                AddToOptionMethod.MakeGenericMethod(option.ValueType).Invoke(null, [option]);
            }
        }

        foreach (var argument in command.Arguments)
        {
            if (Describe(argument.ValueType) is not null)
            {
                AddToArgumentMethod.MakeGenericMethod(argument.ValueType).Invoke(null, [argument]);
            }
        }

        foreach (var subcommand in command.Subcommands)
        {
            AddTo(subcommand);
        }
    }

    /// <summary>Makes <paramref name="option"/> accept only whole numbers from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public static void AddRange(Option<int> option, int minimum, int maximum)
    {
        option.CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return Parse(result, option.Name, option.DefaultValueFactory);
            }

            return ParseInRange(result, option.Name, minimum, maximum) ?? 0;
        };
    }

    /// <summary>
    /// Makes <paramref name="option"/> accept only whole numbers from <paramref name="minimum"/>
    /// to <paramref name="maximum"/>, and leaves it null when the command line omits it.
    /// </summary>
    public static void AddRange(Option<int?> option, int minimum, int maximum)
    {
        option.CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return Parse(result, option.Name, option.DefaultValueFactory);
            }

            return ParseInRange(result, option.Name, minimum, maximum);
        };
    }

    // A whole number outside the range, even one beyond Int32, gets an error that names the range.
    // Text that is not a whole number gets the usual type error.
    private static int? ParseInRange(ArgumentResult result, string displayName, int minimum, int maximum)
    {
        var text = result.Tokens[0].Value;
        if (TryParseInt(text, out var value) && (int)value! >= minimum && (int)value! <= maximum)
        {
            return (int)value!;
        }

        result.AddError(IsWholeNumber(text)
            ? string.Create(CultureInfo.InvariantCulture, $"{displayName} {text} is not valid. Use a whole number from {minimum} to {maximum}.")
            : $"{displayName} '{text}' is not valid. Use {Describe(typeof(int))}.");
        return null;
    }

    /// <summary>
    /// Converts <paramref name="text"/> to <paramref name="type"/>, or returns the error that names
    /// <paramref name="displayName"/>, the text and the accepted values. Enum names match in any
    /// letter case, and numeric enum values are rejected.
    /// </summary>
    internal static bool TryConvert(Type type, string displayName, string text, out object? value, out string? error)
    {
        var valueType = Nullable.GetUnderlyingType(type) ?? type;
        value = null;
        error = null;
        var converted = valueType switch
        {
            _ when valueType == typeof(int) => TryParseInt(text, out value),
            _ when valueType == typeof(double) => TryParseDouble(text, out value),
            _ when valueType == typeof(DateOnly) => TryParseDate(text, out value),
            _ when valueType.IsEnum => TryParseEnum(valueType, text, out value),
            _ => throw new ArgumentException($"Values of type {valueType} have no parser here.", nameof(type)),
        };
        if (!converted && valueType == typeof(int) && IsWholeNumber(text))
        {
            error = string.Create(CultureInfo.InvariantCulture, $"{displayName} '{text}' is not valid. Use a whole number from {int.MinValue} to {int.MaxValue}.");
        }
        else if (!converted)
        {
            error = $"{displayName} '{text}' is not valid. Use {Describe(type)}.";
        }

        return converted;
    }

    /// <summary>Returns the accepted values of <paramref name="type"/> in words, or null for a type handled elsewhere.</summary>
    internal static string? Describe(Type type)
    {
        var valueType = Nullable.GetUnderlyingType(type) ?? type;
        if (valueType == typeof(int))
        {
            return "a whole number, for example 42";
        }

        if (valueType == typeof(double))
        {
            return "a number with '.' as the decimal point, for example 0.05";
        }

        if (valueType == typeof(DateOnly))
        {
            return $"a date as {DateFormat}, for example 2025-03-17";
        }

        return valueType.IsEnum
            ? $"one of: {string.Join(", ", Enum.GetNames(valueType))} (in any letter case)"
            : null;
    }

    private static void AddToOption<T>(Option<T> option)
    {
        if (option.CustomParser is null)
        {
            option.CustomParser = result => Parse(result, option.Name, option.DefaultValueFactory);
        }
    }

    private static void AddToArgument<T>(Argument<T> argument)
    {
        if (argument.CustomParser is null)
        {
            argument.CustomParser = result => Parse(result, argument.Name, argument.DefaultValueFactory);
        }
    }

    private static T? Parse<T>(ArgumentResult result, string displayName, Func<ArgumentResult, T>? defaultValueFactory)
    {
        // System.CommandLine calls a custom parser also for an option the command line leaves
        // out, and then the parser supplies the default.
        if (result.Tokens.Count == 0 && defaultValueFactory is not null)
        {
            return defaultValueFactory(result);
        }

        if (result.Tokens.Count == 0)
        {
            result.AddError($"{displayName} needs a value. Use {Describe(typeof(T))}.");
            return default;
        }

        var text = result.Tokens[0].Value;
        if (TryConvert(typeof(T), displayName, text, out var value, out var error))
        {
            return (T?)value;
        }

        result.AddError(error!);
        return default;
    }

    private static bool TryParseInt(string text, out object? value)
    {
        var parsed = int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number);
        value = number;
        return parsed;
    }

    /// <summary>Whether <paramref name="text"/> is a whole number of any size, such as one beyond the Int32 range.</summary>
    private static bool IsWholeNumber(string text) =>
        BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static bool TryParseDouble(string text, out object? value)
    {
        var parsed = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number);
        value = number;
        return parsed;
    }

    private static bool TryParseDate(string text, out object? value)
    {
        var parsed = DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day);
        value = day;
        return parsed;
    }

    private static bool TryParseEnum(Type enumType, string text, out object? value)
    {
        // Enum.TryParse also accepts numbers such as "7" and comma lists, which are not names.
        value = Enum.GetNames(enumType).FirstOrDefault(name => string.Equals(name, text, StringComparison.OrdinalIgnoreCase)) is { } match
            ? Enum.Parse(enumType, match)
            : null;
        return value is not null;
    }
}
