using Bunit;
using TrendBoard.Core.Analytics;
using TrendBoard.Web.Components.Dashboard;

namespace TrendBoard.Web.Tests.Components.Dashboard;

public sealed class CorpusStatusTests : BunitContext
{
    [Fact]
    public void StatusShowsCountRangeAndRun()
    {
        var status = Render<CorpusStatus>(parameters => parameters
            .Add(component => component.Summary, new CorpusSummary(12345, new DateOnly(2024, 5, 20), new DateOnly(2026, 8, 21), 7)));

        var text = Normalize(status.Find("p").TextContent);

        Assert.Contains("12,345 papers", text, StringComparison.Ordinal);
        Assert.Contains("published 2024-05-20 to 2026-08-21", text, StringComparison.Ordinal);
        Assert.Contains("topic model run 7", text, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusSaysWhenNoRunExists()
    {
        var status = Render<CorpusStatus>(parameters => parameters
            .Add(component => component.Summary, new CorpusSummary(5, new DateOnly(2024, 5, 20), new DateOnly(2024, 5, 21), null)));

        Assert.Contains("no topic model run yet", Normalize(status.Find("p").TextContent), StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyCorpusAsksForImport()
    {
        var status = Render<CorpusStatus>(parameters => parameters
            .Add(component => component.Summary, new CorpusSummary(0, null, null, null)));

        Assert.Contains("No papers stored yet", status.Find("p").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusCountsEstimatedDates()
    {
        var summary = new CorpusSummary(40, new DateOnly(2024, 5, 20), new DateOnly(2024, 6, 3), 7) { UncertainDatePapers = 35 };

        var status = Render<CorpusStatus>(parameters => parameters.Add(component => component.Summary, summary));

        Assert.Contains("35 with estimated dates, left out of the default range", Normalize(status.Find("[data-testid='uncertain-dates']").TextContent), StringComparison.Ordinal);
    }

    [Fact]
    public void StatusOmitsEstimatedDatesNoteWhenNone()
    {
        var status = Render<CorpusStatus>(parameters => parameters
            .Add(component => component.Summary, new CorpusSummary(5, new DateOnly(2024, 5, 20), new DateOnly(2024, 5, 21), 7)));

        Assert.Empty(status.FindAll("[data-testid='uncertain-dates']"));
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
