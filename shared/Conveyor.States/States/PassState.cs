using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Execution;
using Conveyor.States.Json;

namespace Conveyor.States.States;

/// <summary>Pass: its result is Result, Parameters or the effective input.</summary>
internal static class PassState
{
    public static StateOutcome Execute(StateDefinition s, JsonNode? raw, ExecutionFrame frame, ContextObject ctx)
    {
        if (s.IsJsonata)
        {
            return new StateOutcome(DataFlow.Finish(s, raw, null, hasResult: false, frame, ctx), s.Next);
        }

        var result = s.HasResult ? JsonUtil.Clone(s.Result) : DataFlow.EffectiveInput(s, raw, frame, ctx);
        return new StateOutcome(DataFlow.Finish(s, raw, result, hasResult: true, frame, ctx), s.Next);
    }
}
