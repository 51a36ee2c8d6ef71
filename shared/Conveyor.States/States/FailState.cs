using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Errors;
using Conveyor.States.Execution;
using Conveyor.States.Json;
using Conveyor.States.Paths;

namespace Conveyor.States.States;

/// <summary>Fail: ends the execution (or branch) with Error and Cause, or their ErrorPath/CausePath forms.</summary>
internal static class FailState
{
    public static StateOutcome Execute(StateDefinition s, JsonNode? raw, ExecutionFrame frame, ContextObject ctx)
    {
        string? error, cause;
        if (s.IsJsonata)
        {
            var scope = DataFlow.Scope(raw, ctx, frame);
            error = Text(s.Error?.Evaluate(scope, "Error"), "Error", jsonata: true);
            cause = Text(s.Cause?.Evaluate(scope, "Cause"), "Cause", jsonata: true);
        }
        else
        {
            var pc = new PathContext(raw, ctx, frame.Variables);
            error = s.ErrorPath is not null ? Text(s.ErrorPath.Evaluate(pc)?["value"], "ErrorPath", jsonata: false) : JsonUtil.GetString(s.Error?.Evaluate(DataFlow.Scope(raw, ctx, frame), "Error"));
            cause = s.CausePath is not null ? Text(s.CausePath.Evaluate(pc)?["value"], "CausePath", jsonata: false) : JsonUtil.GetString(s.Cause?.Evaluate(DataFlow.Scope(raw, ctx, frame), "Cause"));
        }

        throw new StatesException(error ?? string.Empty, cause ?? string.Empty);
    }

    private static string? Text(JsonNode? node, string field, bool jsonata) => node is null
        ? null
        : JsonUtil.GetString(node) ?? throw FieldValue.Invalid(jsonata, $"The value of '{field}' must be a string but was {JsonUtil.ToJson(node)}");
}
