using BootstrapBlazor.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrendBoard.Web.Tests.Exports;

namespace TrendBoard.Web.Tests.Hosting;

/// <summary>The log levels that appsettings.json sets for the running app.</summary>
public sealed class LogLevelTests(ExportAppFixture fixture) : IClassFixture<ExportAppFixture>
{
    [Fact]
    public void LocalizerLogsOnlyWarnings()
    {
        // The localizer logs one Information line per text it finds in no resource file, hundreds per page.
        var localizerCategory = typeof(BootstrapBlazorRoot).Assembly.GetTypes().Single(t => t.Name == "JsonStringLocalizer").FullName!;
        var loggers = fixture.App.Services.GetRequiredService<ILoggerFactory>();

        var localizer = loggers.CreateLogger(localizerCategory);
        var app = loggers.CreateLogger("TrendBoard.Web");

        Assert.False(localizer.IsEnabled(LogLevel.Information));
        Assert.True(localizer.IsEnabled(LogLevel.Warning));
        Assert.True(app.IsEnabled(LogLevel.Information));
    }
}
