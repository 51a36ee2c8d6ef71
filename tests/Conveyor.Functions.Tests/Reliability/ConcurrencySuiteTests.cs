using System.Collections.Concurrent;
using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Processing;
using Conveyor.Core.Tasks;
using Conveyor.Functions.Finalize;
using Conveyor.Functions.MapItem;
using Conveyor.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Conveyor.Functions.Tests.Support.StepFunctionFixture;

namespace Conveyor.Functions.Tests.Reliability;

/// <summary>
/// R5: 8 workers run the 1,000 subtasks of one parent through the real MapItem handler while 5% of conditional writes
/// are lost to injected conflicts and every worker also recomputes the parent's progress (real contention on one row);
/// two Finalize calls race at the end. Exact counts, every effect once, one final status.
/// </summary>
public sealed class ConcurrencySuiteTests(ITestOutputHelper output)
{
    private const int Items = 1000;
    private const int Workers = 8;

    [Fact]
    [Trait("Category", "Reliability")]
    public async Task R5_EightWorkersOneParentWithInjectedConflicts_ShouldEndWithExactCountsAndOneFinalStatus()
    {
        var effects = new ConcurrentDictionary<int, int>();
        var handler = new CountingProcessor("r5", (task, _) =>
        {
            var index = task.Input.GetProperty("i").GetInt32();
            effects.AddOrUpdate(index, 1, (_, n) => n + 1);
            return index % 10 == 0 ? throw new PermanentTaskFailureException($"item {index} is bad by design") : task.Input.Clone();
        });
        ConflictInjectingStore? injecting = null;
        using var harness = new FunctionsHarness(services =>
        {
            services.AddSingleton<ITaskProcessor>(handler);
            services.AddSingleton<ITaskStore>(_ => injecting!);
        });
        injecting = new ConflictInjectingStore(harness.Store, seed: 5);
        var input = "[" + string.Join(',', Enumerable.Range(0, Items).Select(i => $$"""{"i":{{i}}}""")) + "]";
        var parent = await StartedParentAsync(harness, input, type: "r5");
        injecting.Rate = 0.05;
        var mapItem = harness.Get<MapItemHandler>();
        var next = -1;
        var redeliveries = 0;

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < Items)
            {
                // A lost race surfaces as an exception; Step Functions' Retry (and the stream's redelivery) runs the step again.
                await RetryAsync(() => mapItem.HandleAsync(Item(parent, index), FunctionsHarness.Context(), CancellationToken.None), () => Interlocked.Increment(ref redeliveries));
                await RetryAsync(() => harness.Tasks.UpdateStepFunctionAttributesAsync(parent, CancellationToken.None), () => Interlocked.Increment(ref redeliveries));
            }
        })));
        var finals = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            RetryAsync(() => harness.Get<FinalizeHandler>().HandleAsync(FinalizeRequest(parent), FunctionsHarness.Context(), CancellationToken.None)))));

        var subTasks = await harness.Tasks.ListSubTasksAsync(parent, CancellationToken.None);
        var stored = await harness.GetTaskAsync(parent);
        var terminalWrites = harness.Store.Changes.Count(c => c.NewImage.Key == parent && c.NewImage.Status.IsTerminal() && c.OldImage?.Status.IsTerminal() != true);
        output.WriteLine($"R5 concurrency: {Items} subtasks x {Workers} workers, {injecting.Updates} conditional writes, {injecting.Injected} injected conflicts, {redeliveries} redeliveries; " +
            $"effects run {effects.Values.Sum()} (max per item {effects.Values.Max()}), completed {subTasks.Count(s => s.Status == TrackedTaskStatus.Completed)}, failed {subTasks.Count(s => s.Status == TrackedTaskStatus.Failed)}, parent {stored.Status.ToWireName()} written terminal {terminalWrites}x");

        Assert.True(injecting.Injected > 50, "the suite must actually inject conflicts");
        Assert.Equal(Items, effects.Count);
        Assert.All(effects.Values, runs => Assert.Equal(1, runs));
        Assert.Equal(Items, subTasks.Count);
        Assert.Equal(900, subTasks.Count(s => s.Status == TrackedTaskStatus.Completed));
        Assert.Equal(100, subTasks.Count(s => s.Status == TrackedTaskStatus.Failed));
        Assert.All(finals, f => Assert.Equal("FINISHED", f.Status));
        Assert.Equal(TrackedTaskStatus.Finished, stored.Status);
        Assert.Equal((Items, 900, 100, 0), (stored.Attributes!.SubTaskCount, stored.Attributes.SubTaskSucceedCount, stored.Attributes.SubTaskFailedCount, stored.Attributes.SubTaskRunningCount));
        Assert.Equal(1, terminalWrites);
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> step, Action? retried = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step();
            }
            catch (Exception ex) when (ex is TaskConflictException or SubTaskAttemptFailedException && attempt < 50)
            {
                retried?.Invoke();
            }
        }
    }
}
