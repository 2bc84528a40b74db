using Bunit;
using TrendBoard.Core.Topics;
using TrendBoard.Web.Components.Dashboard;

namespace TrendBoard.Web.Tests.Components.Dashboard;

public sealed class TopicsTableTests : BunitContext
{
    [Fact]
    public void RowsShowLabelSizeAndBestTerms()
    {
        var terms = Enumerable.Range(1, 12).Reverse().Select(rank => new TopicTerm(rank, $"term{rank}", 1.0 / rank)).ToList();

        var table = Render<TopicsTable>(parameters => parameters
            .Add(component => component.Topics, new List<TopicInfo> { new(3, "vision transformers", 1234, terms) }));
        var cells = table.FindAll("tbody tr td");

        Assert.Equal("3", cells[0].TextContent.Trim());
        Assert.Equal("vision transformers", cells[1].TextContent);
        Assert.Equal("1,234", cells[2].TextContent);
        Assert.Equal("term1, term2, term3, term4, term5, term6, term7, term8, term9, term10", cells[3].TextContent);
    }

    [Fact]
    public void HostileLabelIsTextNotMarkup()
    {
        var table = Render<TopicsTable>(parameters => parameters
            .Add(component => component.Topics, new List<TopicInfo> { new(0, "<img src=x onerror=alert(1)>", 1, [new TopicTerm(1, "<b>bold</b>", 1)]) }));

        Assert.Empty(table.FindAll("tbody img"));
        Assert.Empty(table.FindAll("tbody b"));
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", table.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void SelectedTopicIsHighlighted()
    {
        var table = Render<TopicsTable>(parameters => parameters
            .Add(component => component.Topics, new List<TopicInfo> { new(0, "a", 1, []), new(1, "b", 1, []) })
            .Add(component => component.SelectedTopic, 1));

        Assert.Equal(["1"], table.FindAll("tr.table-primary").Select(row => row.GetAttribute("data-topic-id")));
    }
}
