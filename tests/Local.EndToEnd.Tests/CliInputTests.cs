using Conveyor.Local.Storage;

namespace Local.EndToEnd.Tests;

/// <summary>The engine commands on bad input: a non-zero exit and a message that says what is wrong, without a running engine.</summary>
public class CliInputTests
{
    [Theory]
    [InlineData(1, "No task", "tasks", "show", "TASK#t1#echo#01ARZ3NDEKTSV4RRFFQ69G5FAV")]
    [InlineData(2, "not a task id", "tasks", "show", "nonsense")]
    [InlineData(2, "not valid JSON", "tasks", "create", "--type", "echo", "--tenant", "t1", "--input", "{oops")]
    [InlineData(2, "non-empty JSON array", "tasks", "create", "--type", "csv-import", "--tenant", "t1", "--input", "{}", "--sfn")]
    [InlineData(2, "not a task status", "tasks", "list", "--status", "DONE")]
    public async Task Command_WhenInputIsBad_ShouldExitNonZeroWithAClearMessage(int expectedCode, string message, params string[] args)
    {
        using var dir = new TempDirectory();
        await LocalDatabase.OpenAsync(new LocalDatabaseOptions(dir.Path), CancellationToken.None); // an existing Conveyor folder
        var (code, _, stderr) = await ConveyorProcess.RunAsync([.. args, "--dir", dir.Path]);
        Assert.Equal(expectedCode, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TasksCreate_WhenNoEngineRuns_ShouldStoreTheTaskCreatedForTheNextUp()
    {
        using var dir = new TempDirectory();
        var (code, stdout, stderr) = await ConveyorProcess.RunAsync("tasks", "create", "--type", "echo", "--tenant", "t1", "--input", """{"x":1}""", "--dir", dir.Path);
        Assert.True(code == 0, stderr);
        Assert.Contains("\"status\":\"CREATED\"", stdout, StringComparison.Ordinal);

        var (listCode, list, _) = await ConveyorProcess.RunAsync("tasks", "list", "--json", "--kind", "task", "--dir", dir.Path);
        Assert.Equal(0, listCode);
        Assert.Contains("\"type\":\"echo\"", list, StringComparison.Ordinal);
        var (schedulesCode, schedules, _) = await ConveyorProcess.RunAsync("schedules", "list", "--json", "--dir", dir.Path);
        Assert.Equal(0, schedulesCode);
        Assert.Equal("[]", schedules.Trim());
    }

    [Theory]
    [InlineData("/etc/passwd", "is a file")]
    [InlineData("", "must name a folder")]
    [InlineData("   ", "must name a folder")]
    [InlineData("/proc/1", "system folder")]
    [InlineData("/dev/null", "is a file")]
    public async Task AnyCommand_WhenDirIsNotAConveyorFolder_ShouldExit2WithOneLineAndNoStackTrace(string dir, string message)
    {
        foreach (var args in new[] { new[] { "tasks", "list" }, ["schedules", "list"], ["notifications"], ["up", "--port", "0"] })
        {
            var (code, _, stderr) = await ConveyorProcess.RunAsync([.. args, "--dir", dir]);

            Assert.True(code == 2, $"{string.Join(' ', args)} --dir '{dir}' exited {code}: {stderr}");
            Assert.Contains(message, stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TasksCreate_WhenStringsHoldEscapeSequences_ShouldRefuseAndNeverEchoThemRaw()
    {
        using var dir = new TempDirectory();

        var (code, stdout, stderr) = await ConveyorProcess.RunAsync(
            "tasks", "create", "--type", "echo\u001b[2J", "--tenant", "t\u001b]0;x\u0007", "--input", "{}", "--dir", dir.Path);

        Assert.Equal(2, code);
        Assert.DoesNotContain('\u001b', stdout + stderr);
        Assert.DoesNotContain('\u0007', stdout + stderr);
    }
}
