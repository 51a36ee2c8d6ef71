using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Errors;
using Conveyor.States.History;
using Conveyor.States.Json;

namespace Conveyor.States.Execution;

/// <summary>Runs executions of one state machine. <see cref="RunAsync"/> never throws for workflow errors: it returns FAILED.</summary>
public sealed class StateMachineRunner(StateMachineDefinition definition, StateMachineRunnerOptions? options = null)
{
    private readonly StateMachineRunnerOptions _options = options ?? new StateMachineRunnerOptions();

    public StateMachineDefinition Definition { get; } = definition ?? throw new ArgumentNullException(nameof(definition));

    public async Task<ExecutionResult> RunAsync(JsonNode? input, string? executionName = null, CancellationToken cancellationToken = default)
    {
        var name = executionName ?? Guid.NewGuid().ToString();
        var info = new ExecutionInfo(
            $"arn:aws:states:local:000000000000:execution:{_options.StateMachineName}:{name}", name, _options.StateMachineName, input, _options.TimeProvider.GetUtcNow());
        JsonUtil.Materialize(info.Holder);
        using var timeout = Definition.TimeoutSeconds is { } seconds
            ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds), _options.TimeProvider)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var run = new ExecutionRun(_options, info, linked.Token);
        var frame = new ExecutionFrame(run, new VariableScope(null), null, null, linked.Token);
        run.Emit(HistoryEventType.ExecutionStarted, data: input);
        try
        {
            // The final state's output may be part of its input (OutputPath "$.a"): callers get a node they can adopt.
            var output = JsonUtil.Own(await GraphRunner.RunAsync(Definition.Graph, input?.DeepClone(), frame));
            run.Emit(HistoryEventType.ExecutionSucceeded, data: output);
            return new ExecutionResult(ExecutionStatus.Succeeded, output);
        }
        catch (StatesException ex)
        {
            run.Emit(HistoryEventType.ExecutionFailed, error: ex.Error, cause: ex.Cause);
            return new ExecutionResult(ExecutionStatus.Failed, null, ex.Error, ex.Cause);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            run.Emit(HistoryEventType.ExecutionTimedOut, error: StatesErrorNames.Timeout);
            return new ExecutionResult(ExecutionStatus.TimedOut, null, StatesErrorNames.Timeout, $"The execution did not complete within {Definition.TimeoutSeconds} seconds");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.Emit(HistoryEventType.ExecutionAborted);
            return new ExecutionResult(ExecutionStatus.Aborted, null, "States.Aborted", "The execution was cancelled");
        }
#pragma warning disable CA1031 // The contract is that no exception escapes RunAsync: anything unexpected fails the execution.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            run.Emit(HistoryEventType.ExecutionFailed, error: StatesErrorNames.Runtime, cause: ex.Message);
            return new ExecutionResult(ExecutionStatus.Failed, null, StatesErrorNames.Runtime, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
