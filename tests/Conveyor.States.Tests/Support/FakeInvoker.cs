using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Conveyor.States.Tasks;

namespace Conveyor.States.Tests.Support;

/// <summary>An invoker backed by a delegate; records every invocation.</summary>
internal sealed class FakeInvoker(Func<TaskInvocation, CancellationToken, ValueTask<JsonNode?>> handler) : ITaskResourceInvoker
{
    public ConcurrentQueue<TaskInvocation> Invocations { get; } = new();

    public static FakeInvoker Returning(string json) => new((_, _) => ValueTask.FromResult(JsonNode.Parse(json)));

    public async ValueTask<TaskResult> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken)
    {
        Invocations.Enqueue(invocation);
        return new TaskResult(await handler(invocation, cancellationToken));
    }
}
