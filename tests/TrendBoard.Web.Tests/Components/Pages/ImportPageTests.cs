using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using TrendBoard.Core.Import;
using TrendBoard.Web.Components.Pages.Import;
using TrendBoard.Web.Imports;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Components.Pages;

public sealed class ImportPageTests : BunitContext, IAsyncLifetime
{
    /// <summary>How long to wait for the real import; generous because test classes run in parallel.</summary>
    private static readonly TimeSpan ImportTimeout = TimeSpan.FromSeconds(60);

    private ImportServices? _services;

    private ImportServices Imports => _services ?? throw new InvalidOperationException("Call RenderPage first.");

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_services is not null)
        {
            await Imports.DisposeAsync();
        }
    }

    [Fact]
    public void IdlePageShowsFormWithEveryFormat()
    {
        var page = RenderPage();

        var options = page.FindAll("#import-format option").Select(option => option.GetAttribute("value")).ToList();
        Assert.Equal(["", .. PaperFileReader.FormatNames], options);
        Assert.NotNull(page.Find("#import-capture-date"));
        Assert.True(page.Find("#import-start").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("[role=progressbar]"));
        Assert.Empty(page.FindAll("[data-testid=import-report]"));
        Assert.Empty(page.FindAll(".alert"));
    }

    [Fact]
    public void PrerenderedPageDisablesFileInput()
    {
        var page = RenderPage(interactive: false);

        Assert.True(page.Find("#import-files").HasAttribute("disabled"));
    }

    [Fact]
    public async Task RunningUploadShowsProgressAndCancel()
    {
        var page = RenderPage();
        Assert.True(Imports.Service.TryBegin(new ImportRequest(null, null), 4000, out var job, out _));

        // Another page streams the first half of the declared bytes.
        await Imports.Service.AddUploadAsync(job, "2024-05-27.json", 2000, null, new MemoryStream(new byte[2000]), CancellationToken.None);

        page.WaitForAssertion(() =>
        {
            var bar = page.Find("[role=progressbar]");
            Assert.Equal("50", bar.GetAttribute("aria-valuenow"));
            Assert.Contains("Uploading", page.Find("[data-testid=import-progress-text]").TextContent, StringComparison.Ordinal);
            Assert.Contains("2024-05-27.json", page.Find("[data-testid=import-progress-text]").TextContent, StringComparison.Ordinal);
        });
        // The form is hidden, not removed, because the browser still reads the chosen files through its input.
        Assert.Contains("d-none", page.Find("[data-testid=import-form]").ClassList);
        Assert.Single(page.FindAll("#import-files"));

        page.Find("#import-cancel").Click();

        Assert.True(job.CancellationToken.IsCancellationRequested);
        Imports.Service.AbandonUpload(job, ImportJobStatus.Cancelled, "The upload was cancelled, so nothing was imported.");
        page.WaitForAssertion(() =>
        {
            Assert.NotNull(page.Find("#import-files"));
            Assert.Contains("The upload was cancelled", page.Find("[data-testid=import-job-error]").TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void WrongFormatShowsReportWithCappedRejects()
    {
        var json = RealData.Gunzip(RealData.DailyPapersPath);
        var nonBlankLines = System.Text.Encoding.UTF8.GetString(json).Split('\n').Count(line => !string.IsNullOrWhiteSpace(line));
        var page = RenderPage();

        page.Find("#import-format").Change(ArxivListingJsonlFormat.FormatName);
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(json, "2024-05-27.json"));
        page.Find("#import-start").Click();

        page.WaitForAssertion(() => Assert.Contains("Finished", page.Find("[data-testid=import-report]").TextContent, StringComparison.Ordinal), ImportTimeout);
        var row = page.Find("[data-file-row]");
        Assert.Contains("2024-05-27.json", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(ArxivListingJsonlFormat.FormatName, row.TextContent, StringComparison.Ordinal);
        Assert.Equal(Count(nonBlankLines), row.QuerySelector("[data-count=rejected]")!.TextContent);
        Assert.Equal("0", row.QuerySelector("[data-count=read]")!.TextContent);
        Assert.Equal(ImportJob.MaxRejectsShown, page.FindAll(".import-rejects tbody tr").Count);
        Assert.Contains(
            $"{Count(nonBlankLines - ImportJob.MaxRejectsShown)} more rejects are not listed",
            page.Find("[data-testid=rejects-not-shown]").TextContent,
            StringComparison.Ordinal);
        Assert.NotNull(page.Find("#import-files"));
    }

    [Fact]
    public async Task FinishedImportShowsCountsAndCaptureDate()
    {
        var text = await File.ReadAllBytesAsync(RealData.TestDataPath("language-model-pretraining.txt"));
        var page = RenderPage();

        page.Find("#import-capture-date").Change("2025-12-20");
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(text, "language-model-pretraining.txt"));
        page.Find("#import-start").Click();

        page.WaitForAssertion(() => Assert.Contains("Finished", page.Find("[data-testid=import-report]").TextContent, StringComparison.Ordinal), ImportTimeout);
        var store = await Imports.StoreProvider.GetStoreAsync(CancellationToken.None);
        var stored = await store.CountPapersAsync(CancellationToken.None);
        var row = page.Find("[data-file-row]");
        Assert.True(stored > 0, "The search page stored no paper.");
        Assert.Equal(Count(stored), row.QuerySelector("[data-count=new]")!.TextContent);
        Assert.Contains("2025-12-20, the capture date given", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(HfSearchTextFormat.FormatName, row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void TooLargeFileShowsError()
    {
        var page = RenderPage(maxUploadBytes: 1024);

        page.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromText("[]", "small.json"),
            InputFileContent.CreateFromBinary(new byte[4096], "big.json.gz"));

        var error = page.Find("[data-testid=import-error]").TextContent;
        Assert.Contains("'big.json.gz'", error, StringComparison.Ordinal);
        Assert.Contains("1 KiB (1,024 bytes)", error, StringComparison.Ordinal);
        Assert.True(page.Find("#import-start").HasAttribute("disabled"));
        Assert.Null(Imports.Service.CurrentJob);
    }

    [Fact]
    public void HostileFileNameIsShownAsText()
    {
        var page = RenderPage();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("[]", "<img src=x onerror=alert(1)>.json"));

        Assert.Contains("<img src=x onerror=alert(1)>.json", page.Find("[data-testid=selected-files]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=selected-files] img"));
    }

    [Fact]
    public void FutureCaptureDateIsRejected()
    {
        var page = RenderPage();

        page.Find("#import-capture-date").Change("2999-01-01");
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("[]", "2024-05-27.json"));
        page.Find("#import-start").Click();

        Assert.Contains("2999-01-01 is in the future", page.Find("[data-testid=import-error]").TextContent, StringComparison.Ordinal);
        Assert.Null(Imports.Service.CurrentJob);
    }

    [Fact]
    public void UnknownFormatValueShowsError()
    {
        var page = RenderPage();

        page.Find("#import-format").Change("<b>no-such-format</b>");
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("[]", "2024-05-27.json"));
        page.Find("#import-start").Click();

        var error = page.Find("[data-testid=import-error]");
        Assert.Contains("'<b>no-such-format</b>' is not a paper file format", error.TextContent, StringComparison.Ordinal);
        Assert.Empty(error.QuerySelectorAll("b"));
        Assert.Null(Imports.Service.CurrentJob);
    }

    [Fact]
    public async Task CsvColumnInputsMapHeaders()
    {
        var (csv, papers) = RenamedColumnsCsv();
        var page = RenderPage();

        page.Find("#import-csv-title").Change("paper name");
        page.Find("#import-csv-abstract").Change("Summary Text");
        page.Find("#import-csv-date").Change("Day Listed");
        page.Find("#import-csv-upvotes").Change("Score");
        page.Find("#import-csv-id").Change("Identifier");
        page.Find("#import-csv-delimiter").Change(";");
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(csv, "renamed-columns.csv"));
        page.Find("#import-start").Click();

        page.WaitForAssertion(() => Assert.Contains("Finished", page.Find("[data-testid=import-report]").TextContent, StringComparison.Ordinal), ImportTimeout);
        var row = page.Find("[data-file-row]");
        Assert.Equal(Count(papers.Count), row.QuerySelector("[data-count=new]")!.TextContent);
        Assert.Equal("0", row.QuerySelector("[data-count=rejected]")!.TextContent);
        var store = await Imports.StoreProvider.GetStoreAsync(CancellationToken.None);
        foreach (var (id, title, published) in papers)
        {
            var stored = await store.GetPaperAsync(id, CancellationToken.None);
            Assert.NotNull(stored);
            Assert.Equal(string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), stored.Title);
            Assert.Equal(published, stored.PublishedOn);
            Assert.False(stored.DateUncertain);
        }
    }

    [Fact]
    public void MissingDateNoticeNamesPageInputs()
    {
        var page = RenderPage();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("title,abstract\nFirst paper,One.\nSecond paper,Two.\n", "titles.csv"));
        page.Find("#import-start").Click();

        page.WaitForAssertion(() => Assert.Contains("Finished", page.Find("[data-testid=import-report]").TextContent, StringComparison.Ordinal), ImportTimeout);
        var notice = page.Find("[data-file-row]").TextContent;
        Assert.Contains("no date column", notice, StringComparison.Ordinal);
        Assert.Contains("marked as an estimate", notice, StringComparison.Ordinal);
        Assert.Contains("in the Date column box under CSV columns on the Import page", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("--csv-column", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("DateUncertain", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void DetectedDateColumnIsNoEstimate()
    {
        var page = RenderPage();

        page.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromText("title,abstract,published\nFirst paper,One.,2025-01-02\nSecond paper,Two.,2025-01-03\n", "dated.csv"));
        page.Find("#import-start").Click();

        page.WaitForAssertion(() => Assert.Contains("Finished", page.Find("[data-testid=import-report]").TextContent, StringComparison.Ordinal), ImportTimeout);
        var captureDate = page.Find("[data-file-row] [data-field=capture-date]").TextContent;
        Assert.Contains("the upload day", captureDate, StringComparison.Ordinal);
        Assert.DoesNotContain("(an estimate", captureDate, StringComparison.Ordinal);
        Assert.Contains("none is an estimate", captureDate, StringComparison.Ordinal);
    }

    [Fact]
    public void MappedDateColumnIsNoEstimate()
    {
        var (csv, papers) = RenamedColumnsCsv();
        var page = RenderPage();

        page.Find("#import-csv-title").Change("Paper Name");
        page.Find("#import-csv-date").Change("Day Listed");
        page.Find("#import-csv-delimiter").Change(";");
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(csv, "renamed-columns.csv"));
        page.Find("#import-start").Click();

        page.WaitForAssertion(() => Assert.Contains("Finished", page.Find("[data-testid=import-report]").TextContent, StringComparison.Ordinal), ImportTimeout);
        Assert.Equal(Count(papers.Count), page.Find("[data-file-row] [data-count=read]").TextContent);
        var captureDate = page.Find("[data-file-row] [data-field=capture-date]").TextContent;
        Assert.DoesNotContain("(an estimate", captureDate, StringComparison.Ordinal);
        Assert.Contains("none is an estimate", captureDate, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingDateColumnIsEstimate()
    {
        var page = RenderPage();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("title,abstract\nFirst paper,One.\nSecond paper,Two.\n", "titles.csv"));
        page.Find("#import-start").Click();

        page.WaitForAssertion(() => Assert.Contains("Finished", page.Find("[data-testid=import-report]").TextContent, StringComparison.Ordinal), ImportTimeout);
        var captureDate = page.Find("[data-file-row] [data-field=capture-date]").TextContent;
        Assert.Contains("the upload day", captureDate, StringComparison.Ordinal);
        Assert.Contains("an estimate for the 2 papers dated by it", captureDate, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingMappedColumnErrorNamesPageInput()
    {
        var page = RenderPage();

        page.Find("#import-csv-title").Change("Headline");
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("title,abstract\nFirst paper,One.\n", "titles.csv"));
        page.Find("#import-start").Click();

        page.WaitForAssertion(() => Assert.Contains("Finished", page.Find("[data-testid=import-report]").TextContent, StringComparison.Ordinal), ImportTimeout);
        var report = page.Find("[data-testid=import-report]").TextContent;
        Assert.Contains("the title column 'Headline' named in the CSV options is not in the header ('title', 'abstract')", report, StringComparison.Ordinal);
        Assert.Contains("in the Title column box under CSV columns on the Import page", report, StringComparison.Ordinal);
        Assert.DoesNotContain("--csv-column", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("\"")]
    public void InvalidDelimiterDisablesImport(string delimiter)
    {
        var page = RenderPage();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("title\nFirst paper\n", "titles.csv"));

        page.Find("#import-csv-delimiter").Change(delimiter);

        Assert.Contains($"The delimiter '{delimiter}' is not valid", page.Find("[data-testid=csv-error]").TextContent, StringComparison.Ordinal);
        Assert.True(page.Find("#import-start").HasAttribute("disabled"));

        page.Find("#import-csv-delimiter").Change("tab");

        Assert.Empty(page.FindAll("[data-testid=csv-error]"));
        Assert.False(page.Find("#import-start").HasAttribute("disabled"));
    }

    [Fact]
    public void DelimiterErrorIsNotCollapsed()
    {
        var page = RenderPage();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("title\nFirst paper\n", "titles.csv"));
        Assert.False(page.Find("[data-testid=csv-columns]").HasAttribute("open"));

        page.Find("#import-csv-delimiter").Change("ab");

        var error = page.Find("[data-testid=csv-error]");
        Assert.Contains("The delimiter 'ab' is not valid", error.TextContent, StringComparison.Ordinal);
        Assert.Null(error.Closest("details"));
        Assert.True(page.Find("[data-testid=csv-columns]").HasAttribute("open"));

        // Fixing the delimiter leaves the section open, so the box being edited does not collapse.
        page.Find("#import-csv-delimiter").Change(";");

        Assert.Empty(page.FindAll("[data-testid=csv-error]"));
        Assert.True(page.Find("[data-testid=csv-columns]").HasAttribute("open"));
    }

    /// <summary>
    /// Returns the papers of a bundled Daily Papers file as CSV text with ';' between fields and
    /// headers that the usual names do not match, and each paper's id, title and publication day.
    /// </summary>
    private static (string Csv, List<(string Id, string Title, DateOnly Published)> Papers) RenamedColumnsCsv()
    {
        using var json = System.Text.Json.JsonDocument.Parse(RealData.Gunzip(RealData.DailyPapersPath));
        var lines = new List<string> { "Identifier;Paper Name;Summary Text;Day Listed;Score" };
        var papers = new List<(string Id, string Title, DateOnly Published)>();
        foreach (var item in json.RootElement.EnumerateArray())
        {
            var paper = item.GetProperty("paper");
            var id = paper.GetProperty("id").GetString()!;
            var title = paper.GetProperty("title").GetString()!;
            var published = DateOnly.FromDateTime(paper.GetProperty("publishedAt").GetDateTime().ToUniversalTime());
            var upvotes = paper.GetProperty("upvotes").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
            lines.Add(string.Join(';', Quote(id), Quote(title), Quote(paper.GetProperty("summary").GetString()!), published.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), upvotes));
            papers.Add((id, title, published));
        }

        return (string.Join('\n', lines) + "\n", papers);

        static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Renders the page over new import services with the given upload limit, or the app's default.</summary>
    private IRenderedComponent<ImportPage> RenderPage(long? maxUploadBytes = null, bool interactive = true)
    {
        _services = ImportServices.Create(maxUploadBytes);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddBootstrapBlazor();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(Imports.Service);
        SetRendererInfo(new RendererInfo(interactive ? "Server" : "Static", isInteractive: interactive));
        return Render<ImportPage>();
    }

    private static string Count(int value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
