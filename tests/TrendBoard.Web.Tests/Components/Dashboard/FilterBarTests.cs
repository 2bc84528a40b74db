using Bunit;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Topics;
using TrendBoard.Web.Components.Dashboard;
using TrendBoard.Web.ViewState;

namespace TrendBoard.Web.Tests.Components.Dashboard;

public sealed class FilterBarTests : BunitContext
{
    private static readonly DateOnly CorpusFrom = new(2024, 5, 20);
    private static readonly DateOnly CorpusTo = new(2024, 9, 30);
    private static readonly DashboardView View = new(new DateOnly(2024, 6, 1), new DateOnly(2024, 6, 30), TimeBin.Week, DateBasis.Published, null);

    private readonly List<DashboardView> _emitted = [];

    [Fact]
    public void InputsShowTheView()
    {
        var filterBar = RenderFilterBar(View with { Bin = TimeBin.Month, Topic = 2 });

        Assert.Equal("2024-06-01", filterBar.Find("#filter-from").GetAttribute("value"));
        Assert.Equal("2024-06-30", filterBar.Find("#filter-to").GetAttribute("value"));
        Assert.Equal("month", filterBar.Find("#filter-bin").GetAttribute("value"));
        Assert.Equal("2", filterBar.Find("#filter-topic").GetAttribute("value"));
    }

    [Fact]
    public void AddedKeywordEmitsView()
    {
        var filterBar = RenderFilterBar(View with { Keywords = new KeywordList(["agents"]) });

        filterBar.Find("#filter-keyword").Input("  tool use ");
        filterBar.Find("#filter-keyword-add").Click();

        Assert.Equal(["agents", "tool use"], Assert.Single(_emitted).Keywords);
    }

    [Fact]
    public void EnterAddsTypedKeyword()
    {
        var filterBar = RenderFilterBar(View);

        // The browser sends input events while typing, so the text is known when Enter is pressed.
        filterBar.Find("#filter-keyword").Input("RAG");
        filterBar.Find("#filter-keyword").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        Assert.Equal(["RAG"], Assert.Single(_emitted).Keywords);
    }

    [Fact]
    public void RemovedKeywordAndMatchEmitView()
    {
        var filterBar = RenderFilterBar(View with { Keywords = new KeywordList(["agents", "<b>tools</b>"]) });

        Assert.Equal("<b>tools</b>", filterBar.Find("[data-keyword='<b>tools</b>']").TextContent.Trim());
        filterBar.Find("button[aria-label='Remove keyword agents']").Click();
        filterBar.Find("#filter-match").Change("any");

        Assert.Equal(2, _emitted.Count);
        Assert.Equal(["<b>tools</b>"], _emitted[0].Keywords);
        Assert.Equal(KeywordMatch.Any, _emitted[1].Match);
    }

