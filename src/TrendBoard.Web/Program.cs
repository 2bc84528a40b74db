using TrendBoard.Web.Exports;
using TrendBoard.Web.Hosting;
using TrendBoard.Web.Imports;

var builder = WebApplication.CreateBuilder(args);

// `dotnet run` serves the scripts and styles of the Blazor and BootstrapBlazor packages from
// their build-output manifest, which ASP.NET Core reads by itself only in Development. A
// published app has no such manifest, and this call then changes nothing.
builder.WebHost.UseStaticWebAssets();

builder.AddTrendBoardStorage();
builder.AddTrendBoardDashboard();
builder.AddTrendBoardImport();

var app = builder.Build();

app.UseTrendBoardDashboard();
app.MapTrendBoardExports();
app.MapTrendBoardDashboard();

app.Run();
