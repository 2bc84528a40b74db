using TrendBoard.Web.Components;

namespace TrendBoard.Web.Hosting;

/// <summary>Registers and maps the Blazor dashboard.</summary>
public static class DashboardHostingExtensions
{
    /// <summary>Adds interactive server components, BootstrapBlazor, problem details and the system clock.</summary>
    public static IHostApplicationBuilder AddTrendBoardDashboard(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents();
        builder.Services.AddBootstrapBlazor();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>
    /// Adds error handling, static assets and antiforgery to the pipeline.
    /// </summary>
    /// <remarks>
    /// HTTPS redirection and HSTS are left out on purpose: the dashboard is meant to run on a
    /// plain-HTTP loopback address, and a reverse proxy terminates TLS when it is exposed.
    /// </remarks>
    public static WebApplication UseTrendBoardDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();
        return app;
    }

    /// <summary>Maps static assets and the Razor components in interactive server mode.</summary>
    public static WebApplication MapTrendBoardDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapStaticAssets();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode();
        return app;
    }
}
