using System.Text.Json;
using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Tests.Topics;

/// <summary>
/// Loads the real Daily Papers responses under TestData/topics as <see cref="PaperText"/> records.
/// </summary>
internal static class TopicTestCorpus
{
    private static readonly Lazy<IReadOnlyList<PaperText>> _papers = new(Load);

    /// <summary>All papers of the fixture files, in file-name order, each id once.</summary>
    public static IReadOnlyList<PaperText> Papers => _papers.Value;

    private static IReadOnlyList<PaperText> Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestData", "topics");
        var papers = new List<PaperText>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            foreach (var item in document.RootElement.EnumerateArray())
            {
                var paper = item.GetProperty("paper");
                var id = paper.GetProperty("id").GetString()
                    ?? throw new InvalidDataException($"A paper in {path} has a null id.");
                if (ids.Add(id))
                {
                    papers.Add(new PaperText(
                        id,
                        paper.GetProperty("title").GetString() ?? string.Empty,
                        paper.GetProperty("summary").GetString() ?? string.Empty));
                }
            }
        }

        return papers;
    }
}
