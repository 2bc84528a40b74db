using System.Text.Json;
using TrendBoard.Core.Import;
using TrendBoard.Core.Papers;
using TrendBoard.Core.Topics;

namespace TrendBoard.TopicBench;

/// <summary>A corpus as the harness fits it: papers and, for arXiv listings, the primary category of each paper.</summary>
internal sealed record BenchCorpus(IReadOnlyList<PaperText> Papers, IReadOnlyDictionary<string, string>? Labels)
{
    /// <summary>
    /// Loads Daily Papers responses through TrendBoard's own reader. A paper listed on several
    /// days keeps the record with the most upvotes (the first one read on ties), the rule the
    /// scorer applies, so both score the same texts.
    /// </summary>
    public static async Task<BenchCorpus> LoadDailyPapersAsync(string path, CancellationToken cancellationToken)
    {
        var best = new Dictionary<string, PaperRecord>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var file in CorpusFiles.ListFiles(path))
        {
            var parsed = await PaperFileReader.ReadAsync(file, cancellationToken);
            foreach (var paper in parsed.Papers)
            {
                if (!best.TryGetValue(paper.Id, out var kept))
                {
                    best[paper.Id] = paper;
                    order.Add(paper.Id);
                }
                else if ((paper.Upvote?.Upvotes ?? 0) > (kept.Upvote?.Upvotes ?? 0))
                {
                    best[paper.Id] = paper;
                }
            }
        }

        var papers = order.Select(id => new PaperText(id, best[id].Title, best[id].Abstract)).ToArray();
        return new BenchCorpus(papers, null);
    }

    /// <summary>
    /// Loads arXiv listings (one JSON object per line, files in name order). A paper listed
    /// twice keeps its first record; its label is the first category, the primary one.
    /// </summary>
    public static BenchCorpus LoadArxivListings(string path)
    {
        var papers = new List<PaperText>();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = Directory.GetFiles(path, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                var id = root.TryGetProperty("id", out var idElement) ? idElement.GetString() : null;
                if (string.IsNullOrEmpty(id) || labels.ContainsKey(id))
                {
                    continue;
                }

                var categories = root.GetProperty("categories");
                var label = categories.GetArrayLength() > 0 ? categories[0].GetString() ?? string.Empty : string.Empty;
                labels[id] = label;
                papers.Add(new PaperText(
                    id,
                    Collapse(root.GetProperty("title").GetString()),
                    Collapse(root.GetProperty("summary").GetString())));
            }
        }

        return new BenchCorpus(papers, labels);
    }

    private static string Collapse(string? text) =>
        string.Join(' ', (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
