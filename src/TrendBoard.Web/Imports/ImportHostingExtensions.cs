namespace TrendBoard.Web.Imports;

/// <summary>Registers the services of the Import page.</summary>
public static class ImportHostingExtensions
{
    /// <summary>Adds the singleton <see cref="ImportJobService"/>; needs <c>AddTrendBoardStorage</c> for the store and options.</summary>
    public static IHostApplicationBuilder AddTrendBoardImport(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddSingleton<ImportJobService>();
        return builder;
    }
}
