using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Conveyor.Local.Storage;

namespace Local.EndToEnd.Tests;

/// <summary>
/// The CLI's conventions, through the real executable: <c>@file</c> inputs, usage errors exit 2, a mistyped
/// <c>--dir</c> on a read command, and the one JSON/timestamp style of its output.
/// </summary>
public partial class CliUsageTests
{
    private const string PrettyInput = "{\n  \"k\": \"v\",\n  \"list\": [1, 2],\n  \"text\": \"é+1 <ok>\"\n}\n";

    [Fact]
    public async Task StatesRun_WhenInputIsAPrettyPrintedFile_ShouldRunWithThatFilesJson()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Path);
        var definition = Path.Combine(dir.Path, "w.asl.json");
        await File.WriteAllTextAsync(definition, """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""");
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "in.json"), PrettyInput);

        var (code, stdout, stderr) = await ConveyorProcess.RunInAsync(dir.Path, "states", "run", "w.asl.json", "--input", "@in.json");

        Assert.True(code == 0, stdout + stderr);
        var result = JsonNode.Parse(stdout)!;
        Assert.Equal("SUCCEEDED", (string?)result["status"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(PrettyInput), result["output"]), stdout);
        Assert.Contains("é+1 <ok>", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TasksCreate_WhenInputIsAPrettyPrintedFile_ShouldStoreThatJsonAndPrintItReadably()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Path);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "in.json"), PrettyInput);

        var (code, stdout, stderr) = await ConveyorProcess.RunInAsync(dir.Path, "tasks", "create", "--type", "echo", "--tenant", "t1", "--input", "@in.json", "--dir", ".");

        Assert.True(code == 0, stderr);
        var task = JsonNode.Parse(stdout)!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(PrettyInput), task["input"]), stdout);
        Assert.DoesNotContain("\\u", stdout, StringComparison.Ordinal);
        Assert.Contains("é+1 <ok>", stdout, StringComparison.Ordinal);
        Assert.Matches(Timestamp(), (string)task["createdAt"]!);
    }

    [Fact]
    public async Task Input_WhenTheFileIsMissing_ShouldExit2NamingTheFile()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Path);

        var (code, _, stderr) = await ConveyorProcess.RunInAsync(dir.Path, "tasks", "create", "--type", "echo", "--tenant", "t1", "--input", "@missing.json", "--dir", ".");

        Assert.Equal(2, code);
        Assert.Contains("missing.json", stderr, StringComparison.Ordinal);
        Assert.Contains("does not exist", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CONVEYOR_API_JWT_SECRET", "too-short")]
    [InlineData("CONVEYOR_API_REQUIRE_TOKEN", "1")]
    public async Task Up_WhenASettingIsInvalid_ShouldExit2WithOneLineNamingItAndNoStackTrace(string variable, string value)
    {
        using var dir = new TempDirectory();

        var (code, _, stderr) = await ConveyorProcess.RunInAsync(null, new Dictionary<string, string?> { [variable] = value }, "up", "--dir", dir.Path, "--port", "0");

        Assert.True(code == 2, $"exit {code}: {stderr}");
        Assert.StartsWith($"conveyor: {variable}", stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("tasks", "list", "--kind", "bogus")]
    [InlineData("tasks", "list", "--no-such-option")]
    [InlineData("tasks", "create", "--type", "echo", "--tenant", "t1")]
    [InlineData("tasks", "list", "--status", "bogus")]
    [InlineData("tasks", "retry", "not-a-task-id")]
    [InlineData("tasks", "retry")]
    [InlineData("notifications", "--action", "bogus")]
    [InlineData("up", "--port", "abc")]
    [InlineData("up", "--port", "70000")]
    [InlineData("no-such-command")]
    public async Task Command_WhenUsageIsWrong_ShouldExit2WithAMessageOnStderr(params string[] args)
    {
        using var dir = new TempDirectory();
        await LocalDatabase.OpenAsync(new LocalDatabaseOptions(dir.Path), CancellationToken.None);

        var (code, _, stderr) = await ConveyorProcess.RunAsync([.. args, "--dir", dir.Path]);

        Assert.True(code == 2, $"exit {code}: {stderr}");
        Assert.False(string.IsNullOrWhiteSpace(stderr));
        Assert.DoesNotContain("(Parameter '", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tasks", "list")]
    [InlineData("tasks", "show", "TASK#t1#echo#01ARZ3NDEKTSV4RRFFQ69G5FAV")]
    [InlineData("tasks", "retry", "TASK#t1#echo#01ARZ3NDEKTSV4RRFFQ69G5FAV")]
    [InlineData("schedules", "list")]
    [InlineData("notifications")]
    [InlineData("commands")]
    public async Task ReadCommand_WhenDirIsNotAConveyorFolder_ShouldSaySoAndCreateNothing(params string[] args)
    {
        using var dir = new TempDirectory();
        var mistyped = Path.Combine(dir.Path, ".conveyr");

        var (code, stdout, stderr) = await ConveyorProcess.RunAsync([.. args, "--dir", mistyped]);

        Assert.Equal(1, code);
        Assert.Contains("no Conveyor folder", stderr, StringComparison.Ordinal);
        Assert.Contains(mistyped, stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
        Assert.False(Directory.Exists(mistyped), "a read command must not create a folder or database");
    }

    [Fact]
    public async Task TasksRetry_WhenTheTaskIsMissingOrNotFailed_ShouldExit1SayingWhy()
    {
        using var dir = new TempDirectory();
        var (_, created, createErr) = await ConveyorProcess.RunAsync("tasks", "create", "--type", "echo", "--tenant", "t1", "--input", "{}", "--dir", dir.Path);
        var id = (string)System.Text.Json.Nodes.JsonNode.Parse(created)!["id"]!;

        var (missingCode, _, missing) = await ConveyorProcess.RunAsync("tasks", "retry", "TASK#t1#echo#01ARZ3NDEKTSV4RRFFQ69G5FAV", "--dir", dir.Path);
        var (createdCode, _, notFailed) = await ConveyorProcess.RunAsync("tasks", "retry", id, "--dir", dir.Path);

        Assert.True(missingCode == 1, missing + createErr);
        Assert.Contains("No task TASK#t1#echo#01ARZ3NDEKTSV4RRFFQ69G5FAV", missing, StringComparison.Ordinal);
        Assert.Equal(1, createdCode);
        Assert.Contains("is CREATED; only FAILED tasks are retried", notFailed, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    internal static partial Regex Timestamp();
}
