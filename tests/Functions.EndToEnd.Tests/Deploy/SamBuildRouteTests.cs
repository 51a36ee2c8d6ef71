using System.Text.Json;
using Conveyor.App.Workflows;
using Functions.EndToEnd.Tests.DocumentReview;
using Functions.EndToEnd.Tests.Infrastructure;

namespace Functions.EndToEnd.Tests.Deploy;

/// <summary>
/// <c>sam build</c>'s artefacts work: each function of template.yaml is built with the exact command, working
/// directory and environment SAM's makefile builder uses (<see cref="SamBuild"/>), then its <c>bootstrap</c> is started
/// as provided.al2023 starts it (the executable itself, in its task root, <c>_HANDLER</c> from the template, the
/// Runtime API in <c>AWS_LAMBDA_RUNTIME_API</c>) against the Runtime API emulator and moto, fed a sample event from
/// events/, and must give the expected answer and effects.
/// </summary>
public sealed class SamBuildRouteTests(EndToEndFixture fixture, SamBuildArtifacts artifacts)
    : EndToEndTest(fixture), IClassFixture<SamBuildArtifacts>
{
    private const string EchoSk = "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7";
    private const string ImportSk = "csv-import#01KAQ6Z7D2V8Y3R5N4M1B0C9X7";

    public static TheoryData<string, string> Builds()
    {
        var data = new TheoryData<string, string>();
        foreach (var logicalId in SamBuild.Functions.Keys.Order(StringComparer.Ordinal))
        {
            if (SamBuildArtifacts.AllFunctions || logicalId == SamBuildArtifacts.AotFunction)
            {
                data.Add(logicalId, "jit");
                data.Add(logicalId, "aot");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public async Task Bootstrap_WhenSamBuiltAndInvokedWithASampleEvent_ShouldAnswerAsTheFunction(string logicalId, string publish)
    {
        var bootstrap = await artifacts.BootstrapAsync(logicalId, publish);
        var handler = SamBuild.Functions[logicalId];
        var environment = new Dictionary<string, string>(Fixture.EnvironmentThroughRecorder(handler), StringComparer.Ordinal)
        {
            ["_HANDLER"] = "bootstrap", // the template's Handler
            ["LAMBDA_TASK_ROOT"] = Path.GetDirectoryName(bootstrap)!,
            // What template.yaml's Globals set on AWS.
            ["DOTNET_GCHeapHardLimitPercent"] = "0x4B",
        };
        await using var function = RunningFunction.Start(handler, bootstrap, EndToEndFixture.DeployedName(handler), environment);

        await ExpectAsync(handler, function);
        if (publish == "aot")
        {
            Assert.True(await RequiredGlibcAsync(bootstrap) <= new Version(2, 34), "provided.al2023 has glibc 2.34: build on an older or equal glibc");
        }

        Assert.DoesNotContain(function.Lines, l => l.Contains("\"WARN\"", StringComparison.Ordinal) && l.Contains("GCHeapHardLimit", StringComparison.Ordinal));
    }

    private async Task ExpectAsync(string handler, RunningFunction function)
    {
        switch (handler)
        {
            case "FileTrigger":
            {
                var result = await function.InvokeFileAsync("s3-put-profile-picture.json");
                Assert.False(result.IsError, result.Outcome.Body);
                Assert.Equal(1, result.Body.GetProperty("processed").GetInt32());
                var message = Assert.Single(await Stack.ReceiveAllAsync(Stack.CustomerCommandQueueUrl));
                using var command = JsonDocument.Parse(message.Body);
                Assert.Equal("ChangeProfilePicture", command.RootElement.GetProperty("command").GetProperty("type").GetString());
                break;
            }

            case "StreamFanOut":
            {
                await Tasks.SeedFromStreamEventAsync("stream-insert-task.json");
                var result = await function.InvokeFileAsync("stream-insert-task.json");
                Assert.False(result.IsError, result.Outcome.Body);
                Assert.Empty(result.BatchItemFailures);
                Assert.Equal("QUEUED", await Tasks.StatusAsync("TASK#acme", EchoSk));
                Assert.Single(await Stack.ReceiveAllAsync(Stack.TaskQueueUrl));
                break;
            }

            case "TaskWorker":
            {
                await Tasks.SeedFromStreamEventAsync("stream-insert-task.json", status: "QUEUED", version: 2);
                var result = await function.InvokeFileAsync("sqs-task-batch.json");
                Assert.False(result.IsError, result.Outcome.Body);
                Assert.Empty(result.BatchItemFailures);
                Assert.Equal("COMPLETED", await Tasks.StatusAsync("TASK#acme", EchoSk));
                break;
            }

            case "MapItem":
            {
                await StartWorkflowAsync();
                var result = await function.InvokeFileAsync("map-item.json");
                Assert.False(result.IsError, result.Outcome.Body);
                Assert.Equal("COMPLETED", result.Body.GetProperty("status").GetString());
                break;
            }

            case "Finalize":
            {
                await StartWorkflowAsync();
                var result = await function.InvokeFileAsync("finalize-execution-failed.json");
                Assert.False(result.IsError, result.Outcome.Body);
                Assert.Equal("FAILED", result.Body.GetProperty("status").GetString());
                Assert.Equal("FAILED", await Tasks.StatusAsync("SFN_TASK#acme", ImportSk));
                break;
            }

            case "ScheduleTarget":
            {
                var result = await function.InvokeFileAsync("schedule-create-task.json");
                Assert.False(result.IsError, result.Outcome.Body);
                var row = Assert.Single(await Tasks.PartitionAsync("TASK#acme"));
                Assert.Equal("process-document", row["type"].S);
                break;
            }

            case "Api":
            {
                var result = await function.InvokeFileAsync("api-create-task.json");
                Assert.False(result.IsError, result.Outcome.Body);
                Assert.Equal(201, result.Body.GetProperty("statusCode").GetInt32());
                break;
            }

            case "DocumentReview":
            {
                var (runner, execution) = await DocumentReviewRun.StartAsync(Fixture, function, "contract.pdf", 1200);
                await runner.CompleteCallbackAsync(execution, DocumentReviewRun.ApprovalCallback, new ReviewDecision(true, "ana"));
                Assert.Equal("published", execution.Result.Outcome);
                Assert.Single(await Stack.ReceiveAllAsync(Stack.CustomerCommandQueueUrl));
                break;
            }

            default:
                Assert.Fail($"No sample invocation for {handler}: add one here when template.yaml gains a function.");
                break;
        }
    }

    /// <summary>The newest glibc symbol version the executable needs (objdump -T, binutils).</summary>
    private static async Task<Version> RequiredGlibcAsync(string executable)
    {
        var start = new System.Diagnostics.ProcessStartInfo("objdump") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-T");
        start.ArgumentList.Add(executable);
        using var process = System.Diagnostics.Process.Start(start)!;
        var symbols = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return System.Text.RegularExpressions.Regex.Matches(symbols, @"GLIBC_(\d+\.\d+(?:\.\d+)?)")
            .Select(m => Version.Parse(m.Groups[1].Value))
            .DefaultIfEmpty(new Version(0, 0))
            .Max()!;
    }

    /// <summary>A started step-function task (through the warm StreamFanOut), which MapItem and Finalize work on.</summary>
    private async Task StartWorkflowAsync()
    {
        await Tasks.SeedFromStreamEventAsync("stream-insert-step-function-task.json");
        var started = await Fixture.Function("StreamFanOut").InvokeFileAsync("stream-insert-step-function-task.json");
        Assert.Empty(started.BatchItemFailures);
        Assert.Equal("STARTED", await Tasks.StatusAsync("SFN_TASK#acme", ImportSk));
    }
}
