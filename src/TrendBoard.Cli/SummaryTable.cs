using TrendBoard.Core.Storage;

namespace TrendBoard.Cli;

/// <summary>Prints import summaries as an aligned text table with a total row.</summary>
internal static class SummaryTable
{
    public static void Write(TextWriter output, IReadOnlyList<ImportSummary> summaries)
    {
        var nameWidth = Math.Max(5, summaries.Count == 0 ? 0 : summaries.Max(s => Path.GetFileName(s.SourceFile).Length));
        var header = $"{"file".PadRight(nameWidth)}  {"read",7}  {"new",7}  {"updated",7}  {"rejected",8}";
        output.WriteLine(header);
        output.WriteLine(new string('-', header.Length));

        foreach (var summary in summaries)
        {
            WriteRow(output, Path.GetFileName(summary.SourceFile), nameWidth, summary.Read, summary.New, summary.Updated, summary.Rejected);
        }

        output.WriteLine(new string('-', header.Length));
        WriteRow(output, "total", nameWidth, summaries.Sum(s => s.Read), summaries.Sum(s => s.New), summaries.Sum(s => s.Updated), summaries.Sum(s => s.Rejected));
    }

    private static void WriteRow(TextWriter output, string name, int nameWidth, int read, int added, int updated, int rejected)
    {
        output.WriteLine($"{name.PadRight(nameWidth)}  {read,7}  {added,7}  {updated,7}  {rejected,8}");
    }
}
