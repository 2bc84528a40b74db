namespace TrendBoard.Web.Tests.Browser;

/// <summary>
/// The browser test classes, run one after another: each starts a server and a Chromium, and
/// run side by side on two cores, the dashboard test lost its chart update after a page reload.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    /// <summary>Name of the collection.</summary>
    public const string Name = "Browser";
}
