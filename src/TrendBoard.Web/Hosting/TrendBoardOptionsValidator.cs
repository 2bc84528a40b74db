using Microsoft.Extensions.Options;

namespace TrendBoard.Web.Hosting;

/// <summary>
/// Checks <see cref="TrendBoardOptions"/> at start-up, so a bad path fails before the first
/// request instead of inside it.
/// </summary>
internal sealed class TrendBoardOptionsValidator(IHostEnvironment environment) : IValidateOptions<TrendBoardOptions>
{
    public ValidateOptionsResult Validate(string? name, TrendBoardOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            return ValidateOptionsResult.Fail(
                "TrendBoard:DatabasePath is missing; set it to the path of the DuckDB file, for example data/trendboard.duckdb.");
        }

        if (options.DatabasePath.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return ValidateOptionsResult.Fail(
                $"TrendBoard:DatabasePath '{options.DatabasePath}' contains characters that are invalid in a path; fix the setting.");
        }

        var fullPath = options.ResolveDatabasePath(environment.ContentRootPath);
        if (Directory.Exists(fullPath))
        {
            return ValidateOptionsResult.Fail(
                $"TrendBoard:DatabasePath resolves to the folder '{fullPath}'; set it to a file inside that folder, for example trendboard.duckdb.");
        }

        if (options.MaxUploadBytes <= 0)
        {
            return ValidateOptionsResult.Fail(
                $"TrendBoard:MaxUploadBytes is {options.MaxUploadBytes}; set it to the largest upload in bytes, for example 268435456 for 256 MiB.");
        }

        if (string.IsNullOrWhiteSpace(options.UploadPath) || options.UploadPath.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return ValidateOptionsResult.Fail(
                $"TrendBoard:UploadPath '{options.UploadPath}' is missing or contains characters that are invalid in a path; set it to a folder, for example data/uploads.");
        }

        return ValidateOptionsResult.Success;
    }
}
