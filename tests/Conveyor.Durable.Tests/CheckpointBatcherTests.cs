using Conveyor.Durable.Protocol;
using Conveyor.Durable.Runtime;
using Conveyor.Durable.Service;
using Conveyor.Durable.Testing;

namespace Conveyor.Durable.Tests;

/// <summary>
/// The acknowledgement of checkpointed updates (<see cref="CheckpointBatcher"/>): a waiter goes on only once the service
/// has its update, every waiter hears of a failed call, a waiter that holds the thread it resumed on holds back no later
/// update, and long runs of steps go through whether the service answers at once or on another thread.
/// </summary>
public sealed class CheckpointBatcherTests
{
    private const string Arn = "arn:aws:lambda:us-east-1:123456789012:function:wf:1/durable-execution/batcher/abc";
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Steps_WhenOverAThousandRunInSequence_ShouldAllBeCheckpointedOneCallEach(bool answersLater)
    {
        const int Steps = 1_400;
        var clock = new DurableTestClock(Now);
        var service = new InMemoryDurableService(clock);
        var record = service.Add(DurableExecutionRules.Create(Arn, "batcher", "wf", "{\"OrderId\":\"o\",\"Items\":" + Steps + "}", Now, null));
        IDurableServiceClient client = answersLater ? new AnsweringLaterService(service) : service;
        var function = new DurableFunction<OrderInput, int>(async (input, ctx, ct) =>
        {
            var value = 0;
            for (var i = 0; i < input.Items; i++)
            {
                value = await ctx.StepAsync("s" + i, (_, _) => Task.FromResult(value + 1), cancellationToken: ct);
            }

            return value;
        }, TestJsonContext.Default, new DurableFunctionOptions { Time = clock });

        var envelope = service.Locked(() => DurableExecutionRules.BeginInvocation(record));
        var output = await function.InvokeAsync(envelope, client, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(output.Status == InvocationStatuses.Succeeded, output.Error?.ErrorMessage);
        Assert.Equal(Steps.ToString(System.Globalization.CultureInfo.InvariantCulture), output.Result);
        Assert.Equal(Steps, service.CheckpointCalls.Count);
        Assert.Equal(Steps, record.Operations.Count(o => o.Type == OperationTypes.Step && o.Status == OperationStatuses.Succeeded));
    }

    [Fact]
    public async Task Acknowledgements_WhenManyPathsWaitBehindACall_ShouldEachComeOnlyOnceTheServiceHasTheirUpdate()
    {
        var (service, record, batcher, client) = Start(holdFromCall: 1);
        var first = Task.Run(() => WaitAndSeeAsync(batcher, service, "first"));
        await client.Held.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var queued = Enumerable.Range(0, 50).Select(i => WaitAndSeeAsync(batcher, service, "q" + i)).ToList();

        client.Release();
        var seen = await Task.WhenAll([first, .. queued]).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(seen, Assert.True);
        Assert.Equal(2, service.CheckpointCalls.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => "q" + i), service.CheckpointCalls[1].Updates.Select(u => u.Id));
        Assert.Equal(51, record.Operations.Count(o => o.Type == OperationTypes.Step));
        await batcher.DrainAsync();
    }

    [Fact]
    public async Task Acknowledgements_WhenTheCallFails_ShouldFaultEveryWaiterAndTheBatcher()
    {
        var refused = new DurableServiceException("InvalidParameterValueException", "refused", 400);
        var (_, _, batcher, client) = Start(holdFromCall: 1, refused);
        var first = batcher.EnqueueAsync(Succeed("first"), waitForAcknowledgement: true);
        await client.Held.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var queued = Enumerable.Range(0, 20).Select(i => batcher.EnqueueAsync(Succeed("q" + i), waitForAcknowledgement: true)).ToList();

        client.Release();

        foreach (var waiter in queued.Prepend(first))
        {
            Assert.Same(refused, await Assert.ThrowsAsync<DurableServiceException>(() => waiter.WaitAsync(TimeSpan.FromSeconds(10))));
        }

        Assert.Same(refused, await batcher.Faulted.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<DurableServiceException>(batcher.DrainAsync);
        Assert.Same(refused, await Assert.ThrowsAsync<DurableServiceException>(() => batcher.EnqueueAsync(Succeed("after"), waitForAcknowledgement: true)));
    }

    [Fact]
    public async Task Acknowledgement_WhenItsWaiterBlocksTheThreadThatAnsweredIt_ShouldNotHoldBackLaterUpdates()
    {
        var (service, _, batcher, _) = Start(holdFromCall: int.MaxValue);

        var sawLater = await Task.Run(async () =>
        {
            await batcher.EnqueueAsync(Succeed("first"), waitForAcknowledgement: true).ConfigureAwait(false);

            // Hold the thread this waiter resumed on until a later update is acknowledged: sending must not need it.
            var later = Task.Run(() => batcher.EnqueueAsync(Succeed("later"), waitForAcknowledgement: true));
            return SpinWait.SpinUntil(() => later.IsCompletedSuccessfully, TimeSpan.FromSeconds(10));
        }).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(sawLater);
        Assert.Equal(["first", "later"], service.CheckpointCalls.SelectMany(c => c.Updates).Select(u => u.Id));
    }

    private static async Task<bool> WaitAndSeeAsync(CheckpointBatcher batcher, InMemoryDurableService service, string id)
    {
        await batcher.EnqueueAsync(Succeed(id), waitForAcknowledgement: true).ConfigureAwait(false);
        return service.Locked(() => service.Get(Arn).Find(id) is not null);
    }

    private static (InMemoryDurableService Service, DurableExecutionRecord Record, CheckpointBatcher Batcher, AnsweringLaterService Client) Start(int holdFromCall, Exception? failHeldWith = null)
    {
        var service = new InMemoryDurableService(new DurableTestClock(Now));
        var record = service.Add(DurableExecutionRules.Create(Arn, "batcher", "wf", "{}", Now, null));
        var envelope = service.Locked(() => DurableExecutionRules.BeginInvocation(record));
        var client = new AnsweringLaterService(service) { HoldFromCall = holdFromCall, FailHeldWith = failHeldWith };
        var batcher = new CheckpointBatcher(client, Arn, envelope.CheckpointToken!, new ExecutionState(envelope.InitialExecutionState?.Operations), 250);
        return (service, record, batcher, client);
    }

    private static OperationUpdate Succeed(string id) =>
        new() { Id = id, Name = id, Type = OperationTypes.Step, Action = OperationActions.Succeed, Payload = "1" };
}
