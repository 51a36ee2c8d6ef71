using System.Collections.Concurrent;
using Conveyor.States.Errors;
using Conveyor.States.Json;
using Conveyor.States.Tasks;

namespace Conveyor.States.Mocks;

/// <summary>
/// Answers Task states from a mock configuration test case, counting invocations per state like Step Functions Local.
/// A mocked Return is the full service response (for lambda:invoke: {StatusCode, Payload}), as in Step Functions Local.
/// </summary>
public sealed class MockTaskInvoker(MockConfiguration configuration, string stateMachineName, string testCase, ITaskResourceInvoker? fallback = null)
    : ITaskResourceInvoker
{
    private readonly IReadOnlyDictionary<string, string> _cases = configuration.GetTestCase(stateMachineName, testCase);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public ValueTask<TaskResult> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (!_cases.TryGetValue(invocation.StateName, out var responseName))
        {
            return fallback?.InvokeAsync(invocation, cancellationToken)
                ?? throw new StatesException(StatesErrorNames.Runtime, $"The test case '{testCase}' has no mocked response for the state '{invocation.StateName}'");
        }

        var call = _calls.AddOrUpdate(invocation.StateName, 0, (_, n) => n + 1);
        var response = configuration.GetResponse(responseName, call)
            ?? throw new StatesException(StatesErrorNames.Runtime, $"The mocked response '{responseName}' has no entry for invocation {call} of '{invocation.StateName}'");
        if (response["Throw"] is { } thrown)
        {
            throw new TaskFailedException(JsonUtil.GetString(thrown["Error"]) ?? StatesErrorNames.TaskFailed, JsonUtil.GetString(thrown["Cause"]) ?? string.Empty);
        }

        return ValueTask.FromResult(new TaskResult(JsonUtil.Clone(response["Return"]), IsServiceResponse: true));
    }
}