    [Fact]
    public void TwentyFirstKeywordShowsError()
    {
        var filterBar = RenderFilterBar(View with { Keywords = new KeywordList(Enumerable.Range(0, TrendFilter.MaxKeywords).Select(i => $"k{i}")) });

        filterBar.Find("#filter-keyword").Input("one more");
        filterBar.Find("#filter-keyword-add").Click();

        Assert.Empty(_emitted);
        Assert.Contains("at most 20 keywords", filterBar.Find(".invalid-feedback").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void NewStartDateEmitsView()
    {
        var filterBar = RenderFilterBar(View);

        filterBar.Find("#filter-from").Change("2024-06-10");

        Assert.Equal(View with { From = new DateOnly(2024, 6, 10) }, Assert.Single(_emitted));
    }

    [Fact]
    public void InvertedRangeShowsErrorAndEmitsNothing()
    {
        var filterBar = RenderFilterBar(View);

        filterBar.Find("#filter-from").Change("2024-07-15");

        Assert.Empty(_emitted);
        var error = filterBar.Find("[role=alert]");
        Assert.Contains("2024-07-15", error.TextContent, StringComparison.Ordinal);
        Assert.Contains("after the end date 2024-06-30", error.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void FixingInvertedRangeClearsError()
    {
        var filterBar = RenderFilterBar(View);
        filterBar.Find("#filter-from").Change("2024-07-15");

        filterBar.Find("#filter-to").Change("2024-07-31");

        Assert.Equal(View with { From = new DateOnly(2024, 7, 15), To = new DateOnly(2024, 7, 31) }, Assert.Single(_emitted));
        Assert.Empty(filterBar.FindAll("[role=alert]"));
    }

    [Fact]
    public void ClearedDateShowsError()
    {
        var filterBar = RenderFilterBar(View);

        filterBar.Find("#filter-to").Change("");

        Assert.Empty(_emitted);
        Assert.Contains("YYYY-MM-DD", filterBar.Find("[role=alert]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void BinChangeEmitsView()
    {
        var filterBar = RenderFilterBar(View);

        filterBar.Find("#filter-bin").Change("day");

        Assert.Equal(View with { Bin = TimeBin.Day }, Assert.Single(_emitted));
    }

    [Fact]
    public void UnknownBinIsIgnored()
    {
        var filterBar = RenderFilterBar(View);

        filterBar.Find("#filter-bin").Change("decade");

        Assert.Empty(_emitted);
    }

    [Fact]
    public void TopicChoiceEmitsViewAndAllClearsIt()
    {
        var filterBar = RenderFilterBar(View);

        filterBar.Find("#filter-topic").Change("1");
        filterBar.Render(parameters => parameters.Add(bar => bar.View, View with { Topic = 1 }));
        filterBar.Find("#filter-topic").Change("");

        Assert.Equal([View with { Topic = 1 }, View with { Topic = null }], _emitted);
    }

    [Fact]
    public void TopicOptionsEncodeLabels()
    {
        var filterBar = RenderFilterBar(View);

        var option = filterBar.Find("#filter-topic option[value='1']");

        Assert.Equal("1: <script>alert(1)</script>", option.TextContent);
        Assert.Empty(filterBar.FindAll("#filter-topic script"));
    }

    [Theory]
    [InlineData("4w", "2024-09-03", "2024-09-30")]
    [InlineData("3m", "2024-07-01", "2024-09-30")]
    [InlineData("12m", "2024-05-20", "2024-09-30")]
    [InlineData("all", "2024-05-20", "2024-09-30")]
    public void PresetEmitsRangeEndingOnLastDay(string preset, string from, string to)
    {
        var filterBar = RenderFilterBar(View);

        filterBar.Find($"[data-preset='{preset}']").Click();

        var emitted = Assert.Single(_emitted);
        Assert.Equal(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), emitted.From);
        Assert.Equal(DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), emitted.To);
    }

    [Fact]
    public void NewViewReplacesTypedDates()
    {
        var filterBar = RenderFilterBar(View);
        filterBar.Find("#filter-from").Change("2024-07-15");

        filterBar.Render(parameters => parameters.Add(bar => bar.View, View with { From = new DateOnly(2024, 6, 5) }));

        Assert.Equal("2024-06-05", filterBar.Find("#filter-from").GetAttribute("value"));
        Assert.Empty(filterBar.FindAll("[role=alert]"));
    }

    private IRenderedComponent<FilterBar> RenderFilterBar(DashboardView view) =>
        Render<FilterBar>(parameters => parameters
            .Add(bar => bar.View, view)
            .Add(bar => bar.CorpusFrom, CorpusFrom)
            .Add(bar => bar.CorpusTo, CorpusTo)
            .Add(bar => bar.Topics, new List<TopicInfo>
            {
                new(0, "language models", 40, []),
                new(1, "<script>alert(1)</script>", 12, []),
                new(2, "agents", 9, []),
            })
            .Add(bar => bar.ViewChanged, (DashboardView emitted) => _emitted.Add(emitted)));
}
