using Bunit;
using TrendBoard.Core.Analytics;
using TrendBoard.Web.Components.Dashboard;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Components.Panels;

public sealed class TopicSummaryPanelTests(RealSlice slice) : PanelContext(slice.Analytics), IClassFixture<RealSlice>
{
    [Fact]
    public void ChosenTopicShowsSizeDatesAndTopPapers()
    {
        const int topicId = 2;
        var papers = slice.FeaturedIn(RealSlice.FirstDay, RealSlice.LastDay).Where(paper => RealSlice.TopicOf(paper.Id) == topicId).ToList();
        var expectedTop = papers
            .OrderBy(paper => paper.Upvote is null ? 1 : 0)
            .ThenByDescending(paper => paper.Upvote?.Upvotes)
            .ThenBy(paper => paper.Id, StringComparer.Ordinal)
            .Take(5)
            .Select(paper => paper.Id)
            .ToList();

        var panel = Render<TopicSummaryPanel>(parameters => parameters.Add(p => p.View, RealSlice.SliceView() with { Topic = topicId }));
        WaitUntilLoaded(panel);

        Assert.Equal($"Topic {topicId}: {RealSlice.LabelOf(topicId)}", panel.Find("h2").TextContent);
        Assert.Equal(slice.Papers.Count(paper => RealSlice.TopicOf(paper.Id) == topicId).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Field(panel, "size"));
        Assert.Equal(papers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Field(panel, "papers"));
        Assert.Equal(Day(papers.Min(paper => paper.FeaturedOn!.Value)), Field(panel, "first"));
        Assert.Equal(Day(papers.Max(paper => paper.FeaturedOn!.Value)), Field(panel, "last"));
        Assert.Equal($"term{topicId}a, term{topicId}b", Field(panel, "terms"));
        Assert.Equal(expectedTop, panel.FindAll(".paper-list li").Select(item => item.GetAttribute("data-paper")!).ToList());
    }

    [Fact]
    public void NoTopicAsksForOne()
    {
        var panel = Render<TopicSummaryPanel>(parameters => parameters.Add(p => p.View, RealSlice.SliceView()));
        WaitUntilLoaded(panel);

        Assert.Contains("Choose a topic", panel.Find(".panel-empty").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportLinksCarryTheTopic()
    {
        var panel = Render<TopicSummaryPanel>(parameters => parameters.Add(p => p.View, RealSlice.SliceView() with { Topic = 3 }));

        Assert.Contains("topics=3", panel.Find("[data-export='topic_summaries-json']").GetAttribute("href"), StringComparison.Ordinal);
    }

    private static string Field(IRenderedComponent<TopicSummaryPanel> panel, string name) =>
        panel.Find($"[data-field='{name}']").TextContent.Trim();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
