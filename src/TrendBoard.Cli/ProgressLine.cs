using System.Globalization;
using TrendBoard.Core.Pipeline;

namespace TrendBoard.Cli;

/// <summary>
/// Writes pipeline progress to standard error as plain lines, at most one per whole percent
/// and stage, so progress stays readable in logs and terminals alike.
/// </summary>
internal sealed class ProgressLine(TextWriter error) : IProgress<PipelineProgress>
{
    private readonly Lock _gate = new();
    private string? _lastStage;
    private int _lastPercent = -1;

    public void Report(PipelineProgress value)
    {
        var percent = (int)Math.Floor(value.Fraction * 100);
        lock (_gate)
        {
            if (value.Stage == _lastStage && percent == _lastPercent)
            {
                return;
            }

            _lastStage = value.Stage;
            _lastPercent = percent;
            var detail = value.Detail is null ? string.Empty : $" {value.Detail}";
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{value.Stage}] {percent,3}%{detail}"));
        }
    }
}
