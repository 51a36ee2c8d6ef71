using System.Text.Json;
using Conveyor.Aws.StepFunctions;
using Conveyor.Core.Tasks;
using Functions.EndToEnd.Tests.Infrastructure;

namespace Functions.EndToEnd.Tests.StreamFanOut;

public sealed class StreamFanOutEndToEndTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    private const string EchoSk = "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7";
    private const string ImportSk = "csv-import#01KAQ6Z7D2V8Y3R5N4M1B0C9X7";

    private RunningFunction Function => Fixture.Function("StreamFanOut");

    [Fact]
    public async Task Invoke_WhenTaskInserted_ShouldQueueItAndSendItToTheTaskQueue()
    {
        await Tasks.SeedFromStreamEventAsync("stream-insert-task.json");

        var result = await Function.InvokeFileAsync("stream-insert-task.json");

        Assert.False(result.IsError, result.Outcome.Body);
        Assert.Empty(result.BatchItemFailures);
        Assert.Equal("QUEUED", await Tasks.StatusAsync("TASK#acme", EchoSk));
        var message = Assert.Single(await Stack.ReceiveAllAsync(Stack.TaskQueueUrl));
        using var body = JsonDocument.Parse(message.Body);
        Assert.Equal("TASK#acme", body.RootElement.GetProperty("pk").GetString());
        Assert.Equal(EchoSk, body.RootElement.GetProperty("sk").GetString());
    }

    [Fact]
    public async Task Invoke_WhenStepFunctionTaskInserted_ShouldCreateSubtasksAndManifestThenStartTheExecution()
    {
        await Tasks.SeedFromStreamEventAsync("stream-insert-step-function-task.json");

        var result = await Function.InvokeFileAsync("stream-insert-step-function-task.json");

        Assert.False(result.IsError, result.Outcome.Body);
        Assert.Empty(result.BatchItemFailures);
        var rows = await Tasks.PartitionAsync("SFN_TASK#acme");
        Assert.Equal([ImportSk, ImportSk + "#0", ImportSk + "#1"], rows.Select(r => r["sk"].S));
        Assert.Equal("STARTED", rows[0]["status"].S);
        Assert.All(rows.Skip(1), r => Assert.Equal("CREATED", r["status"].S));

        var executionName = ExecutionNames.For(new TaskKey("SFN_TASK#acme", ImportSk));
        using var manifest = await Stack.S3.GetObjectAsync(ConveyorStack.ArtifactsBucket, $"manifests/{executionName}.json");
        using var items = await JsonDocument.ParseAsync(manifest.ResponseStream);
        Assert.Equal([0, 1], items.RootElement.EnumerateArray().Select(i => i.GetProperty("index").GetInt32()));

        var execution = await Stack.StepFunctions.DescribeExecutionAsync(
            StepFunctionsWorkflowStarter.ExecutionArn(ConveyorStack.StateMachineArn, executionName), CancellationToken.None);
        Assert.Equal(ConveyorStack.StateMachineArn, execution.StateMachineArn);
        using var input = JsonDocument.Parse(execution.Input!);
        Assert.Equal(ImportSk, input.RootElement.GetProperty("parent").GetProperty("sk").GetString());
        Assert.Equal(ConveyorStack.ArtifactsBucket, input.RootElement.GetProperty("manifest").GetProperty("bucket").GetString());
    }

    [Fact]
    public async Task Invoke_WhenAWorkflowTaskIsRedeliveredStillCreated_ShouldStartOneExecutionUnderItsNameAndMoveItToStarted()
    {
        const string sk = "document-review#01KAQ6Z7D2V8Y3R5N4M1B0C9X8";
        await Tasks.SeedFromStreamEventAsync("stream-insert-workflow-task.json");

        var first = await Function.InvokeFileAsync("stream-insert-workflow-task.json");
        Assert.Equal("STARTED", await Tasks.StatusAsync("TASK#acme", sk));

        // A start interrupted after the execution began but before STARTED was written: the row is CREATED again and
        // the record is redelivered, so the start finds the execution under the task's name and reads it back.
        await Tasks.SeedFromStreamEventAsync("stream-insert-workflow-task.json");
        var again = await Function.InvokeFileAsync("stream-insert-workflow-task.json");

        Assert.False(first.IsError, first.Outcome.Body);
        Assert.Empty(first.BatchItemFailures);
        Assert.False(again.IsError, again.Outcome.Body);
        Assert.Empty(again.BatchItemFailures);
        Assert.Equal("STARTED", await Tasks.StatusAsync("TASK#acme", sk));
        var execution = Assert.Single(Fixture.DurableService.ExecutionArns);
        Assert.Contains("/durable-execution/review-from-stream-1/", execution, StringComparison.Ordinal);
        Assert.Empty(await Stack.ReceiveAllAsync(Stack.TaskQueueUrl, waitSeconds: 0));
    }

    [Theory]
    [InlineData("stream-insert-subtask.json")]
    [InlineData("stream-modify.json")]
    public async Task Invoke_WhenSubtaskInsertOrModify_ShouldSkipWithoutDispatching(string eventFile)
    {
        await Tasks.SeedFromStreamEventAsync("stream-insert-task.json");

        var result = await Function.InvokeFileAsync(eventFile);

        Assert.False(result.IsError, result.Outcome.Body);
        Assert.Empty(result.BatchItemFailures);
        Assert.Equal("CREATED", await Tasks.StatusAsync("TASK#acme", EchoSk));
        Assert.Empty(await Stack.ReceiveAllAsync(Stack.TaskQueueUrl, waitSeconds: 0));
    }

    [Fact]
    public async Task Invoke_WhenOneRecordNamesAnUnknownTask_ShouldReportItAndEveryLaterRecordWithoutDispatching()
    {
        await Tasks.SeedFromStreamEventAsync("stream-insert-unknown-task.json", record: 1);

        var result = await Function.InvokeFileAsync("stream-insert-unknown-task.json");

        // The shard's order holds: the record after the failed one is not acted on now; Lambda retries from the failed one.
        Assert.False(result.IsError, result.Outcome.Body);
        Assert.Equal(["111100000000000000000005", "111100000000000000000006"], result.BatchItemFailures);
        Assert.Null(await Tasks.GetAsync("TASK#acme", "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9ZZ"));
        Assert.Equal("CREATED", await Tasks.StatusAsync("TASK#acme", "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X8"));
        Assert.Empty(await Stack.ReceiveAllAsync(Stack.TaskQueueUrl, waitSeconds: 0));
        var log = await result.LoggedAsync("ERROR", "which does not exist");
        Assert.Equal("111100000000000000000005", log.GetProperty("sequenceNumber").GetString());
    }
}
