using Microsoft.Extensions.Options;

namespace TrendBoard.Web.Hosting;

/// <summary>Registers the TrendBoard database and the analytics queries that read it.</summary>
public static class StorageHostingExtensions
{
    /// <summary>
    /// Binds <see cref="TrendBoardOptions"/> from the <c>TrendBoard</c> section, validates them at
    /// start-up, and registers <see cref="TrendBoard.Core.Analytics.ITrendAnalytics"/>.
    /// </summary>
    public static IHostApplicationBuilder AddTrendBoardStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<TrendBoardOptions>()
            .Bind(builder.Configuration.GetSection(TrendBoardOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TrendBoardOptions>, TrendBoardOptionsValidator>();
        return builder;
    }
}
