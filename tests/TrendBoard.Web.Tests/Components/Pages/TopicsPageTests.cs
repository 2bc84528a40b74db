using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Topics;
using TrendBoard.Web.Components.Dashboard;
using TrendBoard.Web.Components.Pages.Topics;
using TrendBoard.Web.Hosting;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Components.Pages;

/// <summary>A June 2025 database with a model run of five topics and a stability score, shared by the page tests.</summary>
public sealed class TopicsPageDatabaseFixture : IAsyncLifetime
{
    internal JuneTopicDatabase Database { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Database = await JuneTopicDatabase.CreateAsync(new TopicModelOptions { TopicCount = 5, ComputeStability = true });
    }

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
    }
}

public sealed class TopicsPageTests : BunitContext, IClassFixture<TopicsPageDatabaseFixture>
{
    /// <summary>How long to wait for real DuckDB queries and fits; generous because test classes run in parallel.</summary>
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(120);

    private readonly JuneTopicDatabase _database;
    private readonly TopicRefitService _refit;

    public TopicsPageTests(TopicsPageDatabaseFixture fixture)
    {
        _database = fixture.Database;
        var notifier = new CorpusChangeNotifier(NullLogger<CorpusChangeNotifier>.Instance);
        _refit = new TopicRefitService(_database.Provider, notifier, NullLoggerFactory.Instance);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddBootstrapBlazor();
        Services.AddSingleton(_database.Provider);
        Services.AddSingleton(notifier);
        Services.AddSingleton(_refit);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task TermsMatchDashboardTopicTable()
    {
        var store = await _database.GetStoreAsync();
        var topics = await new TrendAnalytics(store).GetTopicsAsync(CancellationToken.None);
        Assert.Contains(topics, topic => topic.Terms.Count > 8);

        var page = Render<TopicsPage>();
        page.WaitForAssertion(() => Assert.Equal(topics.Count, page.FindAll("tbody tr").Count), LoadTimeout);
        var table = Render<TopicsTable>(parameters => parameters.Add(component => component.Topics, topics));

        foreach (var topic in topics)
        {
            var id = topic.TopicId.ToString(CultureInfo.InvariantCulture);
            var pageTerms = page.Find($"tbody tr[data-topic-id='{id}']").Children[3].TextContent;
            var tableTerms = table.Find($"tbody tr[data-topic-id='{id}']").Children[3].TextContent;
            Assert.Equal(tableTerms, pageTerms);
        }
    }

    [Fact]
    public async Task PageListsTopicsAndRunMetrics()
    {
        var store = await _database.GetStoreAsync();
        var topics = await store.GetCurrentTopicsAsync(CancellationToken.None);
        var run = await store.GetCurrentModelRunAsync(CancellationToken.None);

        var page = Render<TopicsPage>();
        page.WaitForAssertion(() => Assert.Equal(topics.Count, page.FindAll("tbody tr").Count), LoadTimeout);

        Assert.Equal(topics.Select(t => t.TopicId.ToString(CultureInfo.InvariantCulture)), page.FindAll("tbody tr").Select(row => row.GetAttribute("data-topic-id")));
        Assert.Equal(topics.Select(t => t.DisplayName), page.FindAll(".topic-name").Select(cell => cell.TextContent));
        Assert.All(page.FindAll(".topic-lineage"), cell => Assert.Equal("new", cell.TextContent));
        Assert.Equal(run!.Metrics["npmi_window"].ToString("F3", CultureInfo.InvariantCulture), page.Find("[data-metric='NPMI']").TextContent);
        Assert.Equal(run.Metrics["topic_diversity"].ToString("F2", CultureInfo.InvariantCulture), page.Find("[data-metric='Diversity']").TextContent);
        Assert.Equal(run.Metrics["stability_ari"].ToString("F2", CultureInfo.InvariantCulture), page.Find("[data-metric='Stability']").TextContent);
        Assert.Contains($"Model run {run.Id}", page.Find("[data-testid='run-caption']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenameStoresNameAndShowsItAsText()
    {
        const string name = "<b>Robots</b> & <img src=x onerror=alert(1)>";
        var page = Render<TopicsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tbody tr")), LoadTimeout);
        var topicId = int.Parse(page.FindAll("tbody tr")[0].GetAttribute("data-topic-id")!, CultureInfo.InvariantCulture);

        page.FindAll(".topic-rename")[0].Click();
        page.WaitForElement(".topic-name-input", LoadTimeout).Change("  " + name + "  ");
        page.Find("tbody form").Submit();

        page.WaitForAssertion(() => Assert.Equal(name, page.FindAll(".topic-name")[0].TextContent), LoadTimeout);
        Assert.Empty(page.FindAll("tbody b"));
        Assert.Empty(page.FindAll("tbody img"));
        var store = await _database.GetStoreAsync();
        var stored = Assert.Single(await store.GetCurrentTopicsAsync(CancellationToken.None), t => t.TopicId == topicId);
        Assert.Equal(name, stored.Name);

        // The save reloads the topics in the background, so the button is found and clicked on the renderer's thread, between renders.
        await page.InvokeAsync(() => page.FindAll(".topic-reset")[0].Click());
        page.WaitForAssertion(() => Assert.Equal(stored.Label, page.FindAll(".topic-name")[0].TextContent), LoadTimeout);
    }

    [Fact]
    public async Task NameInputShowsAutomaticLabel()
    {
        var page = Render<TopicsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tbody tr")), LoadTimeout);
        var topicId = int.Parse(page.FindAll("tbody tr")[0].GetAttribute("data-topic-id")!, CultureInfo.InvariantCulture);
        var store = await _database.GetStoreAsync();
        var label = Assert.Single(await store.GetCurrentTopicsAsync(CancellationToken.None), t => t.TopicId == topicId).Label;

        await page.InvokeAsync(() => page.FindAll(".topic-rename")[0].Click());

        var input = page.WaitForElement(".topic-name-input", LoadTimeout);
        Assert.Equal($"Empty: the automatic label, {label}", input.GetAttribute("placeholder"));
        Assert.Equal(TopicNames.MaxUtf16Length.ToString(CultureInfo.InvariantCulture), input.GetAttribute("maxlength"));
    }

    [Fact]
    public void RenameWithControlCharacterShowsError()
    {
        var page = Render<TopicsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tbody tr")), LoadTimeout);

        page.FindAll(".topic-rename")[1].Click();
        page.WaitForElement(".topic-name-input", LoadTimeout).Change("line\u0001break");
        page.Find("tbody form").Submit();

        page.WaitForAssertion(() => Assert.Contains("control character U+0001", page.Find("tbody [role='alert']").TextContent, StringComparison.Ordinal), LoadTimeout);
        Assert.Single(page.FindAll(".topic-name-input"));
    }

    protected override void Dispose(bool disposing)
    {
        _refit.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>The refit controls of the Topics page, on a database of their own because a refit replaces the current run.</summary>
public sealed class TopicsPageRefitTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(120);

    private JuneTopicDatabase? _database;
    private TopicRefitService? _refit;

    public async Task InitializeAsync()
    {
        _database = await JuneTopicDatabase.CreateAsync(new TopicModelOptions { TopicCount = 5 });
        var notifier = new CorpusChangeNotifier(NullLogger<CorpusChangeNotifier>.Instance);
        _refit = new TopicRefitService(_database.Provider, notifier, NullLoggerFactory.Instance);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddBootstrapBlazor();
        Services.AddSingleton(_database.Provider);
        Services.AddSingleton(notifier);
        Services.AddSingleton(_refit);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        _refit?.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task RefitButtonStoresNewRunAndReloads()
    {
        var store = await _database!.GetStoreAsync();
        var before = await store.GetCurrentModelRunAsync(CancellationToken.None);
        var page = Render<TopicsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tbody tr")), LoadTimeout);

        page.Find("#refit-count").Change("fixed");
        page.WaitForElement("#refit-number", LoadTimeout).Change("6");
        page.Find("#refit-start").Click();
        await _refit!.Completion;

        var after = await store.GetCurrentModelRunAsync(CancellationToken.None);
        Assert.Equal(TopicRefitStatus.Succeeded, _refit!.State.Status);
        Assert.NotEqual(before!.Id, after!.Id);
        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("tbody tr").Count), LoadTimeout);
        Assert.Contains($"Stored run {after.Id}: 6 topics", page.Find("[data-testid='refit-status']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefitProgressShowsReadableStage()
    {
        var page = Render<TopicsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tbody tr")), LoadTimeout);

        // Holds the fitting thread at the clustering report until the page has shown it. The page
        // subscribed first, so its handler has already run when this one blocks.
        using var atClustering = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        _refit!.Changed += () =>
        {
            if (_refit.State.Progress?.Detail == "Clustering papers" && !atClustering.IsSet)
            {
                atClustering.Set();
                release.Wait(LoadTimeout);
            }
        };

        page.Find("#refit-count").Change("fixed");
        page.WaitForElement("#refit-number", LoadTimeout).Change("6");
        page.Find("#refit-start").Click();
        try
        {
            page.WaitForAssertion(
                () =>
                {
                    var text = page.Find("[data-testid='refit-progress'] small").TextContent;
                    Assert.StartsWith("Fitting the topic model · ", text, StringComparison.Ordinal);
                    Assert.EndsWith("Clustering papers", text.TrimEnd(), StringComparison.Ordinal);
                },
                LoadTimeout);
        }
        finally
        {
            release.Set();
        }

        await _refit.Completion;
        Assert.True(atClustering.IsSet);
    }

    [Fact]
    public void OutOfRangeCountShowsError()
    {
        var page = Render<TopicsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tbody tr")), LoadTimeout);

        page.Find("#refit-count").Change("fixed");
        page.WaitForElement("#refit-number", LoadTimeout).Change("1");
        page.Find("#refit-start").Click();

        page.WaitForAssertion(() => Assert.Contains("out of range", page.Find("[data-testid='refit'] [role='alert']").TextContent, StringComparison.Ordinal), LoadTimeout);
        Assert.Equal(TopicRefitStatus.Idle, _refit!.State.Status);
    }
}
