using System.Text;
using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Processing;
using Conveyor.Core.Tasks;
using Conveyor.Functions.Processing;
using Conveyor.Functions.StreamFanOut;
using Conveyor.Functions.Tests.Support;
using Conveyor.Lambda.Events.DynamoDb;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Functions.Tests.StreamFanOut;

public sealed class StreamFanOutHandlerTests
{
    [Fact]
    public async Task HandleAsync_WhenSingleTaskIsInserted_ShouldQueueItAndEnqueueOneMessage()
    {
        using var harness = new FunctionsHarness();
        var task = await harness.CreateTaskAsync("echo", """{"message":"hello"}""");

        var response = await HandleAsync(harness, harness.InsertRecord(task));

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(TrackedTaskStatus.Queued, (await harness.GetTaskAsync(task.Key)).Status);
        var message = Assert.Single(harness.Queue.Enqueued);
        Assert.Equal(new TaskQueueMessage(task.Key, "acme", "echo"), message);
        Assert.Empty(harness.Notifier.Published); // The QUEUED notification follows from the MODIFY record, not the write.
        await harness.RelayModificationsAsync();
        Assert.Single(harness.Notifier.ForKey(task.Key), n => n.Content.GetProperty("status").GetString() == "QUEUED");
    }

    [Fact]
    public async Task HandleAsync_WhenInsertIsRedelivered_ShouldKeepOneQueuedTaskAndTheWorkerShouldRunItOnce()
    {
        var counter = new CountingProcessor("count");
        using var harness = new FunctionsHarness(services => services.AddSingleton<ITaskProcessor>(counter));
        var task = await harness.CreateTaskAsync("count", "{}");
        var insert = harness.InsertRecord(task);

        await HandleAsync(harness, insert);
        await HandleAsync(harness, insert);
        await harness.DrainQueueAsync();

        // The message may be sent twice (at least once); the worker runs the task once and drops the duplicate.
        Assert.InRange(harness.Queue.Enqueued.Count, 1, 2);
        Assert.Equal(1, counter.Runs);
        Assert.Equal(TrackedTaskStatus.Completed, (await harness.GetTaskAsync(task.Key)).Status);
        await harness.RelayModificationsAsync();
        Assert.Single(harness.Notifier.ForKey(task.Key), n => n.Content.GetProperty("status").GetString() == "COMPLETED");
    }

    [Fact]
    public async Task HandleAsync_WhenStepFunctionTaskIsInserted_ShouldCreateSubTasksWriteTheManifestAndStartOneExecution()
    {
        using var harness = new FunctionsHarness();
        var task = await harness.CreateTaskAsync("csv-import", """[{"email":"a@x"},{"email":"b@x"},{"email":"c@x"}]""", stepFunction: true);

        var response = await HandleAsync(harness, harness.InsertRecord(task));

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(TrackedTaskStatus.Started, (await harness.GetTaskAsync(task.Key)).Status);
        Assert.Equal(3, (await harness.Tasks.ListSubTasksAsync(task.Key, CancellationToken.None)).Count);
        var name = ExecutionNames.For(task.Key);
        var start = Assert.Single(harness.Workflows.Started).Value;
        Assert.Equal(name, start.ExecutionName);
        Assert.Equal(task.Key.Pk, start.Input.GetProperty("parent").GetProperty("pk").GetString());
        Assert.Equal(task.Key.Sk, start.Input.GetProperty("parent").GetProperty("sk").GetString());
        Assert.Equal("acme", start.Input.GetProperty("tenant").GetString());
        Assert.Equal(3, start.Input.GetProperty("subTaskCount").GetInt32());
        Assert.Equal(FunctionsHarness.ArtifactsBucket, start.Input.GetProperty("manifest").GetProperty("bucket").GetString());
        Assert.Equal($"manifests/{name}.json", start.Input.GetProperty("manifest").GetProperty("key").GetString());
        Assert.Equal("""[{"index":0},{"index":1},{"index":2}]""", await ReadManifestAsync(harness, name));
    }

    [Fact]
    public async Task HandleAsync_WhenStepFunctionInsertIsRedelivered_ShouldStayIdempotent()
    {
        using var harness = new FunctionsHarness();
        var task = await harness.CreateTaskAsync("csv-import", """[{"email":"a@x"},{"email":"b@x"}]""", stepFunction: true);
        var insert = harness.InsertRecord(task);

        await HandleAsync(harness, insert);
        var response = await HandleAsync(harness, insert);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(TrackedTaskStatus.Started, (await harness.GetTaskAsync(task.Key)).Status);
        Assert.Equal(2, (await harness.Tasks.ListSubTasksAsync(task.Key, CancellationToken.None)).Count);
        Assert.Single(harness.Workflows.Started);
        Assert.Equal(2, harness.Workflows.Calls.Count);
        await harness.RelayModificationsAsync();
        Assert.Single(harness.Notifier.ForKey(task.Key), n => n.Content.GetProperty("status").GetString() == "STARTED");
    }

