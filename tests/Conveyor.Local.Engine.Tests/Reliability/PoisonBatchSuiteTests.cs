using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Local.Queue;
using Xunit.Abstractions;

namespace Conveyor.Local.Engine.Tests.Reliability;

/// <summary>
/// R2 on the embedded engine: 20 batches of 10 task-queue messages, each with one malformed body and one task whose
/// handler fails every attempt, the rest good → the good ones complete, each failing task ends FAILED with its cause
/// after the last attempt, and every malformed message ends in <c>conveyor-local-tasks-dlq</c> with its cause as attributes (nothing lost, no host crash).
/// </summary>
public sealed class PoisonBatchSuiteTests(ITestOutputHelper output)
{
    private const int Batches = 20;

    [Fact]
    [Trait("Category", "Reliability")]
    public async Task R2_BatchesWithOnePoisonEach_ShouldCompleteTheRestAndDeadLetterThePoisonWithItsCause()
    {
        await using var fixture = await EngineFixture.StartAsync(o => o with { VisibilityTimeout = TimeSpan.FromMilliseconds(300) });
        var queue = fixture.Get<EngineQueues>().Tasks;
        var poisons = new HashSet<string>(StringComparer.Ordinal);
        var failing = new List<TaskKey>();
        for (var batch = 0; batch < Batches; batch++)
        {
            var bodies = new List<QueueSendRequest>();
            for (var i = 0; i < 8; i++)
            {
                await fixture.Tasks.CreateTaskAsync(new CreateTaskRequest("r2", "echo", Json($$"""{"batch":{{batch}},"i":{{i}}}""")), CancellationToken.None);
            }

            failing.Add((await fixture.Tasks.CreateTaskAsync(new CreateTaskRequest("r2", "echo", Json($$"""{"batch":{{batch}},"fail":"transient"}""")), CancellationToken.None)).Task.Key);
            var poison = batch % 2 == 0 ? $"not json {batch}" : $$"""{"pk":"TASK#r2","batch":{{batch}}}""";
            poisons.Add(poison);
            bodies.Add(new QueueSendRequest(poison));
            await queue.SendBatchAsync(bodies, CancellationToken.None);
        }

        var dlq = queue.DeadLetterQueue();
        Assert.True(await EngineFixture.EventuallyAsync(
            async () => (await fixture.ListAsync(TaskKind.Task)).All(t => t.Status.IsTerminal()) && (await dlq.GetCountsAsync(CancellationToken.None)).Total >= Batches,
            TimeSpan.FromMinutes(2)));
        var tasks = await fixture.ListAsync(TaskKind.Task);
        var dead = await dlq.ReceiveAsync(1000, null, CancellationToken.None);
        var failed = tasks.Where(t => t.Status == TrackedTaskStatus.Failed).ToArray();
        output.WriteLine($"R2 poison (engine): {Batches} batches, {tasks.Count} tasks → {tasks.Count(t => t.Status == TrackedTaskStatus.Completed)} completed, {failed.Length} failed with cause, " +
            $"{dead.Count(m => poisons.Contains(m.Body))} malformed messages dead-lettered of {poisons.Count}, " +
            $"{dead.Count(m => m.Attributes?.ContainsKey(DeadLetter.ErrorTypeAttribute) == true)} with their cause, {dead.Count} dead letters in all");

        Assert.Equal(Batches * 9, tasks.Count);
        Assert.Equal(Batches * 8, tasks.Count(t => t.Status == TrackedTaskStatus.Completed));
        Assert.Equal(failing.ToHashSet(), failed.Select(t => t.Key).ToHashSet());
        Assert.All(failed, t => Assert.Contains("asked to fail", t.Error!.Message, StringComparison.Ordinal));
        Assert.True(poisons.SetEquals(dead.Select(m => m.Body).Where(poisons.Contains)), "every malformed message is in the DLQ");
        Assert.Equal(poisons.Count, dead.Count(m => poisons.Contains(m.Body)));
        Assert.All(dead.Where(m => poisons.Contains(m.Body)), m =>
        {
            Assert.Equal("PoisonMessageException", m.Attributes![DeadLetter.ErrorTypeAttribute]);
            Assert.Contains("is not a task-queue message", m.Attributes[DeadLetter.ErrorMessageAttribute], StringComparison.Ordinal);
            Assert.Equal(EngineQueues.TaskQueueName, m.Attributes[DeadLetter.SourceQueueAttribute].Split(':')[^1]);
        });
    }

    private static System.Text.Json.JsonElement Json(string text)
    {
        using var document = System.Text.Json.JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
