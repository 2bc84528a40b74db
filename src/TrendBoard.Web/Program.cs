using TrendBoard.Web.Exports;
using TrendBoard.Web.Hosting;
using TrendBoard.Web.Imports;

var builder = WebApplication.CreateBuilder(args);

builder.AddTrendBoardStorage();
builder.AddTrendBoardDashboard();
builder.AddTrendBoardImport();

var app = builder.Build();

app.UseTrendBoardDashboard();
app.MapTrendBoardExports();
app.MapTrendBoardDashboard();

app.Run();
