using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrendBoard.Core.Import;

/// <summary>
/// Reads a Python literal, as <c>repr()</c> of a dict, list or scalar writes it, into JSON.
/// </summary>
/// <remarks>
/// <para>
/// Supported: dicts; lists; tuples with or without brackets (tuples become JSON arrays); strings
/// in single, double or triple quotes with an optional <c>u</c> or <c>r</c> prefix, adjacent
/// strings concatenated and every Python string escape except <c>\N{name}</c>; integers
/// (decimal, <c>0x</c>, <c>0o</c>, <c>0b</c>, with <c>_</c> separators); floats; <c>True</c>,
/// <c>False</c> and <c>None</c>; and a backslash that ends a line between tokens. Dict keys that
/// are numbers, booleans or <c>None</c> become JSON strings (<c>"1"</c>, <c>"true"</c>,
/// <c>"null"</c>) as Python's <c>json.dumps</c> makes them, and a repeated key keeps its last
/// value as in Python.
/// </para>
/// <para>
/// Rejected with <see cref="PythonLiteralException"/>: anything that needs evaluation (names,
/// calls such as <c>datetime.datetime(...)</c>, operators), sets, bytes, complex numbers,
/// <c>inf</c> and <c>nan</c> (JSON has no such values), integers beyond the range of
/// <see cref="decimal"/> (about ±7.9e28), unpaired surrogates and nesting deeper than
/// <see cref="MaxDepth"/>. Nothing is ever evaluated.
/// </para>
/// </remarks>
public static class PythonLiteral
{
    /// <summary>The deepest nesting of dicts, lists and tuples accepted.</summary>
    public const int MaxDepth = 128;

