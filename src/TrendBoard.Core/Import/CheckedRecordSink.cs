using TrendBoard.Core.Papers;

namespace TrendBoard.Core.Import;

/// <summary>
/// Passes papers on to another sink after the checks that hold for every format: an id and a
/// title, no day in the future and no negative upvote count. A paper that fails becomes a reject
/// at its position.
/// </summary>
internal sealed class CheckedRecordSink(IPaperRecordSink inner, PaperParseContext context) : IPaperRecordSink
{
    public void AddPaper(PaperRecord paper, string position)
    {
        var problem = FindProblem(paper);
        if (problem is null)
        {
            inner.AddPaper(paper, position);
        }
        else
        {
            inner.AddReject(context.Reject(position, problem));
        }
    }

    public void AddReject(ImportReject reject) => inner.AddReject(reject);

    public void AddNotice(string notice) => inner.AddNotice(notice);

    private string? FindProblem(PaperRecord paper)
    {
        if (string.IsNullOrWhiteSpace(paper.Id))
        {
            return "the paper has no id; the record was skipped";
        }

        if (string.IsNullOrWhiteSpace(paper.Title))
        {
            return $"paper {paper.Id} has no title; the record was skipped";
        }

        var latest = context.LatestValidDay;
        if (paper.PublishedOn > latest)
        {
            return FutureReason("publication day", paper.PublishedOn);
        }

        if (paper.FeaturedOn is { } featured && featured > latest)
        {
            return FutureReason("featured day", featured);
        }

        if (paper.Upvote is { } upvote && upvote.ObservedOn > latest)
        {
            return FutureReason("upvote observation day", upvote.ObservedOn);
        }

        if (paper.Upvote is { Upvotes: < 0 } negative)
        {
            return $"the upvote count is {negative.Upvotes}, but an upvote count cannot be negative; the record was skipped";
        }

        return null;
    }

    private string FutureReason(string what, DateOnly day) =>
        $"the {what} {Days.Iso(day)} is in the future (the clock says {Days.Iso(DateOnly.FromDateTime(context.Now.UtcDateTime))} UTC); "
        + "the record was skipped. Check the date in the source, or the computer's clock";
}
