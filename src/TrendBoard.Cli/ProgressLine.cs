using System.Diagnostics;
using System.Globalization;
using TrendBoard.Core.Pipeline;

namespace TrendBoard.Cli;

/// <summary>
/// Writes pipeline progress to standard error as plain lines: one per whole percent and stage,
/// and within a percent at most one per second when the detail changes (such as the records
/// stored of a large file), so progress stays readable in logs and terminals alike.
/// </summary>
/// <param name="error">The writer for the lines.</param>
/// <param name="everyDetail">
/// Also writes a report whose percent is unchanged when its detail differs from the last one, for
/// stages whose every step matters to the reader, such as one line per fetched day.
/// </param>
internal sealed class ProgressLine(TextWriter error, bool everyDetail = false) : IProgress<PipelineProgress>
{
    private readonly Lock _gate = new();
    private string? _lastStage;
    private int _lastPercent = -1;
    private string? _lastDetail;
    private long _lastWrittenAt;

    public void Report(PipelineProgress value)
    {
        var percent = (int)Math.Floor(value.Fraction * 100);
        lock (_gate)
        {
            var samePercent = value.Stage == _lastStage && percent == _lastPercent;
            var detailChanged = value.Detail != _lastDetail;
            var detailIsDue = detailChanged && (everyDetail || Stopwatch.GetElapsedTime(_lastWrittenAt) >= TimeSpan.FromSeconds(1));
            if (samePercent && !detailIsDue)
            {
                return;
            }

            _lastWrittenAt = Stopwatch.GetTimestamp();
            _lastStage = value.Stage;
            _lastPercent = percent;
            _lastDetail = value.Detail;
            var detail = value.Detail is null ? string.Empty : $" {value.Detail}";
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ProgressLabels.ForStage(value.Stage)}: {percent,3}%{detail}"));
        }
    }
}
