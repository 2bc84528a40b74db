using TrendBoard.Web.Imports;
using TrendBoard.Web.Tests.Infrastructure;

namespace TrendBoard.Web.Tests.Imports;

public sealed class UploadFileNamesTests
{
    public static TheoryData<string, string> HostileNames => new()
    {
        { "../../x.json", "001/upload.json" },
        { "..\\..\\x.json", "001/upload.json" },
        { "/etc/passwd", "001/upload" },
        { "C:\\Windows\\win.ini", "001/upload" },
        { "<script>alert(1)</script>.html", "001/upload.html" },
        { "a\0b.json", "001/upload.json" },
        { "..", "001/upload" },
        { "x.json\0.exe", "001/upload" },
        { "2024-05-27.json.gz", "001/2024-05-27.json.gz" },
        { "../2024-05-27.JSON.GZ", "001/2024-05-27.json.gz" },
        { "notes.tar.gz", "001/upload.gz" },
        { "payload.exe", "001/upload" },
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void StoredPathUsesOnlySafeParts(string sentName, string expected)
    {
        var relative = UploadFileNames.ToStoredRelativePath(sentName, 1);

        Assert.Equal(expected.Replace('/', Path.DirectorySeparatorChar), relative);
        Assert.False(Path.IsPathRooted(relative));
        Assert.DoesNotContain("..", relative, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../x.json", "x.json")]
    [InlineData("a\0b.json", "a?b.json")]
    [InlineData("line\r\nbreak.txt", "line??break.txt")]
    [InlineData("<img src=x onerror=alert(1)>.json", "<img src=x onerror=alert(1)>.json")]
    [InlineData("<script>alert(1)</script>.json", "script>.json")]
    [InlineData("..", "upload 3")]
    [InlineData("", "upload 3")]
    public void DisplayNameDropsPathAndControlCharacters(string sentName, string expected)
    {
        Assert.Equal(expected, UploadFileNames.ToDisplayName(sentName, 3));
    }

    [Fact]
    public void LoneSurrogateIsReplaced()
    {
        // Built in code: xunit cannot pass a lone surrogate through InlineData unchanged.
        var sent = "lone" + (char)0xD800 + "surrogate-" + char.ConvertFromUtf32(0x1F600) + ".json";

        Assert.Equal("lone?surrogate-" + char.ConvertFromUtf32(0x1F600) + ".json", UploadFileNames.ToDisplayName(sent, 1));
    }

    [Fact]
    public void LongDisplayNameIsCut()
    {
        var name = UploadFileNames.ToDisplayName(new string('a', 500) + ".json", 1);

        Assert.Equal(UploadFileNames.MaxDisplayNameLength, name.Length);
        Assert.EndsWith("…", name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileNamesStayInsideJobFolder()
    {
        await using var services = ImportServices.Create();
        string[] names = ["../../x.json", "..\\..\\y.json", "<img src=x onerror=alert(1)>.json", "nul\0name.json", "/tmp/abs.json"];
        Assert.True(services.Service.TryBegin(new(null, null), 10, out var job, out _));

        var displayNames = new List<string>();
        foreach (var name in names)
        {
            displayNames.Add(await services.Service.AddUploadAsync(job, name, 2, null, new MemoryStream("[]"u8.ToArray()), CancellationToken.None));
        }

        var jobFolder = Path.Combine(services.UploadPath, job.Id) + Path.DirectorySeparatorChar;
        var written = Directory.GetFiles(services.Folder, "*", SearchOption.AllDirectories);
        Assert.Equal(names.Length, written.Length);
        Assert.All(written, path => Assert.StartsWith(jobFolder, path, StringComparison.Ordinal));
        Assert.Equal(["x.json", "y.json", "<img src=x onerror=alert(1)>.json", "nul?name.json", "abs.json"], displayNames);
        Assert.False(File.Exists("/tmp/abs.json") && File.GetLastWriteTimeUtc("/tmp/abs.json") > job.StartedAt.UtcDateTime, "An upload was written to an absolute path it named.");

        services.Service.AbandonUpload(job, ImportJobStatus.Cancelled, "The test is done.");
    }
}
