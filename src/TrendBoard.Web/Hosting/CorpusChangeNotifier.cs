namespace TrendBoard.Web.Hosting;

/// <summary>A change to the stored papers or topics that open dashboards must reload for.</summary>
/// <param name="Kind">What changed, for example <c>import</c> or <c>model</c>.</param>
/// <param name="Detail">A short description for logs and status lines, such as the run id or file count.</param>
public sealed record CorpusChange(string Kind, string? Detail);

/// <summary>
/// Tells every open dashboard circuit that the stored papers or topics changed, so charts
/// reload without a page refresh. Registered as a singleton.
/// </summary>
/// <remarks>
/// Handlers run on the publisher's thread; a component must marshal to its renderer with
/// <c>InvokeAsync</c>. A handler that throws is logged and does not stop the others.
/// </remarks>
public sealed partial class CorpusChangeNotifier(ILogger<CorpusChangeNotifier> logger)
{
    /// <summary>Raised after an import, model run or assignment of new papers has been stored.</summary>
    public event Action<CorpusChange>? Changed;

    /// <summary>Raises <see cref="Changed"/> with <paramref name="change"/>.</summary>
    public void Publish(CorpusChange change)
    {
        LogPublished(logger, change.Kind, change.Detail);
        var handlers = Changed;
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<CorpusChange>>())
        {
            try
            {
                handler(change);
            }
            catch (Exception error)
            {
                LogHandlerFailed(logger, error, change.Kind);
            }
        }
    }

    [LoggerMessage(EventId = 3111, Level = LogLevel.Information, Message = "Corpus changed: {Kind} ({Detail})")]
    private static partial void LogPublished(ILogger logger, string kind, string? detail);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Error, Message = "A corpus change handler for {Kind} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception error, string kind);
}
