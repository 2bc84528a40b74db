using Microsoft.Extensions.Options;
using TrendBoard.Core.Analytics;

namespace TrendBoard.Web.Hosting;

/// <summary>Registers the TrendBoard database and the analytics queries that read it.</summary>
public static class StorageHostingExtensions
{
    /// <summary>
    /// Binds <see cref="TrendBoardOptions"/> from the <c>TrendBoard</c> section, validates them at
    /// start-up, and registers <see cref="ITrendAnalytics"/> over one store that opens on the
    /// first query.
    /// </summary>
    /// <remarks>
    /// A missing database file is built from the bundled corpus in the background on start;
    /// queries wait for that build.
    /// </remarks>
    public static IHostApplicationBuilder AddTrendBoardStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<TrendBoardOptions>()
            .Bind(builder.Configuration.GetSection(TrendBoardOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TrendBoardOptions>, TrendBoardOptionsValidator>();
        builder.Services.AddSingleton<CorpusBuildState>();
        builder.Services.AddHostedService<CorpusBuildService>();
        builder.Services.AddSingleton<TrendStoreProvider>();
        builder.Services.AddSingleton<CorpusChangeNotifier>();
        builder.Services.AddSingleton<TopicRefitService>();
        builder.Services.AddSingleton<ITrendAnalytics, StoreTrendAnalytics>();
        return builder;
    }
}
