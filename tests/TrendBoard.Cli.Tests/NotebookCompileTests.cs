using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using TrendBoard.Core.Analytics;

namespace TrendBoard.Cli.Tests;

/// <summary>
/// Compiles the C# cells of every notebook in <c>notebooks/</c> against the current library,
/// so a changed API breaks this test before it breaks a reader's notebook.
/// </summary>
public sealed class NotebookCompileTests
{
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(CliRunner.RepositoryRoot(), "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Fact]
    public void NotebookFolderHasNotebooks()
    {
        Assert.NotEmpty(Notebooks());
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void NotebookCodeCompiles(string notebook)
    {
        var cells = ReadCodeCells(Path.Combine(CliRunner.RepositoryRoot(), "notebooks", notebook));
        Assert.Contains(cells, cell => cell.Contains("TrendAnalytics", StringComparison.Ordinal));

        var options = ScriptOptions.Default
            .AddReferences(typeof(TrendAnalytics).Assembly, typeof(DuckDB.NET.Data.DuckDBConnection).Assembly)
            .AddImports("System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Threading", "System.Threading.Tasks");

        // Each cell is one submission that can use the names of the cells before it, as in the notebook kernel.
        Script script = CSharpScript.Create(cells[0], options);
        foreach (var cell in cells.Skip(1))
        {
            script = script.ContinueWith(cell, options);
        }

        var errors = script.Compile().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(errors.Count == 0, $"{notebook} does not compile:\n{string.Join('\n', errors)}");
    }

    /// <summary>
    /// Reads the notebook's C# cells, leaving out the kernel's <c>#r</c> and <c>#!</c> lines,
    /// which the test replaces with direct assembly references.
    /// </summary>
    private static List<string> ReadCodeCells(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var cells = new List<string>();
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (cell.GetProperty("cell_type").GetString() != "code")
            {
                continue;
            }

            var source = string.Concat(cell.GetProperty("source").EnumerateArray().Select(line => line.GetString()));
            var lines = source.Split('\n').Where(line => !line.StartsWith("#r ", StringComparison.Ordinal) && !line.StartsWith("#!", StringComparison.Ordinal));
            cells.Add(string.Join('\n', lines));
        }

        return cells;
    }
}
