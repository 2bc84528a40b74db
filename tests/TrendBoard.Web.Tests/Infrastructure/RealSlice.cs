using TrendBoard.Core.Analytics;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Storage;
using TrendBoard.Core.Topics;

namespace TrendBoard.Web.Tests.Infrastructure;

/// <summary>
/// A DuckDB file built through the real importer and store from the ten bundled Daily Papers
/// days in <c>TestData/hf-daily-papers</c>, with a model run that needs no topic model:
/// topic = (sum of the id's characters) mod <see cref="TopicCount"/>, keywords = the source keywords.
/// </summary>
/// <remarks>The expected values of the tests are computed from <see cref="Papers"/> in plain C#, independent of the SQL.</remarks>
public sealed class RealSlice : IAsyncLifetime
{
    public const int TopicCount = 4;

    /// <summary>The first Daily Papers day of the slice, a Monday.</summary>
    public static readonly DateOnly FirstDay = new(2026, 4, 6);

    /// <summary>The last Daily Papers day of the slice, a Friday.</summary>
    public static readonly DateOnly LastDay = new(2026, 4, 17);

    /// <summary>The one paper listed on two days, with 2 upvotes on 2026-04-10 and 42 on 2026-04-16.</summary>
    public const string RepeatedPaperId = "2604.07429";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "trendboard-web-slice-" + Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(_folder, "trendboard.duckdb");

    /// <summary>The merged papers as the store keeps them: one per id, latest fields, earliest featured day, latest upvote count.</summary>
    public IReadOnlyList<PaperRecord> Papers { get; private set; } = [];

    public TrendStore Store { get; private set; } = default!;

    public TrendAnalytics Analytics { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var folder = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-daily-papers");
        var files = Directory.GetFiles(folder, "*.json.gz").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(10, files.Count);

        Store = await TrendStore.OpenAsync(DatabasePath, logger: null, CancellationToken.None);
        var records = new List<(PaperRecord Record, int FileIndex)>();
        for (var i = 0; i < files.Count; i++)
        {
            var parsed = await PaperFileReader.ReadAsync(files[i], CancellationToken.None);
            Assert.Empty(parsed.Rejects);
            records.AddRange(parsed.Papers.Select(paper => (paper, i)));
            await Store.ImportAsync(parsed, CancellationToken.None);
        }

        Papers = Merge(records);
        await Store.SaveModelRunAsync(ModelRun(Papers), "web-slice", CancellationToken.None);
        Analytics = new TrendAnalytics(Store);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open cannot always be deleted; the folder then stays in the temp directory.
        }
    }

    public static int TopicOf(string paperId) => paperId.Sum(c => c) % TopicCount;

    public static string LabelOf(int topicId) => $"slice topic {topicId}";

    public static IReadOnlyList<string> KeywordsOf(PaperRecord paper) => paper.SourceKeywords.Distinct(StringComparer.Ordinal).ToList();

    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>Papers whose featured day lies in the range.</summary>
    public IReadOnlyList<PaperRecord> FeaturedIn(DateOnly from, DateOnly to) =>
        Papers.Where(paper => paper.FeaturedOn is DateOnly day && day >= from && day <= to).ToList();

    /// <summary>The view of the whole slice on the featured basis, where every paper has a day inside it.</summary>
    internal static global::TrendBoard.Web.ViewState.DashboardView SliceView(TimeBin bin = TimeBin.Week) => new(FirstDay, LastDay, bin, DateBasis.Featured, null);

    /// <summary>Merges the records of each id like the store: latest fields, earliest featured day, latest upvote count (higher on a tie).</summary>
    private static List<PaperRecord> Merge(List<(PaperRecord Record, int FileIndex)> records) =>
        records
            .GroupBy(record => record.Record.Id)
            .Select(group =>
            {
                var latest = group
                    .OrderBy(record => record.Record.Upvote?.ObservedOn ?? record.Record.FeaturedOn ?? record.Record.PublishedOn)
                    .ThenBy(record => record.FileIndex)
                    .Last()
                    .Record;
                var upvote = group.Select(record => record.Record.Upvote)
                    .Where(observation => observation is not null)
                    .OrderBy(observation => observation!.ObservedOn)
                    .ThenBy(observation => observation!.Upvotes)
                    .LastOrDefault();
                var featured = group.Select(record => record.Record.FeaturedOn).Where(day => day is not null).Min();
                return latest with { FeaturedOn = featured, Upvote = upvote };
            })
            .ToList();

    private static TopicModelResult ModelRun(IReadOnlyList<PaperRecord> papers)
    {
        var topics = Enumerable.Range(0, TopicCount)
            .Select(id => new TopicInfo(id, LabelOf(id), papers.Count(paper => TopicOf(paper.Id) == id), [new TopicTerm(1, $"term{id}a", 0.9), new TopicTerm(2, $"term{id}b", 0.5)]))
            .ToList();

        return new TopicModelResult(
            new TopicModelOptions { TopicCount = TopicCount },
            topics,
            papers.Select(paper => new TopicAssignment(paper.Id, TopicOf(paper.Id), 1.0)).ToList(),
            papers.SelectMany(paper => KeywordsOf(paper).Select(keyword => new PaperKeyword(paper.Id, keyword, 1.0))).ToList(),
            new Dictionary<string, double>(),
            "id-hash");
    }
}
