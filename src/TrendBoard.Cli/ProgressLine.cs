using System.Globalization;
using TrendBoard.Core.Pipeline;

namespace TrendBoard.Cli;

/// <summary>
/// Writes pipeline progress to standard error as plain lines, at most one per whole percent
/// and stage, so progress stays readable in logs and terminals alike.
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
    private string? _lastDetail;
    private int _lastPercent = -1;

    public void Report(PipelineProgress value)
    {
        var percent = (int)Math.Floor(value.Fraction * 100);
        lock (_gate)
        {
            var sameDetail = !everyDetail || value.Detail == _lastDetail;
            if (value.Stage == _lastStage && percent == _lastPercent && sameDetail)
            {
                return;
            }

            _lastStage = value.Stage;
            _lastPercent = percent;
            _lastDetail = value.Detail;
            var detail = value.Detail is null ? string.Empty : $" {value.Detail}";
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{value.Stage}] {percent,3}%{detail}"));
        }
    }
}
