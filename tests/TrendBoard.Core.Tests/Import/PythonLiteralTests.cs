using System.Text.Json;
using TrendBoard.Core.Import;

namespace TrendBoard.Core.Tests.Import;

public sealed class PythonLiteralTests
{
    [Theory]
    [InlineData("2024-12-11.json")]
    [InlineData("2024-12-18.json")]
    [InlineData("2025-01-10.json")]
    public void ReprItemsMatchPythonsOwnReading(string name)
    {
        var reprStrings = HfDailyApiParserTests.ReadItems(TestFiles.DailyPapers(name));
        var pythonItems = HfDailyApiParserTests.ReadItems(TestFiles.DailyPapers(Path.Combine("python-json", name)));

        Assert.Equal(pythonItems.Count, reprStrings.Count);
        for (var i = 0; i < reprStrings.Count; i++)
        {
            var parsed = PythonLiteral.ParseToElement(reprStrings[i].GetString()!);
            Assert.True(JsonElement.DeepEquals(pythonItems[i], parsed), $"item {i + 1} of {name} differs from Python's reading");
        }
    }

    [Fact]
    public void ReprFixturesExerciseTheTrickyEscapes()
    {
        var all = string.Join('\n', new[] { "2024-12-11.json", "2024-12-18.json", "2025-01-10.json" }
            .SelectMany(name => HfDailyApiParserTests.ReadItems(TestFiles.DailyPapers(name)))
            .Select(item => item.GetString()));

        Assert.Contains(@"\'", all, StringComparison.Ordinal);
        Assert.Contains(@"\\", all, StringComparison.Ordinal);
        Assert.Contains(@"\n", all, StringComparison.Ordinal);
        Assert.Contains(": \"", all, StringComparison.Ordinal);
        Assert.Contains("False", all, StringComparison.Ordinal);
        Assert.Contains("True", all, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"'it\'s'", "it's")]
    [InlineData(@"""it's""", "it's")]
    [InlineData(@"'say ""hi""'", "say \"hi\"")]
    [InlineData(@"'a\\b'", @"a\b")]
    [InlineData(@"'line\nbreak\ttab\rcr'", "line\nbreak\ttab\rcr")]
    [InlineData(@"'\a\b\f\v\0'", "\a\b\f\v\0")]
    [InlineData(@"'\x41\xe9'", "Aé")]
    [InlineData(@"'\u03bc\U0001F600'", "μ😀")]
    [InlineData(@"'\101\7'", "A\a")]
    [InlineData(@"'\d \%'", @"\d \%")]
    [InlineData(@"'a' ""b"" 'c'", "abc")]
    [InlineData(@"r'\n\''", @"\n\'")]
    [InlineData(@"u'x'", "x")]
    [InlineData("'''it's\n\"ok\"'''", "it's\n\"ok\"")]
    [InlineData("'μLO ü'", "μLO ü")]
    [InlineData("'a\\\nb'", "ab")]
    public void StringsDecodeLikePython(string literal, string expected)
    {
        var node = PythonLiteral.Parse(literal);

        Assert.Equal(expected, node!.GetValue<string>());
    }

    [Theory]
    [InlineData("True", "true")]
    [InlineData("False", "false")]
    [InlineData("None", "null")]
    [InlineData("0", "0")]
    [InlineData("-42", "-42")]
    [InlineData("+7", "7")]
    [InlineData("1_000", "1000")]
    [InlineData("0x1F", "31")]
    [InlineData("0x_ff", "255")]
    [InlineData("0o17", "15")]
    [InlineData("0b101", "5")]
    [InlineData("1.5", "1.5")]
    [InlineData("-2.5e-3", "-0.0025")]
    [InlineData("12345678901234567890", "12345678901234567890")]
    [InlineData("[]", "[]")]
    [InlineData("[1, 'a', None,]", "[1,\"a\",null]")]
    [InlineData("()", "[]")]
    [InlineData("(1,)", "[1]")]
    [InlineData("(1)", "1")]
    [InlineData("(1, (2, 3))", "[1,[2,3]]")]
    [InlineData("1, 'a'", "[1,\"a\"]")]
    [InlineData("1,", "[1]")]
    [InlineData("[1,\\\n 2]", "[1,2]")]
    [InlineData("{}", "{}")]
    [InlineData("{'a': {'b': [True]}, }", "{\"a\":{\"b\":[true]}}")]
    [InlineData("{1: 'x', True: 'y', None: 'z'}", "{\"1\":\"x\",\"true\":\"y\",\"null\":\"z\"}")]
    [InlineData("{'a': 1, 'a': 2}", "{\"a\":2}")]
    [InlineData(" \n{ 'a' :\n 1 } \n", "{\"a\":1}")]
    public void ValuesBecomeJson(string literal, string expectedJson)
    {
        var element = PythonLiteral.ParseToElement(literal);

        using var expected = JsonDocument.Parse(expectedJson);
        Assert.True(JsonElement.DeepEquals(expected.RootElement, element), $"{literal} gave {element.GetRawText()}");
    }

    [Theory]
    [InlineData("", 0, "the text is empty")]
    [InlineData("{'a': datetime.date(2020, 1, 1)}", 6, "'datetime' is a name")]
    [InlineData("{'a' 1}", 5, "expected ':' after a dict key")]
    [InlineData("'abc", 0, "never closed")]
    [InlineData("'ab\ncd'", 0, "line break")]
    [InlineData("[1, 2", 5, "the text ends")]
    [InlineData("[1 2]", 3, "',' or ']'")]
    [InlineData("{1, 2}", 0, "sets are not supported")]
    [InlineData("b'x'", 0, "bytes literals")]
    [InlineData("f'{x}'", 0, "f-strings")]
    [InlineData("inf", 0, "no JSON equivalent")]
    [InlineData("-nan", 0, "no JSON equivalent")]
    [InlineData("1j", 0, "not a supported Python number")]
    [InlineData("007", 0, "not a supported Python number")]
    [InlineData("1__0", 0, "not a supported Python number")]
    [InlineData("1_e5", 0, "not a supported Python number")]
    [InlineData(@"'\N{EM DASH}'", 1, @"\N{...} escapes")]
    [InlineData(@"'\x4'", 1, "exactly 2 hexadecimal digits")]
    [InlineData(@"'\ud800'", 0, "unpaired surrogate")]
    [InlineData("1 2", 2, "after the end of the literal")]
    [InlineData("1, 2 3", 5, "after the end of the literal")]
    [InlineData("{[1]: 2}", 1, "a dict key must be")]
    public void InvalidLiteralNamesItsPosition(string literal, int expectedOffset, string expectedProblem)
    {
        var exception = Assert.Throws<PythonLiteralException>(() => PythonLiteral.Parse(literal));

        Assert.Equal(expectedOffset, exception.Offset);
        Assert.Contains(expectedProblem, exception.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"Invalid Python literal at character {expectedOffset + 1}: ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNestingIsRejected()
    {
        var literal = new string('[', PythonLiteral.MaxDepth + 1) + new string(']', PythonLiteral.MaxDepth + 1);

        var exception = Assert.Throws<PythonLiteralException>(() => PythonLiteral.Parse(literal));

        Assert.Contains("deeper than", exception.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void NestingAtTheLimitIsAccepted()
    {
        var literal = new string('[', PythonLiteral.MaxDepth) + new string(']', PythonLiteral.MaxDepth);

        var element = PythonLiteral.ParseToElement(literal);

        Assert.Equal(JsonValueKind.Array, element.ValueKind);
    }
}
