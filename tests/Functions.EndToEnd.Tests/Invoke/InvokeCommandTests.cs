using System.Text.Json;
using Functions.EndToEnd.Tests.Infrastructure;

namespace Functions.EndToEnd.Tests.Invoke;

/// <summary>
/// <c>conveyor invoke</c> as a user runs it: the real CLI process, an env-vars file in sam's format and
/// <c>--endpoint-url</c> aimed at moto; <c>--no-build</c> runs the function build this test project made (same configuration),
/// so a concurrent edit elsewhere in the repository never triggers a rebuild in the middle of the suite.
/// </summary>
public sealed class InvokeCommandTests(EndToEndFixture fixture) : EndToEndTest(fixture), IDisposable
{
    private readonly string _envFile = Path.Combine(Path.GetTempPath(), $"conveyor-env-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task Invoke_WhenFunctionAnswers_ShouldPrintTheResponseOnStdoutLogsOnStderrAndExitZero()
    {
        WriteEnvFile();

        var (code, stdout, stderr) = await RunCliAsync("invoke", "ScheduleTarget", "-e", Repository.Event("schedule-publish-command.json"),
            "--env-vars", _envFile, "--endpoint-url", Fixture.Moto.Endpoint.ToString(), "-c", Repository.Configuration, "--no-build");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        using var response = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Object, response.RootElement.ValueKind);
        Assert.Contains("\"function\":\"conveyor-dev-schedule-target\"", stderr, StringComparison.Ordinal);
        Assert.Single(await Stack.ReceiveAllAsync(Stack.CustomerCommandQueueUrl));
    }

    [Fact]
    public async Task Invoke_WhenFunctionFails_ShouldPrintTheErrorJsonAndExitOne()
    {
        WriteEnvFile();

        var (code, stdout, stderr) = await RunCliAsync("invoke", "ScheduleTargetFunction", "-e", Repository.Event("schedule-unknown-type.json"),
            "--env-vars", _envFile, "--endpoint-url", Fixture.Moto.Endpoint.ToString(), "-c", Repository.Configuration, "--no-build");

        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        using var error = JsonDocument.Parse(stdout);
        Assert.Equal("UnknownSchedulePayloadException", error.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("\"level\":\"ERROR\"", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WhenSettingsMissing_ShouldReportTheInitErrorNamingTheVariableAndExitOne()
    {
        await File.WriteAllTextAsync(_envFile, """{"Parameters":{"CONVEYOR__ARTIFACTSBUCKET":"artifacts"}}""");

        var (code, stdout, stderr) = await RunCliAsync("invoke", "Api", "-e", Repository.Event("api-list-tasks.json"),
            "--env-vars", _envFile, "--endpoint-url", Fixture.Moto.Endpoint.ToString(), "-c", Repository.Configuration, "--no-build");

        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        using var error = JsonDocument.Parse(stdout);
        Assert.Equal("ValidationException", error.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("CONVEYOR__TASKSTABLE", error.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WhenFunctionsSettingMissing_ShouldReportTheInitErrorNamingTheVariableAndExitOne()
    {
        // Every AWS setting present, the functions' artifacts bucket missing: Api never reads it, so only the start-up
        // validation can report it, and it must arrive as an init error rather than a process that died while wiring.
        var environment = Stack.FunctionEnvironment()
            .Where(e => e.Key.StartsWith("CONVEYOR__", StringComparison.Ordinal) && e.Key != "CONVEYOR__ARTIFACTSBUCKET")
            .ToDictionary();
        await File.WriteAllTextAsync(_envFile, JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, string>> { ["Parameters"] = environment }));

        var (code, stdout, stderr) = await RunCliAsync("invoke", "Api", "-e", Repository.Event("api-list-tasks.json"),
            "--env-vars", _envFile, "--endpoint-url", Fixture.Moto.Endpoint.ToString(), "-c", Repository.Configuration, "--no-build");

        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        using var error = JsonDocument.Parse(stdout);
        Assert.Equal("ValidationException", error.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("CONVEYOR__ARTIFACTSBUCKET", error.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WhenEnvFileHasAFunctionSection_ShouldLetItOverrideParameters()
    {
        WriteEnvFile();
        await Stack.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = ConveyorStack.CsvImportBucket,
            Key = "imports/customers.csv",
            ContentBody = "email\na@example.com\n",
        });

        var (code, stdout, stderr) = await RunCliAsync("invoke", "FileTrigger", "-e", Repository.Event("s3-put-csv-import.json"),
            "--env-vars", _envFile, "--endpoint-url", Fixture.Moto.Endpoint.ToString(), "-c", Repository.Configuration, "--no-build");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Single(await Tasks.PartitionAsync("SFN_TASK#beta"));
    }

    [Theory]
    [InlineData("NoSuchFunction", "schedule-publish-command.json")]
    [InlineData("ScheduleTarget", "no-such-event.json")]
    public async Task Invoke_WhenFunctionOrEventUnknown_ShouldExitTwo(string function, string eventFile)
    {
        var (code, stdout, stderr) = await RunCliAsync("invoke", function, "-e", Repository.Event(eventFile));

        Assert.Equal(2, code);
        Assert.Empty(stdout.Trim());
        Assert.False(string.IsNullOrWhiteSpace(stderr));
    }

    public void Dispose() => File.Delete(_envFile);

    private void WriteEnvFile()
    {
        var environment = Stack.FunctionEnvironment().Where(e => e.Key.StartsWith("CONVEYOR__", StringComparison.Ordinal)).ToDictionary();
        environment["CONVEYOR__APP__TENANT"] = "acme";
        var file = new Dictionary<string, Dictionary<string, string>>
        {
            ["Parameters"] = environment,
            ["FileTriggerFunction"] = new() { ["CONVEYOR__APP__TENANT"] = "beta" },
        };
        File.WriteAllText(_envFile, JsonSerializer.Serialize(file));
    }

    private static Task<(int Code, string Stdout, string Stderr)> RunCliAsync(params string[] args) => ConveyorCli.RunAsync(args);
}
