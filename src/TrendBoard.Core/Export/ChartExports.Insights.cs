using TrendBoard.Core.Analytics;

namespace TrendBoard.Core.Export;

/// <summary>Row mappings of the keyword change, upvote detail, topic shift, drill-down and summary exports.</summary>
public static partial class ChartExports
{
    /// <summary>Maps a keyword change report to one row per pair, each repeating the two periods.</summary>
    public static ExportTable ToTable(KeywordChangeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);

        return new ExportTable(
            KeywordChangeColumns,
            report.Pairs.Select(pair => (IReadOnlyList<object?>)
                [
                    report.PeriodA.From, report.PeriodA.To, report.PeriodPapersA,
                    report.PeriodB.From, report.PeriodB.To, report.PeriodPapersB,
                    pair.KeywordA, pair.KeywordB,
                    pair.PapersA, pair.ShareA, pair.DiceA, pair.NpmiA,
                    pair.PapersB, pair.ShareB, pair.DiceB, pair.NpmiB,
                    Name(pair.Status),
                ])
                .ToList());
    }

    /// <summary>
    /// Maps upvote details to one row per top paper; a topic and bin without upvoted papers gets
    /// one row whose paper columns are empty.
    /// </summary>
    public static ExportTable ToTable(IReadOnlyList<TopicUpvoteDetail> details)
    {
        ArgumentNullException.ThrowIfNull(details);

        var rows = new List<IReadOnlyList<object?>>();
        foreach (var detail in details)
        {
            object?[] group = [detail.BinStart, detail.TopicId, detail.TopicLabel, detail.Papers, detail.PapersWithCount, detail.PapersUpvoted, detail.Partial];
            if (detail.TopPapers.Count == 0)
            {
                rows.Add([.. group, null, null, null, null, null]);
                continue;
            }

            foreach (var paper in detail.TopPapers)
            {
                rows.Add([.. group, paper.Rank, paper.PaperId, paper.Title, paper.Upvotes, LinkOf(paper.PaperId)]);
            }
        }

        return new ExportTable(UpvoteDetailColumns, rows);
    }

    /// <summary>Maps upvote growth to one row per paper, keeping the query's order.</summary>
    public static ExportTable ToTable(IReadOnlyList<PaperUpvoteGrowth> growth)
    {
        ArgumentNullException.ThrowIfNull(growth);

        return new ExportTable(
            UpvoteGrowthColumns,
            growth.Select(g => (IReadOnlyList<object?>)
                [
                    g.PaperId, g.Title, g.TopicId, g.TopicLabel, g.FirstObservedOn, g.FirstUpvotes,
                    g.LastObservedOn, g.LastUpvotes, g.ObservedDays, g.Delta, g.PerDay, LinkOf(g.PaperId),
                ])
                .ToList());
    }

    /// <summary>Maps a topic shift report to one row per topic; <c>top_paper_ids</c> joins the ids with spaces.</summary>
    public static ExportTable ToTable(TopicShiftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);

        var test = report.Test == ProportionTest.FisherExact ? "fisher_exact" : "two_proportion_z";
        return new ExportTable(
            TopicShiftColumns,
            report.Topics.Select(t => (IReadOnlyList<object?>)
                [
                    t.TopicId, t.TopicLabel,
                    report.Recent?.From, report.Recent?.To, t.RecentPapers, report.RecentTotal, t.RecentShare,
                    report.Baseline?.From, report.Baseline?.To, t.BaselinePapers, report.BaselineTotal, t.BaselineShare,
                    t.ShareRatio, t.ShareDifference, t.ZScore, t.PValue, t.QValue, test, Name(t.Status),
                    string.Join(' ', t.TopPapers.Select(p => p.PaperId)),
                ])
                .ToList());
    }

    /// <summary>Maps a page of papers to one row per paper; <c>total</c> repeats the count of all matching papers.</summary>
    public static ExportTable ToTable(PaperPage page)
    {
        ArgumentNullException.ThrowIfNull(page);

        return new ExportTable(
            PaperColumns,
            page.Papers.Select(p => (IReadOnlyList<object?>)
                [p.PaperId, p.Title, p.PublishedOn, p.FeaturedOn, p.Upvotes, p.TopicId, p.TopicLabel, p.Url, page.Total])
                .ToList());
    }

    /// <summary>Maps topic summaries to one row per topic; <c>top_terms</c> joins the terms with "; ".</summary>
    public static ExportTable ToTable(TopicSummaryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);

        return new ExportTable(
            TopicSummaryColumns,
            report.Topics.Select(t => (IReadOnlyList<object?>)
                [
                    t.TopicId, t.TopicLabel, t.Size, t.Papers, string.Join("; ", t.TopTerms.Select(term => term.Term)),
                    t.FirstPaperOn, t.LastPaperOn,
                    report.Recent?.From, report.Recent?.To, t.RecentPapers, t.RecentShare,
                    report.Earlier?.From, report.Earlier?.To, t.EarlierPapers, t.EarlierShare,
                    t.Growth, string.Join(' ', t.TopPapers.Select(p => p.PaperId)),
                ])
                .ToList());
    }

    /// <summary>Returns the keyword change settings of an export query.</summary>
    public static KeywordChangeOptions ToKeywordChangeOptions(ChartExportQuery query) => new()
    {
        PeriodA = query.PeriodA,
        PeriodB = query.PeriodB,
        MinPapers = query.MinPapers,
        Limit = query.Limit,
        GrowthRatio = query.GrowthRatio,
    };

    /// <summary>Returns the topic shift settings of an export query.</summary>
    public static TopicShiftOptions ToTopicShiftOptions(ChartExportQuery query) => new()
    {
        RecentWeeks = query.RecentWeeks,
        BaselineWeeks = query.BaselineWeeks,
        Alpha = query.Alpha,
        Test = query.Test,
        TopPapers = query.TopPapers,
    };

    /// <summary>Returns the drill-down point, sort and page of an export query.</summary>
    public static PaperDrillDown ToDrillDown(ChartExportQuery query) => new()
    {
        TopicId = query.TopicId,
        BinStart = query.BinStart,
        Keywords = query.PointKeywords,
        SortBy = query.SortBy,
        Descending = query.Descending,
        Offset = query.Offset,
        Limit = query.Limit,
    };

    /// <summary>Returns the lower-case name of a status, as the exports write it.</summary>
    private static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    private static string? LinkOf(string paperId) => PaperLinks.TryGetPaperUrl(paperId, out var url) ? url : null;
}
