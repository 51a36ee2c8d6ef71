using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Errors;
using Conveyor.States.History;
using Conveyor.States.States;

namespace Conveyor.States.Execution;

/// <summary>Runs a state graph from StartAt until a terminal state; errors surface as <see cref="StatesException"/>.</summary>
internal static class GraphRunner
{
    public static async ValueTask<JsonNode?> RunAsync(StateGraph graph, JsonNode? input, ExecutionFrame frame)
    {
        var name = graph.StartAt;
        while (true)
        {
            frame.CancellationToken.ThrowIfCancellationRequested();
            var state = graph.States[name];
            var ctx = frame.CreateContext(name);
            var run = frame.Run;
            if (run.Observed) { run.Emit(HistoryEventType.StateEntered, name, input, mapIndex: frame.MapItem?.Index, branchIndex: frame.BranchIndex); }
            var outcome = state.Type switch
            {
                StateType.Pass => PassState.Execute(state, input, frame, ctx),
                StateType.Choice => ChoiceState.Execute(state, input, frame, ctx),
                StateType.Succeed => new StateOutcome(DataFlow.PassThrough(state, input, frame, ctx, null, null, state.Output), null),
                StateType.Fail => FailState.Execute(state, input, frame, ctx),
                StateType.Wait => await WaitState.ExecuteAsync(state, input, frame, ctx),
                StateType.Task => await TaskState.ExecuteAsync(state, input, frame, ctx),
                StateType.Parallel => await ParallelState.ExecuteAsync(state, input, frame, ctx),
                StateType.Map => await MapState.ExecuteAsync(state, input, frame, ctx),
                _ => throw new StatesException(StatesErrorNames.Runtime, $"Unsupported state type {state.Type}"),
            };
            if (run.Observed) { run.Emit(HistoryEventType.StateExited, name, outcome.Output, mapIndex: frame.MapItem?.Index, branchIndex: frame.BranchIndex); }
            if (outcome.Next is null)
            {
                return outcome.Output;
            }

            name = outcome.Next;
            input = outcome.Output;
        }
    }
}
