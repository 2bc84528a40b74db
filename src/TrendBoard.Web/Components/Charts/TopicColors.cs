namespace TrendBoard.Web.Components.Charts;

/// <summary>One color per topic id, so a topic has the same color in every chart.</summary>
public static class TopicColors
{
    /// <summary>Color of the outlier topic (-1): a light grey that recedes behind real topics.</summary>
    public const string Outliers = "#b8b8b8";

    // Tableau 20 without its two greys, which would be mistaken for the outliers.
    private static readonly string[] Palette =
    [
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#9d7660", "#d37295",
        "#a0cbe8", "#ffbe7d", "#8cd17d", "#ff9d9a", "#d4a6c8", "#86bcb6", "#f1ce63", "#d7b5a6", "#fabfd2",
    ];

    /// <summary>Returns the color of a topic; ids beyond the palette reuse its colors in order.</summary>
    public static string For(int topicId) => topicId < 0 ? Outliers : Palette[topicId % Palette.Length];
}
