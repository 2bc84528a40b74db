using TrendBoard.Web.Exports;
using TrendBoard.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddTrendBoardStorage();
builder.AddTrendBoardDashboard();

var app = builder.Build();

app.UseTrendBoardDashboard();
app.MapTrendBoardExports();
app.MapTrendBoardDashboard();

app.Run();
