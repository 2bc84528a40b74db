using Microsoft.Extensions.Options;
using TrendBoard.Web.Hosting;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Hosting;

public sealed class TrendBoardOptionsTests
{
    [Fact]
    public void RelativePathResolvesAgainstRepositoryRoot()
    {
        var repositoryRoot = TrendBoardOptions.FindRepositoryRoot(AppContext.BaseDirectory);
        var options = new TrendBoardOptions();

        var path = options.ResolveDatabasePath(Path.Combine(repositoryRoot!, "src", "TrendBoard.Web"));

        Assert.True(File.Exists(Path.Combine(repositoryRoot!, "TrendBoard.sln")));
        Assert.Equal(Path.Combine(repositoryRoot!, "data", "trendboard.duckdb"), path);
    }

    [Fact]
    public void PathOutsideRepositoryResolvesAgainstContentRoot()
    {
        var contentRoot = Path.Combine(Path.GetTempPath(), "trendboard-content-" + Guid.NewGuid().ToString("N"));
        var options = new TrendBoardOptions { DatabasePath = "db/board.duckdb" };

        var path = options.ResolveDatabasePath(contentRoot);

        Assert.Equal(Path.Combine(contentRoot, "db", "board.duckdb"), path);
    }

    [Fact]
    public void FolderAsDatabaseFailsAtStartup()
    {
        var folder = Directory.CreateTempSubdirectory("trendboard-folder-");
        using var app = new TrendBoardApp(folder.FullName);

        try
        {
            var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

            Assert.Contains("TrendBoard:DatabasePath", error.Message, StringComparison.Ordinal);
            Assert.Contains(folder.FullName, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete();
        }
    }

    [Fact]
    public void EmptyPathFailsAtStartup()
    {
        using var app = new TrendBoardApp(" ");

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("TrendBoard:DatabasePath is missing", error.Message, StringComparison.Ordinal);
    }
}
