using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using TrendBoard.Core.Analytics;
using TrendBoard.Core.Pipeline;

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

        AddDatabaseEnvironmentVariable(builder.Configuration, Environment.GetEnvironmentVariable(TrendBoardPaths.DatabaseEnvironmentVariable));
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

    /// <summary>
    /// Makes <c>TRENDBOARD_DB</c>, the variable the CLI reads, set <c>TrendBoard:DatabasePath</c>
    /// too. It overrides the JSON settings files but not <c>TrendBoard__DatabasePath</c> or the
    /// command line, because its source is inserted before the environment variable source.
    /// </summary>
    internal static void AddDatabaseEnvironmentVariable(IConfigurationBuilder configuration, string? databasePath)
    {
        if (string.IsNullOrWhiteSpace(databasePath))
        {
            return;
        }

        var source = new MemoryConfigurationSource
        {
            InitialData = [new(TrendBoardOptions.SectionName + ":" + nameof(TrendBoardOptions.DatabasePath), databasePath)],
        };

        var sources = configuration.Sources;
        var environmentIndex = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                environmentIndex = i;
                break;
            }
        }

        if (environmentIndex < 0)
        {
            // NOTE: without an unprefixed environment variable source nothing can set
            // TrendBoard__DatabasePath, so TRENDBOARD_DB is added last and wins over the files.
            sources.Add(source);
            return;
        }

        sources.Insert(environmentIndex, source);
    }
}
