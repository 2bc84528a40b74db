using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TrendBoard.Core.Pipeline;
using TrendBoard.Web.Components.Dashboard;
using TrendBoard.Web.Hosting;

namespace TrendBoard.Web.Tests.Components.Dashboard;

public sealed class BuildProgressTests : BunitContext
{
    private readonly CorpusBuildState _state = new();

    public BuildProgressTests()
    {
        Services.AddSingleton(_state);
    }

    [Fact]
    public void RunningBuildShowsStageAndPercent()
    {
        _state.MarkBuilding();
        var component = Render<BuildProgress>();

        _state.Report(new PipelineProgress("import", 0.426, "2025-03-17.json.gz"));

        component.WaitForAssertion(() =>
        {
            var bar = component.Find("[role=progressbar]");
            Assert.Equal("43", bar.GetAttribute("aria-valuenow"));
            Assert.Contains("Importing papers", component.Markup, StringComparison.Ordinal);
            Assert.Contains("2025-03-17.json.gz", component.Markup, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void FinishedBuildHidesProgress()
    {
        _state.MarkBuilding();
        _state.Report(new PipelineProgress("model", 0.5, "k-means"));
        var component = Render<BuildProgress>();
        Assert.NotEmpty(component.FindAll("[role=progressbar]"));

        _state.MarkReady();

        component.WaitForAssertion(() => Assert.Empty(component.FindAll("[role=progressbar]")));
    }

    [Fact]
    public void FailedBuildShowsReason()
    {
        var component = Render<BuildProgress>();

        _state.MarkFailed("The corpus folder '/nowhere' was not found.");

        component.WaitForAssertion(() =>
            Assert.Contains("The corpus folder '/nowhere' was not found.", component.Find(".alert-danger").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WaitingQueryFailsAfterFailedBuild()
    {
        var waiting = _state.WaitUntilReadyAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        _state.MarkFailed("disk full");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => waiting);
        Assert.Contains("disk full", error.Message, StringComparison.Ordinal);
    }
}
