using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Core.Testing;

namespace Conveyor.Core.Tests.InMemory;

public sealed class InMemoryWorkflowStarterTests
{
    [Fact]
    public async Task StartAsync_WhenSameExecutionNameTwice_ShouldStartOnceAndReportAlreadyStarted()
    {
        var starter = new InMemoryWorkflowStarter();
        var key = ContractTasks.NewTask("acme", stepFunction: true, input: "[1]").Key;
        var start = new WorkflowStart(key, ExecutionNames.For(key), ContractTasks.Json("[1]"));

        var first = await starter.StartAsync(start, CancellationToken.None);
        var second = await starter.StartAsync(start with { }, CancellationToken.None);

        Assert.False(first.AlreadyStarted);
        Assert.True(second.AlreadyStarted);
        Assert.Equal(first.ExecutionId, second.ExecutionId);
        Assert.Single(starter.Started);
        Assert.Equal(2, starter.Calls.Count);
    }

    [Fact]
    public async Task StartAsync_WhenNameBelongsToAnotherTask_ShouldThrow()
    {
        var starter = new InMemoryWorkflowStarter();
        var one = ContractTasks.NewTask("acme", 0, stepFunction: true, input: "[1]").Key;
        var two = ContractTasks.NewTask("acme", 1, stepFunction: true, input: "[1]").Key;
        await starter.StartAsync(new WorkflowStart(one, "same", ContractTasks.Json("[1]")), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => starter.StartAsync(new WorkflowStart(two, "same", ContractTasks.Json("[1]")), CancellationToken.None));
    }

    [Fact]
    public async Task InMemoryNotifier_WhenPublished_ShouldBeQueryableByActionAndKey()
    {
        var notifier = new InMemoryNotifier();
        var a = ContractTasks.NewTask("acme", 0).Key;
        var b = ContractTasks.NewTask("acme", 1).Key;

        await notifier.PublishAsync(new Notification(NotificationActions.TaskStatus, a, "acme", ContractTasks.Json("{}")), CancellationToken.None);
        await notifier.PublishAsync(new Notification(NotificationActions.StepFunctionAlarm, b, "acme", ContractTasks.Json("{}")), CancellationToken.None);

        Assert.Equal(a, Assert.Single(notifier.ForAction(NotificationActions.TaskStatus)).Key);
        Assert.Equal(NotificationActions.StepFunctionAlarm, Assert.Single(notifier.ForKey(b)).Action);
        notifier.Clear();
        Assert.Empty(notifier.Published);
    }
}