    [Fact]
    public async Task HandleAsync_WhenTheTaskRowDoesNotExist_ShouldReportItAndEveryLaterRecordInOrder()
    {
        using var harness = new FunctionsHarness();
        var real = await harness.CreateTaskAsync("echo", "{}");
        var ghost = real with { Key = new TaskKey("TASK#acme", "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7") };
        var batch = new DynamoDbStreamEvent { Records = [harness.InsertRecord(ghost, "100"), harness.InsertRecord(real, "101")] };

        var response = await harness.Get<StreamFanOutHandler>().HandleAsync(batch, FunctionsHarness.Context(), CancellationToken.None);

        // The stream's order holds: the later record is not acted on before the failed one; Lambda retries from 100.
        Assert.Equal(["100", "101"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(TrackedTaskStatus.Created, (await harness.GetTaskAsync(real.Key)).Status);
        var retry = await harness.Get<StreamFanOutHandler>().HandleAsync(new DynamoDbStreamEvent { Records = [batch.Records[1]] }, FunctionsHarness.Context(), CancellationToken.None);
        Assert.Empty(retry.BatchItemFailures);
        Assert.Equal(TrackedTaskStatus.Queued, (await harness.GetTaskAsync(real.Key)).Status);
    }

    [Fact]
    public async Task HandleAsync_WhenSeveralNewSingleTasksArriveTogether_ShouldQueueEachOnceWithOneMessageEach()
    {
        using var harness = new FunctionsHarness();
        var tasks = new List<TrackedTask>();
        for (var i = 0; i < 4; i++)
        {
            tasks.Add(await harness.CreateTaskAsync("echo", $$"""{"n":{{i}}}"""));
        }

        var batch = new DynamoDbStreamEvent { Records = tasks.Select((t, i) => harness.InsertRecord(t, (200 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList() };
        var response = await harness.Get<StreamFanOutHandler>().HandleAsync(batch, FunctionsHarness.Context(), CancellationToken.None);

        Assert.Empty(response.BatchItemFailures);
        foreach (var task in tasks)
        {
            Assert.Equal(TrackedTaskStatus.Queued, (await harness.GetTaskAsync(task.Key)).Status);
        }

        Assert.Equal(tasks.Select(t => t.Key), harness.Queue.Enqueued.Select(m => m.Key));
        await harness.RelayModificationsAsync();
        Assert.All(tasks, t => Assert.Single(harness.Notifier.ForKey(t.Key), n => n.Content.GetProperty("status").GetString() == "QUEUED"));
    }

    [Fact]
    public async Task HandleAsync_WhenARunOfNewTasksHasAMissingRowInside_ShouldQueueOnlyTheTasksBeforeItAndReportItAndEveryLaterRecord()
    {
        using var harness = new FunctionsHarness();
        var first = await harness.CreateTaskAsync("echo", "{}");
        var last = await harness.CreateTaskAsync("echo", "{}");
        var ghost = first with { Key = new TaskKey("TASK#acme", "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7") };
        var batch = new DynamoDbStreamEvent { Records = [harness.InsertRecord(first, "300"), harness.InsertRecord(ghost, "301"), harness.InsertRecord(last, "302")] };

        var response = await harness.Get<StreamFanOutHandler>().HandleAsync(batch, FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal(["301", "302"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(TrackedTaskStatus.Queued, (await harness.GetTaskAsync(first.Key)).Status);
        Assert.Equal(TrackedTaskStatus.Created, (await harness.GetTaskAsync(last.Key)).Status);
        Assert.Equal([first.Key], harness.Queue.Enqueued.Select(m => m.Key));
    }

    [Fact]
    public async Task HandleAsync_WhenARunOfNewTasksCannotBeDispatchedTogether_ShouldReadTheRunOnceNotOncePerRecord()
    {
        using var harness = new FunctionsHarness();
        var tasks = new List<TrackedTask>();
        for (var i = 0; i < 40; i++)
        {
            tasks.Add(await harness.CreateTaskAsync("no-such-type", "{}"));
        }

        var batch = new DynamoDbStreamEvent { Records = tasks.Select((t, i) => harness.InsertRecord(t, (400 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList() };
        var before = harness.Store.Reads;

        await harness.Get<StreamFanOutHandler>().HandleAsync(batch, FunctionsHarness.Context(), CancellationToken.None);

        // One read of the run (40 rows), then each record handled on its own (a few reads each); a run started again
        // from every record would read 40 + 39 + … + 2 rows more.
        var reads = harness.Store.Reads - before;
        Assert.True(reads <= 40 + (3 * 40), $"{reads} rows read for 40 records");
        Assert.Empty(harness.Queue.Enqueued);
    }

    [Fact]
    public async Task HandleAsync_WhenTheImageCannotBeDecoded_ShouldReportTheRecord()
    {
        using var harness = new FunctionsHarness();
        using var image = JsonDocument.Parse("""{"pk":"TASK#acme","sk":"echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7","status":"SOMETHING"}""");
        var record = new DynamoDbStreamRecord
        {
            EventName = DynamoDbStreamRecord.Insert,
            DynamoDb = new DynamoDbStreamChange { NewImage = image.RootElement.Clone(), SequenceNumber = "7" },
        };

        var response = await HandleAsync(harness, record);

        Assert.Equal("7", Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Empty(harness.Queue.Enqueued);
    }

    [Fact]
    public async Task HandleAsync_WhenNoHandlerIsRegisteredForTheType_ShouldFailTheTaskWithoutRetry()
    {
        using var harness = new FunctionsHarness();
        var task = await harness.CreateTaskAsync("launch-rocket", "{}");

        var response = await HandleAsync(harness, harness.InsertRecord(task));

        Assert.Empty(response.BatchItemFailures);
        var stored = await harness.GetTaskAsync(task.Key);
        Assert.Equal(TrackedTaskStatus.Failed, stored.Status);
        Assert.Equal(UnknownTaskType.ErrorType, stored.Error!.Type);
        Assert.Contains("launch-rocket", stored.Error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Queue.Enqueued);
    }

    [Theory]
    [InlineData(DynamoDbStreamRecord.Remove)]
    [InlineData("SOMETHING")]
    public async Task HandleAsync_WhenRecordIsNeitherInsertNorModify_ShouldSkipIt(string eventName)
    {
        using var harness = new FunctionsHarness();
        var task = await harness.CreateTaskAsync("echo", "{}");

        var response = await HandleAsync(harness, harness.InsertRecord(task) with { EventName = eventName });

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(TrackedTaskStatus.Created, (await harness.GetTaskAsync(task.Key)).Status);
        Assert.Empty(harness.Queue.Enqueued);
        Assert.Empty(harness.Notifier.Published);
    }

    [Fact]
    public async Task HandleAsync_WhenASubTaskIsInserted_ShouldSkipIt()
    {
        using var harness = new FunctionsHarness();
        var parent = await harness.CreateTaskAsync("csv-import", """[{"email":"a@x"}]""", stepFunction: true);
        var subTask = Assert.Single(await harness.Tasks.CreateSubTasksAsync(parent.Key, CancellationToken.None));

        var response = await HandleAsync(harness, harness.InsertRecord(subTask));

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(TrackedTaskStatus.Created, (await harness.GetTaskAsync(subTask.Key)).Status);
        Assert.Empty(harness.Workflows.Calls);
    }

    [Fact]
    public async Task HandleAsync_WhenTheTaskAlreadyRuns_ShouldNotEnqueueAgain()
    {
        using var harness = new FunctionsHarness();
        var task = await harness.CreateTaskAsync("echo", "{}");
        await harness.Tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Queued, null, CancellationToken.None);
        await harness.Tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Processing, null, CancellationToken.None);

        await HandleAsync(harness, harness.InsertRecord(task));

        Assert.Empty(harness.Queue.Enqueued);
        Assert.Equal(TrackedTaskStatus.Processing, (await harness.GetTaskAsync(task.Key)).Status);
    }

    private static Task<Lambda.Events.BatchResponse> HandleAsync(FunctionsHarness harness, DynamoDbStreamRecord record) =>
        harness.Get<StreamFanOutHandler>().HandleAsync(new DynamoDbStreamEvent { Records = [record] }, FunctionsHarness.Context(), CancellationToken.None);

    private static async Task<string> ReadManifestAsync(FunctionsHarness harness, string executionName)
    {
        await using var stored = await harness.Objects.GetAsync(FunctionsHarness.ArtifactsBucket, WorkflowManifest.Key(executionName), CancellationToken.None);
        Assert.NotNull(stored);
        using var reader = new StreamReader(stored.Content, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
