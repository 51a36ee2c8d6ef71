using Conveyor.Durable.Protocol;
using Conveyor.Durable.Runtime;
using Conveyor.Durable.Service;
using Conveyor.Durable.Testing;

namespace Conveyor.Durable.Tests;

/// <summary>
/// The 100 MB an execution's payloads may keep (<see cref="DurableLimits.MaxExecutionStateBytes"/>): the service rules
/// refuse a checkpoint or callback answer that would pass it, and the SDK refuses the update before sending it.
/// </summary>
public sealed class ExecutionStateLimitTests
{
    private const int ResultChars = 256_000;
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // One string shared by every operation: 409 results of 256,000 bytes weigh 104,704,000 bytes, 153,600 under the limit.
    private static readonly string Result = new('r', ResultChars);

    [Fact]
    public void Checkpoint_WhenAResultWouldPassTheExecutionsPayloadLimit_ShouldBeRefusedWithAClearError()
    {
        var (record, token) = NearlyFullExecution();

        var refused = Assert.Throws<DurableServiceException>(() =>
            DurableExecutionRules.Checkpoint(record, token, [Succeed("one-too-many", new string('x', 200_000))], Now));

        Assert.Equal(400, refused.StatusCode);
        Assert.Contains("would pass the 104857600-byte limit of one execution", refused.Message, StringComparison.Ordinal);
        Assert.Null(record.Find("one-too-many"));
    }

    [Fact]
    public void Checkpoint_WhenAResultStillFitsUnderTheLimit_ShouldBeApplied()
    {
        var (record, token) = NearlyFullExecution();

        DurableExecutionRules.Checkpoint(record, token, [Succeed("fits", new string('x', 150_000))], Now);

        Assert.Equal(OperationStatuses.Succeeded, record.Find("fits")!.Status);
    }

    [Fact]
    public void CompleteCallback_WhenItsResultWouldPassTheLimit_ShouldBeRefused()
    {
        var (record, token) = NearlyFullExecution();
        DurableExecutionRules.Checkpoint(record, token, [new OperationUpdate { Id = "cb", Name = "approval", Type = OperationTypes.Callback, Action = OperationActions.Start }], Now);
        var callbackId = record.Find("cb")!.CallbackDetails!.CallbackId!;

        var refused = Assert.Throws<DurableServiceException>(() =>
            DurableExecutionRules.CompleteCallback(record, callbackId, succeeded: true, "\"" + new string('a', 200_000) + "\"", null, Now));

        Assert.Contains("limit of one execution", refused.Message, StringComparison.Ordinal);
        Assert.Equal(OperationStatuses.Started, record.Find("cb")!.Status);
    }

    [Fact]
    public void Batcher_WhenAnUpdateWouldPassTheLimit_ShouldRefuseItBeforeSendingAndCountWhatTheStateKeeps()
    {
        var service = new InMemoryDurableService(new DurableTestClock(Now));
        var state = new ExecutionState([new Operation { Id = "s0", Type = OperationTypes.Step, Status = OperationStatuses.Succeeded, StepDetails = new StepDetails { Result = new string('k', 600) } }]);
        var batcher = new CheckpointBatcher(service, "arn:aws:lambda:us-east-1:123456789012:function:f:1/durable-execution/e/1", "token", state, 250, maxStateBytes: 1_000);

        var refused = Assert.Throws<DurableLimitExceededException>(() => { _ = batcher.EnqueueAsync(Succeed("big", new string('x', 401)), waitForAcknowledgement: false); });

        Assert.Contains("keeps 600 bytes of payloads; 403 more would pass the 1000-byte limit", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, batcher.CallsMade);
    }

    private static (DurableExecutionRecord Record, string Token) NearlyFullExecution()
    {
        var record = DurableExecutionRules.Create("arn:aws:lambda:us-east-1:123456789012:function:f:1/durable-execution/e/1", "e", "f", "{}", Now, null);
        for (var i = 0; i < 409; i++)
        {
            record.Operations.Add(new Operation
            {
                Id = $"s{i}",
                Type = OperationTypes.Step,
                Status = OperationStatuses.Succeeded,
                StepDetails = new StepDetails { Result = Result },
            });
        }

        var invocation = DurableExecutionRules.BeginInvocation(record);
        return (record, invocation.CheckpointToken);
    }

    private static OperationUpdate Succeed(string id, string payload) =>
        new() { Id = id, Name = id, Type = OperationTypes.Step, Action = OperationActions.Succeed, Payload = "\"" + payload + "\"" };
}
