using Bunit;
using TrendBoard.Web.Components.Dashboard;

namespace TrendBoard.Web.Tests.Components.Dashboard;

public sealed class ModelExportButtonsTests : BunitContext
{
    [Theory]
    [InlineData("topics-csv", "api/export/topics?format=csv")]
    [InlineData("topics-json", "api/export/topics?format=json")]
    [InlineData("assignments-csv", "api/export/assignments?format=csv")]
    [InlineData("assignments-json", "api/export/assignments?format=json")]
    public void LinkPointsToModelExport(string export, string expectedHref)
    {
        var buttons = Render<ModelExportButtons>();

        var link = buttons.Find($"[data-export='{export}']");

        Assert.Equal(expectedHref, link.GetAttribute("href"));
        Assert.True(link.HasAttribute("download"));
    }
}
