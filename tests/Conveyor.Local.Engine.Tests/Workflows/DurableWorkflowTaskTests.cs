using System.Text;
using System.Text.Json;
using Conveyor.App.Workflows;
using Conveyor.Aws.Lambda;
using Conveyor.Aws.Signing;
using Conveyor.Core.Tasks;
using Conveyor.Core.Workflows;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Functions.Workflows;
using Conveyor.Local.Buckets;
using Conveyor.Local.Engine.Http;
using Conveyor.Local.Engine.Status;
using Conveyor.Local.Engine.Tests;
using Conveyor.Local.Notifications;
using Conveyor.Local.Queue;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Local.Engine.Tests.Workflows;

/// <summary>Durable workflows on the engine as tracked tasks: a dropped document starts the review; the task follows the execution.</summary>
public sealed class DurableWorkflowTaskTests
{
    private const string Bucket = "documents";

    [Fact]
    public async Task DroppedDocument_WhenItsEventArrivesTwiceAndTheReviewIsApproved_ShouldRunOneReviewWhoseTaskEndsCompleted()
    {
        await using var fixture = await EngineFixture.StartAsync();
        const string key = "customer-7/contract.pdf";
        using (var content = new MemoryStream(Encoding.UTF8.GetBytes("%PDF-1.7 contract")))
        {
            await fixture.Objects.PutAsync(Bucket, key, content, "application/pdf", CancellationToken.None);
        }

        var evt = S3EventJson.Build(S3EventJson.ObjectCreatedPut, Bucket, key, 17, "etag-7", S3EventJson.Sequencer(7), DateTimeOffset.UtcNow);
        var queue = fixture.Get<EngineQueues>().BucketEvents;
        await queue.SendAsync(new QueueSendRequest(evt), CancellationToken.None);
        await queue.SendAsync(new QueueSendRequest(evt), CancellationToken.None);

        var executions = fixture.Get<IDurableExecutionService>();
        string? callbackId = null;
        Assert.True(await EngineFixture.EventuallyAsync(async () => (callbackId = await WaitingCallbackAsync(executions)) is not null, TimeSpan.FromSeconds(30)));
        var task = Assert.Single(await ReviewTasksAsync(fixture));
        Assert.Equal(TrackedTaskStatus.Started, task.Status);
        Assert.Equal(key, task.Input.GetProperty("Key").GetString());
        Assert.Equal("customer-7", task.Input.GetProperty("Owner").GetString());
        var execution = Assert.Single(await executions.ListAsync(null, null, 10, CancellationToken.None));
        Assert.Equal(task.Id, execution.TaskId);
        Assert.Equal(task.Name, execution.Execution.DurableExecutionName);

        await executions.SendCallbackSuccessAsync(callbackId!, """{"Approved":true,"Reviewer":"ana"}""", CancellationToken.None);

        Assert.True(await EngineFixture.EventuallyAsync(async () => (await ReviewTasksAsync(fixture)).Single().Status == TrackedTaskStatus.Completed, TimeSpan.FromSeconds(30)));
        var done = Assert.Single(await ReviewTasksAsync(fixture));
        Assert.Equal("published", done.Result!.Value.GetProperty("Outcome").GetString());
        Assert.Equal("ana", done.Result.Value.GetProperty("Reviewer").GetString());
        Assert.True(await EngineFixture.EventuallyAsync(
            async () => (await fixture.Get<SqliteNotifier>().QueryAsync(new NotificationQuery(TaskId: done.Id, Limit: 100), CancellationToken.None))
                .Any(n => n.Content.GetRawText().Contains("COMPLETED", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task DroppedDocument_WhenWorkflowsCallTheServiceOverHttp_ShouldCompleteItsReviewThroughTheAwsClient()
    {
        var clientsMade = 0;
        await using var fixture = await EngineFixture.StartAsync(o => o with
        {
            Port = 0,
            DurableApi = address =>
            {
                Interlocked.Increment(ref clientsMade);
                return AwsClient(address);
            },
        });
        const string key = "customer-8/lease.pdf";
        using (var content = new MemoryStream(Encoding.UTF8.GetBytes("%PDF-1.7 lease")))
        {
            await fixture.Objects.PutAsync(Bucket, key, content, "application/pdf", CancellationToken.None);
        }

        var evt = S3EventJson.Build(S3EventJson.ObjectCreatedPut, Bucket, key, 14, "etag-8", S3EventJson.Sequencer(8), DateTimeOffset.UtcNow);
        await fixture.Get<EngineQueues>().BucketEvents.SendAsync(new QueueSendRequest(evt), CancellationToken.None);
        var executions = fixture.Get<IDurableExecutionService>();
        string? callbackId = null;
        Assert.True(await EngineFixture.EventuallyAsync(async () => (callbackId = await WaitingCallbackAsync(executions)) is not null, TimeSpan.FromSeconds(30)));
        var servedWhileWaiting = fixture.Get<DurableApiEndpoints>().Requests;

        await executions.SendCallbackSuccessAsync(callbackId!, """{"Approved":true,"Reviewer":"bo"}""", CancellationToken.None);

        Assert.True(await EngineFixture.EventuallyAsync(async () => (await ReviewTasksAsync(fixture)).Single().Status == TrackedTaskStatus.Completed, TimeSpan.FromSeconds(30)));
        var done = Assert.Single(await ReviewTasksAsync(fixture));
        Assert.Equal("published", done.Result!.Value.GetProperty("Outcome").GetString());
        Assert.Equal("bo", done.Result.Value.GetProperty("Reviewer").GetString());
        // The extract step and the callback were checkpointed over HTTP before the wait, the outcome after it, through one client.
        Assert.Equal(1, clientsMade);
        Assert.True(servedWhileWaiting >= 2, $"{servedWhileWaiting} durable API requests before the callback");
        var served = fixture.Get<DurableApiEndpoints>().Requests;
        Assert.True(served > servedWhileWaiting, $"{served} durable API requests in all");
        Assert.Equal(served, (await fixture.Get<EngineStatusReader>().ReadAsync(CancellationToken.None)).DurableApiRequests);
    }

    [Fact]
    public async Task Status_WhenWorkflowsCallTheServiceInProcess_ShouldShowNoDurableApi()
    {
        await using var fixture = await EngineFixture.StartAsync();

        Assert.Null(fixture.Engine.Services.GetService<DurableApiEndpoints>());
        Assert.Null((await fixture.Get<EngineStatusReader>().ReadAsync(CancellationToken.None)).DurableApiRequests);
    }

    [Fact]
    public async Task Start_WhenTheDurableApiIsHttpWithoutAPort_ShouldBeRefusedNamingTheOption()
    {
        var error = await Assert.ThrowsAsync<Conveyor.Core.Validation.ValidationException>(() =>
            EngineFixture.StartAsync(o => o with { Port = null, DurableApi = AwsClient }));

        Assert.Contains("--durable-api", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_WhenTheSameNameIsStartedTwice_ShouldStartOneExecutionAndRefuseAnotherInput()
    {
        await using var fixture = await EngineFixture.StartAsync();
        var workflows = fixture.Get<WorkflowService>();
        var input = JsonDocument.Parse("""{"Bucket":"documents","Key":"missing.pdf","Tenant":"default","Owner":"o"}""").RootElement;
        var request = new StartWorkflowRequest("default", DocumentReviewWorkflow.Name, "review-1", input);

        var first = await workflows.StartAsync(request, CancellationToken.None);
        var second = await workflows.StartAsync(request, CancellationToken.None);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Task.Id, second.Task.Id);
        Assert.Equal(first.ExecutionArn, second.ExecutionArn);
        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => workflows.StartAsync(request with { Input = JsonDocument.Parse("{}").RootElement }, CancellationToken.None));
        Assert.Single(await workflows.ListAsync("default", null, 10, CancellationToken.None));
        Assert.Empty(await workflows.ListAsync("other-tenant", null, 10, CancellationToken.None));
        Assert.Null(await workflows.FindAsync("other-tenant", "review-1", CancellationToken.None));

        // The document does not exist: the extract step fails after its retries and the task ends FAILED with the error.
        Assert.True(await EngineFixture.EventuallyAsync(async () => (await fixture.Tasks.GetAsync(first.Task.Key, CancellationToken.None))!.Status == TrackedTaskStatus.Failed, TimeSpan.FromSeconds(60)));
        var failed = (await fixture.Tasks.GetAsync(first.Task.Key, CancellationToken.None))!;
        Assert.Contains("missing.pdf", failed.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAsync_WhenTheExecutionWaits_ShouldFailItsTask()
    {
        await using var fixture = await EngineFixture.StartAsync();
        const string key = "stop-me.txt";
        using (var content = new MemoryStream(Encoding.UTF8.GetBytes("text")))
        {
            await fixture.Objects.PutAsync(Bucket, key, content, "text/plain", CancellationToken.None);
        }

        var workflows = fixture.Get<WorkflowService>();
        var input = JsonDocument.Parse($$"""{"Bucket":"{{Bucket}}","Key":"{{key}}","Tenant":"default","Owner":"o"}""").RootElement;
        var started = await workflows.StartAsync(new StartWorkflowRequest("default", DocumentReviewWorkflow.Name, "review-stop", input), CancellationToken.None);
        var executions = fixture.Get<IDurableExecutionService>();
        Assert.True(await EngineFixture.EventuallyAsync(async () => await WaitingCallbackAsync(executions) is not null, TimeSpan.FromSeconds(30)));

        await executions.StopAsync("review-stop", new ErrorObject { ErrorType = "Withdrawn", ErrorMessage = "The owner withdrew the document." }, CancellationToken.None);

        Assert.True(await EngineFixture.EventuallyAsync(async () => (await fixture.Tasks.GetAsync(started.Task.Key, CancellationToken.None))!.Status == TrackedTaskStatus.Failed, TimeSpan.FromSeconds(30)));
        var task = (await fixture.Tasks.GetAsync(started.Task.Key, CancellationToken.None))!;
        Assert.Equal("Withdrawn", task.Error!.Type);
        await Assert.ThrowsAsync<DurableServiceException>(() => executions.StopAsync("review-stop", null, CancellationToken.None));
    }

    /// <summary>The SigV4 client the functions use on Lambda, aimed at the engine's address.</summary>
    [Fact]
    public async Task Workflow_WhenStartedAndAnsweredInProcess_ShouldRunAtOnceWithoutWaitingForAPoll()
    {
        // An hour between polls: within the test's patience only the durable loop's doorbell can wake it, once for the
        // start and once for the callback's answer.
        await using var fixture = await EngineFixture.StartAsync(o => o with { PollInterval = TimeSpan.FromHours(1) });
        const string key = "customer-9/memo.pdf";
        using (var content = new MemoryStream(Encoding.UTF8.GetBytes("%PDF-1.7 memo")))
        {
            await fixture.Objects.PutAsync(Bucket, key, content, "application/pdf", CancellationToken.None);
        }

        using var input = JsonDocument.Parse($$"""{"Bucket":"{{Bucket}}","Key":"{{key}}","Tenant":"default","Owner":"customer-9"}""");
        await fixture.Get<WorkflowService>().StartAsync(new StartWorkflowRequest("default", DocumentReviewWorkflow.Name, "memo-9", input.RootElement.Clone()), CancellationToken.None);

        var executions = fixture.Get<IDurableExecutionService>();
        string? callbackId = null;
        Assert.True(await EngineFixture.EventuallyAsync(async () => (callbackId = await WaitingCallbackAsync(executions)) is not null, TimeSpan.FromSeconds(30)));
        await executions.SendCallbackSuccessAsync(callbackId!, """{"Approved":true,"Reviewer":"ana"}""", CancellationToken.None);

        Assert.True(await EngineFixture.EventuallyAsync(async () => (await ReviewTasksAsync(fixture)).SingleOrDefault()?.Status == TrackedTaskStatus.Completed, TimeSpan.FromSeconds(30)));
        Assert.Equal(ExecutionStatuses.Succeeded, (await executions.DescribeAsync("memo-9", CancellationToken.None))!.Execution.Status);
    }

    private static LambdaDurableExecutionClient AwsClient(Uri address) =>
        LambdaDurableExecutionClient.ForEndpoint(address, new AwsCredentials("conveyor-local", "conveyor-local"), TimeProvider.System);

    private static async Task<IReadOnlyList<TrackedTask>> ReviewTasksAsync(EngineFixture fixture) =>
        (await fixture.ListAsync(TaskKind.Task)).Where(t => t.Type == DocumentReviewWorkflow.Name).ToList();

    private static async Task<string?> WaitingCallbackAsync(IDurableExecutionService executions)
    {
        foreach (var info in await executions.ListAsync(null, ExecutionStatuses.Running, 10, CancellationToken.None))
        {
            var history = await executions.HistoryAsync(info.Execution.DurableExecutionArn, CancellationToken.None);
            if (history?.FirstOrDefault(o => o.Type == OperationTypes.Callback && o.Status == OperationStatuses.Started) is { } callback)
            {
                return callback.CallbackDetails!.CallbackId;
            }
        }

        return null;
    }
}
