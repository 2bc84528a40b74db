namespace TrendBoard.Core.Pipeline;

/// <summary>
/// Readable labels for the stage names in <see cref="PipelineProgress.Stage"/> and
/// <see cref="Topics.TopicModelProgress.Stage"/>, shared by the CLI and the web app so both show
/// "Clustering papers" where the code reports <c>cluster</c>.
/// </summary>
public static class ProgressLabels
{
    private static readonly Dictionary<string, string> PipelineStages = new(StringComparer.Ordinal)
    {
        ["start"] = "Starting",
        ["upload"] = "Uploading files",
        ["wait"] = "Waiting for the database",
        ["fetch"] = "Downloading Daily Papers",
        ["import"] = "Importing papers",
        ["model"] = "Fitting the topic model",
        ["assign"] = "Assigning new papers to topics",
    };

    private static readonly Dictionary<string, string> ModelStages = new(StringComparer.Ordinal)
    {
        ["tokenize"] = "Splitting abstracts into words",
        ["vectorize"] = "Weighting terms (TF-IDF)",
        ["choose topic count"] = "Choosing the number of topics",
        ["cluster"] = "Clustering papers",
        ["outliers"] = "Finding outlier papers",
        ["label"] = "Labelling topics",
        ["keywords"] = "Picking each paper's keywords",
        ["metrics"] = "Computing quality metrics",
        ["stability"] = "Measuring stability with a second fit",
        ["done"] = "Finished",
    };

    /// <summary>Returns the label of a <see cref="PipelineProgress.Stage"/>, or the stage name itself when it has none.</summary>
    public static string ForStage(string stage)
    {
        ArgumentNullException.ThrowIfNull(stage);

        return PipelineStages.GetValueOrDefault(stage, stage);
    }

    /// <summary>Returns the label of a <see cref="Topics.TopicModelProgress.Stage"/>, or the stage name itself when it has none.</summary>
    public static string ForModelStage(string stage)
    {
        ArgumentNullException.ThrowIfNull(stage);

        return ModelStages.GetValueOrDefault(stage, stage);
    }
}