    /// <summary>Parses <paramref name="text"/> into a JSON node; Python's <c>None</c> gives null.</summary>
    /// <exception cref="PythonLiteralException"><paramref name="text"/> is not a supported Python literal.</exception>
    public static JsonNode? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        return new Parser(text).ParseDocument();
    }

    /// <summary>Parses <paramref name="text"/> into a <see cref="JsonElement"/> that needs no disposing.</summary>
    /// <exception cref="PythonLiteralException"><paramref name="text"/> is not a supported Python literal.</exception>
    public static JsonElement ParseToElement(string text)
    {
        var node = Parse(text);

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer);
            }
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = MaxDepth + 1 });
        return document.RootElement.Clone();
    }

    private sealed class Parser(string text)
    {
        private readonly string _text = text;
        private int _position;
        private int _depth;

        public JsonNode? ParseDocument()
        {
            SkipWhitespace();
            if (_position >= _text.Length)
            {
                throw Error("the text is empty; expected a Python literal such as {...} or [...]");
            }

            var value = ParseValue();
            SkipWhitespace();
            if (TryConsume(','))
            {
                // "1, 2" without brackets is a tuple, as in Python.
                value = ParseBareTuple(value);
            }

            if (_position < _text.Length)
            {
                throw Error($"unexpected '{Describe(_text[_position])}' after the end of the literal");
            }

            return value;
        }

        private JsonNode? ParseValue()
        {
            SkipWhitespace();
            if (_position >= _text.Length)
            {
                throw Error("the text ends where a value was expected");
            }

            var c = _text[_position];
            switch (c)
            {
                case '{':
                    return ParseDict();
                case '[':
                    return ParseSequence(']');
                case '(':
                    return ParseParenthesized();
                case '\'' or '"':
                    return JsonValue.Create(ParseStrings());
                case '-' or '+' or '.' or (>= '0' and <= '9'):
                    return ParseNumber();
            }

            if (IsIdentifierStart(c))
            {
                return ParseName();
            }

            throw Error($"unexpected '{Describe(c)}' where a value was expected");
        }

        private JsonObject ParseDict()
        {
            var start = _position;
            Enter();
            _position++;
            var result = new JsonObject();
            var first = true;
            while (true)
            {
                SkipWhitespace();
                if (TryConsume('}'))
                {
                    break;
                }

                if (!first)
                {
                    Expect(',', "',' or '}' after a dict entry");
                    SkipWhitespace();
                    if (TryConsume('}'))
                    {
                        break;
                    }
                }

                var keyStart = _position;
                var key = ParseValue();
                SkipWhitespace();
                if (first && _position < _text.Length && _text[_position] is ',' or '}')
                {
                    _position = start;
                    throw Error("sets are not supported; expected a dict");
                }

                Expect(':', "':' after a dict key");
                var value = ParseValue();
                result[KeyText(key, keyStart)] = value;
                first = false;
            }

            _depth--;
            return result;
        }

        private JsonArray ParseSequence(char close)
        {
            Enter();
            _position++;
            var result = new JsonArray();
            while (true)
            {
                SkipWhitespace();
                if (TryConsume(close))
                {
                    break;
                }

                if (result.Count > 0)
                {
                    Expect(',', $"',' or '{close}' after an item");
                    SkipWhitespace();
                    if (TryConsume(close))
                    {
                        break;
                    }
                }

                result.Add(ParseValue());
            }

            _depth--;
            return result;
        }

        // "(x)" is x itself, "(x,)" and "(x, y)" are tuples and "()" is the empty tuple.
        private JsonNode? ParseParenthesized()
        {
            Enter();
            _position++;
            SkipWhitespace();
            if (TryConsume(')'))
            {
                _depth--;
                return new JsonArray();
            }

            var first = ParseValue();
            SkipWhitespace();
            if (TryConsume(')'))
            {
                _depth--;
                return first;
            }

            Expect(',', "',' or ')' after an item");
            var tuple = new JsonArray(first);
            while (true)
            {
                SkipWhitespace();
                if (TryConsume(')'))
                {
                    break;
                }

                if (tuple.Count > 1)
                {
                    Expect(',', "',' or ')' after an item");
                    SkipWhitespace();
                    if (TryConsume(')'))
                    {
                        break;
                    }
                }

                tuple.Add(ParseValue());
            }

            _depth--;
            return tuple;
        }

        private JsonArray ParseBareTuple(JsonNode? first)
        {
            var tuple = new JsonArray(first);
            while (true)
            {
                SkipWhitespace();
                if (_position >= _text.Length)
                {
                    return tuple;
                }

                tuple.Add(ParseValue());
                SkipWhitespace();
                if (!TryConsume(','))
                {
                    return tuple;
                }
            }
        }

        private JsonNode? ParseName()
        {
            var start = _position;
            while (_position < _text.Length && IsIdentifierPart(_text[_position]))
            {
                _position++;
            }

            var name = _text[start.._position];
            if (_position < _text.Length && _text[_position] is '\'' or '"')
            {
                _position = start;
                return JsonValue.Create(ParseStrings());
            }

            switch (name)
            {
                case "True":
                    return JsonValue.Create(true);
                case "False":
                    return JsonValue.Create(false);
                case "None":
                    return null;
                case "inf" or "nan":
                    _position = start;
                    throw Error($"'{name}' has no JSON equivalent");
            }

            _position = start;
            throw Error($"'{name}' is a name, not a literal; only True, False and None are accepted (nothing is evaluated)");
        }

        // Reads one or more adjacent string literals and concatenates them, as Python does.
        private string ParseStrings()
        {
            var start = _position;
            var builder = new StringBuilder();
            do
            {
                ParseString(builder);
                SkipWhitespace();
            }
            while (_position < _text.Length && StartsString());

            CheckSurrogates(builder, start);
            return builder.ToString();
        }

        private bool StartsString()
        {
            var i = _position;
            while (i < _text.Length && i - _position < 2 && char.IsAsciiLetter(_text[i]))
            {
                i++;
            }

            return i < _text.Length && _text[i] is '\'' or '"';
        }

        private void ParseString(StringBuilder builder)
        {
            var start = _position;
            var raw = false;
            while (_position < _text.Length && char.IsAsciiLetter(_text[_position]))
            {
                switch (_text[_position])
                {
                    case 'r' or 'R':
                        raw = true;
                        break;
                    case 'u' or 'U':
                        break;
                    case 'b' or 'B':
                        throw Error("bytes literals are not supported");
                    case 'f' or 'F':
                        throw Error("f-strings need evaluation and are not supported");
                    default:
                        throw Error($"unknown string prefix '{_text[start..(_position + 1)]}'");
                }

                _position++;
            }

            var quote = _text[_position];
            var triple = _position + 2 < _text.Length && _text[_position + 1] == quote && _text[_position + 2] == quote;
            _position += triple ? 3 : 1;

            while (true)
            {
                if (_position >= _text.Length)
                {
                    _position = start;
                    throw Error("the string starting here is never closed");
                }

                var c = _text[_position];
                if (c == quote && (!triple || IsTripleQuoteAt(_position, quote)))
                {
                    _position += triple ? 3 : 1;
                    return;
                }

                if (c is '\n' or '\r' && !triple)
                {
                    _position = start;
                    throw Error("the string starting here contains a line break, which only triple-quoted strings allow");
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    _position++;
                    continue;
                }

                if (raw)
                {
                    // In a raw string a backslash stays, and it still stops the next character
                    // (a quote included) from ending the string.
                    builder.Append(c);
                    _position++;
                    if (_position < _text.Length)
                    {
                        builder.Append(_text[_position]);
                        _position++;
                    }

                    continue;
                }

                ParseEscape(builder);
            }
        }

        private bool IsTripleQuoteAt(int index, char quote) =>
            index + 2 < _text.Length && _text[index + 1] == quote && _text[index + 2] == quote;

        private void ParseEscape(StringBuilder builder)
        {
            var start = _position;
            _position++;
            if (_position >= _text.Length)
            {
                _position = start;
                throw Error("the text ends inside an escape sequence");
            }

            var c = _text[_position];
            _position++;
            switch (c)
            {
                case '\n':
                    return;
                case '\r':
                    TryConsume('\n');
                    return;
                case '\\' or '\'' or '"':
                    builder.Append(c);
                    return;
                case 'a':
                    builder.Append('\a');
                    return;
                case 'b':
                    builder.Append('\b');
                    return;
                case 'f':
                    builder.Append('\f');
                    return;
                case 'n':
                    builder.Append('\n');
                    return;
                case 'r':
                    builder.Append('\r');
                    return;
                case 't':
                    builder.Append('\t');
                    return;
                case 'v':
                    builder.Append('\v');
                    return;
                case 'x':
                    AppendCodePoint(builder, ReadHex(2, start), start);
                    return;
                case 'u':
                    AppendCodePoint(builder, ReadHex(4, start), start);
                    return;
                case 'U':
                    AppendCodePoint(builder, ReadHex(8, start), start);
                    return;
                case 'N':
                    _position = start;
                    throw Error("\\N{...} escapes are not supported; write the character itself or \\u escape it");
                case >= '0' and <= '7':
                    var value = c - '0';
                    for (var digits = 1; digits < 3 && _position < _text.Length && _text[_position] is >= '0' and <= '7'; digits++)
                    {
                        value = (value * 8) + (_text[_position] - '0');
                        _position++;
                    }

                    AppendCodePoint(builder, value, start);
                    return;
                default:
                    // Python keeps unknown escapes such as "\d" as the two characters.
                    builder.Append('\\').Append(c);
                    return;
            }
        }

        private long ReadHex(int digits, int escapeStart)
        {
            if (_position + digits > _text.Length
                || _text.AsSpan(_position, digits).ContainsAnyExcept("0123456789abcdefABCDEF")
                || !long.TryParse(_text.AsSpan(_position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                _position = escapeStart;
                throw Error($"the escape needs exactly {digits} hexadecimal digits");
            }

            _position += digits;
            return value;
        }

        private void AppendCodePoint(StringBuilder builder, long codePoint, int escapeStart)
        {
            if (codePoint is < 0 or > 0x10FFFF)
            {
                _position = escapeStart;
                throw Error($"the escape gives U+{codePoint:X}, which is beyond U+10FFFF");
            }

            if (codePoint is >= 0xD800 and <= 0xDFFF)
            {
                builder.Append((char)codePoint);
            }
            else
            {
                builder.Append(char.ConvertFromUtf32((int)codePoint));
            }
        }

        private void CheckSurrogates(StringBuilder builder, int stringStart)
        {
            for (var i = 0; i < builder.Length; i++)
            {
                if (char.IsHighSurrogate(builder[i]) && i + 1 < builder.Length && char.IsLowSurrogate(builder[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(builder[i]))
                {
                    _position = stringStart;
                    throw Error($"a string contains the unpaired surrogate U+{(int)builder[i]:X4}, which JSON text cannot represent");
                }
            }
        }

        private JsonNode ParseNumber()
        {
            var start = _position;
            var negative = false;
            while (_position < _text.Length && _text[_position] is '-' or '+')
            {
                negative ^= _text[_position] == '-';
                _position++;
                SkipWhitespace();
            }

            if (_position < _text.Length && IsIdentifierStart(_text[_position]))
            {
                var nameStart = _position;
                while (_position < _text.Length && IsIdentifierPart(_text[_position]))
                {
                    _position++;
                }

                var name = _text[nameStart.._position];
                _position = start;
                throw Error(name is "inf" or "nan" ? $"'{name}' has no JSON equivalent" : "a sign must be followed by a number");
            }

            var numberStart = _position;
            while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] is '_' or '.'
                || (_text[_position] is '+' or '-' && _text[_position - 1] is 'e' or 'E' && !IsPrefixedInteger(numberStart))))
            {
                _position++;
            }

            var token = _text[numberStart.._position];
            if (token.Length == 0)
            {
                _position = start;
                throw Error("a sign must be followed by a number");
            }

            var node = ParseNumberToken(token, negative);
            if (node is null)
            {
                _position = start;
                throw Error($"'{token}' is not a supported Python number");
            }

            return node;
        }

        private bool IsPrefixedInteger(int numberStart) =>
            numberStart + 1 < _text.Length && _text[numberStart] == '0' && _text[numberStart + 1] is 'x' or 'X' or 'b' or 'B' or 'o' or 'O';

        private static JsonNode? ParseNumberToken(string token, bool negative)
        {
            if (!HasValidUnderscores(token))
            {
                return null;
            }

            var digits = token.Replace("_", string.Empty, StringComparison.Ordinal);
            if (digits.Length > 2 && digits[0] == '0' && char.IsAsciiLetter(digits[1]))
            {
                var radix = char.ToLowerInvariant(digits[1]) switch
                {
                    'x' => 16,
                    'o' => 8,
                    'b' => 2,
                    _ => 0,
                };
                return radix == 0 ? null : ParsePrefixedInteger(digits[2..], radix, negative);
            }

            if (digits.All(char.IsAsciiDigit))
            {
                // Python 3 rejects leading zeros on a non-zero decimal integer ("007").
                if (digits.Length > 1 && digits[0] == '0' && digits.Any(d => d != '0'))
                {
                    return null;
                }

                var signed = negative ? "-" + digits : digits;
                if (long.TryParse(signed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    return JsonValue.Create(integer);
                }

                return decimal.TryParse(signed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var large)
                    ? JsonValue.Create(large)
                    : null;
            }

            if (digits.Any(d => char.IsAsciiLetter(d) && d is not ('e' or 'E')))
            {
                return null;
            }

            var floatText = negative ? "-" + digits : digits;
            if (double.TryParse(floatText, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                return JsonValue.Create(number);
            }

            return null;
        }

        private static JsonNode? ParsePrefixedInteger(string digits, int radix, bool negative)
        {
            if (digits.Length == 0)
            {
                return null;
            }

            decimal value = 0;
            foreach (var d in digits)
            {
                var digit = char.IsAsciiDigit(d) ? d - '0' : char.IsAsciiLetter(d) ? char.ToLowerInvariant(d) - 'a' + 10 : radix;
                if (digit >= radix)
                {
                    return null;
                }

                try
                {
                    value = checked((value * radix) + digit);
                }
                catch (OverflowException)
                {
                    return null;
                }
            }

            value = negative ? -value : value;
            return value is >= long.MinValue and <= long.MaxValue ? JsonValue.Create((long)value) : JsonValue.Create(value);
        }

        // Python allows one underscore between two digits only ("1_000", and "0x_ff" right after
        // the prefix). Letters count as digits only in hexadecimal.
        private static bool HasValidUnderscores(string token)
        {
            var prefixed = token.Length > 1 && token[0] == '0' && char.IsAsciiLetter(token[1]);
            var hexadecimal = prefixed && token[1] is 'x' or 'X';
            for (var i = 0; i < token.Length; i++)
            {
                if (token[i] != '_')
                {
                    continue;
                }

                var after = i + 1 < token.Length && IsDigit(token[i + 1]);
                var before = i > 0 && (IsDigit(token[i - 1]) || (i == 2 && prefixed));
                if (!before || !after)
                {
                    return false;
                }
            }

            return true;

            bool IsDigit(char c) => hexadecimal ? char.IsAsciiHexDigit(c) : char.IsAsciiDigit(c);
        }

        private string KeyText(JsonNode? key, int keyStart)
        {
            switch (key)
            {
                case null:
                    return "null";
                case JsonValue value when value.TryGetValue<string>(out var text):
                    return text;
                case JsonValue value when value.TryGetValue<bool>(out var flag):
                    return flag ? "true" : "false";
                case JsonValue value:
                    return value.ToJsonString();
                default:
                    _position = keyStart;
                    throw Error("a dict key must be a string, number, True, False or None");
            }
        }

        private void Enter()
        {
            _depth++;
            if (_depth > MaxDepth)
            {
                throw Error($"the literal nests deeper than {MaxDepth} levels");
            }
        }

        private void Expect(char expected, string description)
        {
            SkipWhitespace();
            if (_position >= _text.Length)
            {
                throw Error($"the text ends where {description} was expected");
            }

            if (_text[_position] != expected)
            {
                throw Error($"expected {description}, found '{Describe(_text[_position])}'");
            }

            _position++;
        }

        private bool TryConsume(char expected)
        {
            if (_position < _text.Length && _text[_position] == expected)
            {
                _position++;
                return true;
            }

            return false;
        }

        // Skips whitespace and explicit line joins (a backslash that ends a line).
        private void SkipWhitespace()
        {
            while (_position < _text.Length)
            {
                if (_text[_position] is ' ' or '\t' or '\n' or '\r' or '\f')
                {
                    _position++;
                }
                else if (_text[_position] == '\\' && _position + 1 < _text.Length && _text[_position + 1] is '\n' or '\r')
                {
                    _position += 2;
                }
                else
                {
                    return;
                }
            }
        }

        private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

        private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';

        private static string Describe(char c) => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString();

        private PythonLiteralException Error(string problem) => new(problem, _position);
    }
}

/// <summary>
/// The error <see cref="PythonLiteral"/> raises for text that is not a supported Python literal.
/// </summary>
public sealed class PythonLiteralException : FormatException
{
    /// <summary>Creates the error for <paramref name="problem"/> at zero-based character <paramref name="offset"/>.</summary>
    public PythonLiteralException(string problem, int offset)
        : base($"Invalid Python literal at character {offset + 1}: {problem}.")
    {
        Problem = problem;
        Offset = offset;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }

    /// <summary>The zero-based character offset in the literal where the problem was found.</summary>
    public int Offset { get; }
}
