using TrendBoard.Core.Storage;

namespace TrendBoard.Core.Tests.Storage;

public sealed class TopicNamesTests
{
    public static TheoryData<string, string> HiddenCharacters => new()
    {
        { "\u202A", "U+202A" },
        { "\u202B", "U+202B" },
        { "\u202C", "U+202C" },
        { "\u202D", "U+202D" },
        { "\u202E", "U+202E" },
        { "\u2066", "U+2066" },
        { "\u2067", "U+2067" },
        { "\u2068", "U+2068" },
        { "\u2069", "U+2069" },
        { "\u200E", "U+200E" },
        { "\u200F", "U+200F" },
        { "\u061C", "U+061C" },
        { "\u200B", "U+200B" },
        { "\u2060", "U+2060" },
        { "\uFEFF", "U+FEFF" },
    };

    [Theory]
    [MemberData(nameof(HiddenCharacters))]
    public void NormalizeRejectsBidirectionalAndInvisible(string character, string codePoint)
    {
        var error = Assert.Throws<ArgumentException>(() => TopicNames.Normalize("Diffusion" + character + "models"));

        Assert.Contains(codePoint, error.Message, StringComparison.Ordinal);
        Assert.Contains("position 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NormalizeRejectsTrailingByteOrderMark()
    {
        // String.Trim does not treat U+FEFF as white space, so it must be caught inside the name.
        var error = Assert.Throws<ArgumentException>(() => TopicNames.Normalize("Agents\uFEFF"));

        Assert.Contains("U+FEFF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NormalizeKeepsJoinersInEmojiAndScripts()
    {
        const string scientist = "\U0001F469\u200D\U0001F52C";
        const string persianWithNonJoiner = "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645";

        Assert.Equal(scientist + " Lab", TopicNames.Normalize(scientist + " Lab"));
        Assert.Equal(persianWithNonJoiner, TopicNames.Normalize(persianWithNonJoiner));
    }

    [Fact]
    public void NormalizeCountsTextElementsNotCodeUnits()
    {
        var twentyScientists = string.Concat(Enumerable.Repeat("\U0001F469\u200D\U0001F52C", 20));
        var eightyScientists = string.Concat(Enumerable.Repeat("\U0001F469\u200D\U0001F52C", TopicNames.MaxLength));
        var eightyOneAccented = string.Concat(Enumerable.Repeat("e\u0301", TopicNames.MaxLength + 1));

        Assert.True(twentyScientists.Length > TopicNames.MaxLength);
        Assert.Equal(twentyScientists, TopicNames.Normalize(twentyScientists));
        Assert.Equal(eightyScientists, TopicNames.Normalize(eightyScientists));
        var tooLong = Assert.Throws<ArgumentException>(() => TopicNames.Normalize(eightyOneAccented));
        Assert.Contains($"has {TopicNames.MaxLength + 1} characters", tooLong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NormalizeRejectsStackedCombiningMarks()
    {
        var stacked = "a" + new string('\u0301', TopicNames.MaxUtf16Length);

        var error = Assert.Throws<ArgumentException>(() => TopicNames.Normalize(stacked));

        Assert.Contains("UTF-16 code units", error.Message, StringComparison.Ordinal);
    }
}
