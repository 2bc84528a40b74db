using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Topics;
using TrendBoard.Web.ViewState;

namespace TrendBoard.Web.Components.Dashboard;

/// <summary>
/// The filters of the dashboard: date range, bin, date basis, the chosen topic and the keyword
/// filter that every panel applies.
/// Emits a new <see cref="DashboardView"/> for every valid change and shows an error instead of
/// emitting an inverted range.
/// </summary>
public sealed partial class FilterBar
{
    /// <summary>Quick ranges, counted back from the corpus's last day.</summary>
    internal static readonly IReadOnlyList<RangePreset> Presets =
    [
        new("4w", "Last 4 weeks", Days: 28),
        new("3m", "Last 3 months", Months: 3),
        new("12m", "Last 12 months", Months: 12),
        new("all", "All"),
    ];

    private DashboardView? _shownView;
    private string _fromText = string.Empty;
    private string _toText = string.Empty;
    private string? _error;
    private string? _keywordText;

    /// <summary>The view the filters show.</summary>
    [Parameter, EditorRequired]
    public DashboardView View { get; set; } = default!;

    /// <summary>First day of the corpus, the start of the "All" range.</summary>
    [Parameter, EditorRequired]
    public DateOnly CorpusFrom { get; set; }

    /// <summary>Last day of the corpus, the end of every quick range.</summary>
    [Parameter, EditorRequired]
    public DateOnly CorpusTo { get; set; }

    /// <summary>Topics offered for the keyword chart.</summary>
    [Parameter]
    public IReadOnlyList<TopicInfo> Topics { get; set; } = [];

    /// <summary>Raised with the new view after a valid change.</summary>
    [Parameter]
    public EventCallback<DashboardView> ViewChanged { get; set; }

    private string TopicValue => View.Topic?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    protected override void OnParametersSet()
    {
        if (View == _shownView)
        {
            return;
        }

        // A new view from outside (URL change, reload) replaces whatever the inputs show.
        _shownView = View;
        _fromText = QueryParameters.FormatDate(View.From);
        _toText = QueryParameters.FormatDate(View.To);
        _error = null;
    }

    private Task OnFromChangedAsync(ChangeEventArgs change)
    {
        _fromText = change.Value?.ToString() ?? string.Empty;
        return EmitRangeAsync();
    }

    private Task OnToChangedAsync(ChangeEventArgs change)
    {
        _toText = change.Value?.ToString() ?? string.Empty;
        return EmitRangeAsync();
    }

    private Task OnBinChangedAsync(ChangeEventArgs change)
    {
        var bin = TryRead(() => QueryParameters.ParseBin(QueryParameters.Bin, change.Value?.ToString()));
        return bin is null ? Task.CompletedTask : EmitAsync(View with { Bin = bin.Value });
    }

    private Task OnBasisChangedAsync(ChangeEventArgs change)
    {
        var basis = TryRead(() => QueryParameters.ParseBasis(QueryParameters.Basis, change.Value?.ToString()));
        return basis is null ? Task.CompletedTask : EmitAsync(View with { Basis = basis.Value });
    }

    private Task OnTopicChangedAsync(ChangeEventArgs change)
    {
        var text = change.Value?.ToString();
        var topic = TryRead(() => QueryParameters.ParseTopicId(QueryParameters.Topic, text));
        return topic is null && !string.IsNullOrEmpty(text) ? Task.CompletedTask : EmitAsync(View with { Topic = topic });
    }

    private Task OnMatchChangedAsync(ChangeEventArgs change)
    {
        var match = TryRead(() => QueryParameters.ParseMatch(QueryParameters.Match, change.Value?.ToString()));
        return match is null ? Task.CompletedTask : EmitAsync(View with { Match = match.Value });
    }

    private Task OnKeywordKeyAsync(KeyboardEventArgs args) => args.Key == "Enter" ? AddKeywordAsync() : Task.CompletedTask;

    private Task AddKeywordAsync()
    {
        var keyword = _keywordText?.Trim();
        if (string.IsNullOrEmpty(keyword))
        {
            return Task.CompletedTask;
        }

        if (keyword.Length > QueryParameters.MaxKeywordLength)
        {
            _error = $"A keyword can have at most {QueryParameters.MaxKeywordLength} characters.";
            return Task.CompletedTask;
        }

        if (View.Keywords.Count >= TrendFilter.MaxKeywords && !View.Keywords.Contains(keyword, StringComparer.Ordinal))
        {
            _error = $"The keyword filter takes at most {TrendFilter.MaxKeywords} keywords; remove one first.";
            return Task.CompletedTask;
        }

        _keywordText = null;
        return EmitAsync(View with { Keywords = new KeywordList([.. View.Keywords, keyword]) });
    }

    private Task RemoveKeywordAsync(string keyword) =>
        EmitAsync(View with { Keywords = new KeywordList(View.Keywords.Where(kept => !string.Equals(kept, keyword, StringComparison.Ordinal))) });

    private Task OnPresetAsync(RangePreset preset)
    {
        var (from, to) = preset.Resolve(CorpusFrom, CorpusTo);
        _fromText = QueryParameters.FormatDate(from);
        _toText = QueryParameters.FormatDate(to);
        return EmitRangeAsync();
    }

    private Task EmitRangeAsync()
    {
        var from = ParseInput(_fromText);
        var to = ParseInput(_toText);
        if (from is null || to is null)
        {
            _error = "Enter both dates as YYYY-MM-DD.";
            return Task.CompletedTask;
        }

        if (from > to)
        {
            _error = $"The start date {QueryParameters.FormatDate(from.Value)} is after the end date {QueryParameters.FormatDate(to.Value)}; choose an earlier start or a later end.";
            return Task.CompletedTask;
        }

        return EmitAsync(View with { From = from.Value, To = to.Value });
    }

    private Task EmitAsync(DashboardView view)
    {
        _error = null;
        return view == View ? Task.CompletedTask : ViewChanged.InvokeAsync(view);
    }

    private static DateOnly? ParseInput(string text) => TryRead(() => QueryParameters.ParseDate(QueryParameters.From, text));

    /// <summary>Returns null for a value the browser should never send, such as an option that the select does not offer.</summary>
    private static T? TryRead<T>(Func<T?> parse)
        where T : struct
    {
        try
        {
            return parse();
        }
        catch (InvalidQueryParameterException)
        {
            return null;
        }
    }

    /// <summary>A quick range that ends on the corpus's last day and starts a number of days or months earlier.</summary>
    internal sealed record RangePreset(string Key, string Label, int Days = 0, int Months = 0)
    {
        /// <summary>Returns the range, clipped to start no earlier than the corpus; "All" has neither days nor months.</summary>
        public (DateOnly From, DateOnly To) Resolve(DateOnly corpusFrom, DateOnly corpusTo)
        {
            if (Days == 0 && Months == 0)
            {
                return (corpusFrom, corpusTo);
            }

            var from = corpusTo.AddMonths(-Months).AddDays(-Days).AddDays(1);
            return (from < corpusFrom ? corpusFrom : from, corpusTo);
        }
    }
}
