using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TrendBoard.Core.Analytics;
using TrendBoard.Web.ViewState;

namespace TrendBoard.Web.Tests.Components.Panels;

/// <summary>A bUnit context with the services the dashboard panels inject, over real analytics.</summary>
public abstract class PanelContext : BunitContext
{
    /// <summary>How long to wait for the real DuckDB queries; generous because test classes run in parallel.</summary>
    protected static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(30);

    protected PanelContext(ITrendAnalytics analytics)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddBootstrapBlazor();
        Services.AddSingleton(analytics);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>The views the panels raised through ViewChanged, in order.</summary>
    protected List<DashboardView> ChangedViews { get; } = [];

    /// <summary>Waits until the panel's body is no longer busy.</summary>
    protected static void WaitUntilLoaded<T>(IRenderedComponent<T> panel)
        where T : IComponent =>
        panel.WaitForAssertion(() => Assert.Equal("false", panel.Find(".panel-body").GetAttribute("aria-busy")), LoadTimeout);
}
