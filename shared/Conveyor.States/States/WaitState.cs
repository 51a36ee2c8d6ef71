using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Errors;
using Conveyor.States.Execution;
using Conveyor.States.History;
using Conveyor.States.Json;
using Conveyor.States.Paths;

namespace Conveyor.States.States;

/// <summary>Wait: Seconds, Timestamp, SecondsPath or TimestampPath, on the injected TimeProvider (or not at all with NoWait).</summary>
internal static class WaitState
{
    public static async ValueTask<StateOutcome> ExecuteAsync(StateDefinition s, JsonNode? raw, ExecutionFrame frame, ContextObject ctx)
    {
        var delay = Delay(s, raw, frame, ctx);
        frame.Run.Emit(HistoryEventType.WaitStarted, s.Name, JsonValue.Create(delay.TotalSeconds), mapIndex: frame.MapItem?.Index);
        await frame.Run.DelayAsync(delay, frame.CancellationToken);
        frame.Run.Emit(HistoryEventType.WaitEnded, s.Name, mapIndex: frame.MapItem?.Index);
        return new StateOutcome(DataFlow.PassThrough(s, raw, frame, ctx, s.AssignPath, s.AssignJsonata, s.Output), s.Next);
    }

    private static TimeSpan Delay(StateDefinition s, JsonNode? raw, ExecutionFrame frame, ContextObject ctx)
    {
        var scope = DataFlow.Scope(raw, ctx, frame);
        var pc = new PathContext(raw, ctx, frame.Variables);
        if (s.Seconds is not null) { return Seconds(s.Seconds.Evaluate(scope, "Seconds"), "Seconds", s.IsJsonata); }
        if (s.SecondsPath is not null) { return Seconds(pc.Resolve(s.SecondsPath, "SecondsPath"), "SecondsPath", jsonata: false); }
        var node = s.Timestamp is not null ? s.Timestamp.Evaluate(scope, "Timestamp") : pc.Resolve(s.TimestampPath!, "TimestampPath");
        if (JsonUtil.GetString(node) is not { } text || !Timestamps.TryParse(text, out var until))
        {
            throw FieldValue.Invalid(s.IsJsonata, $"The Wait timestamp must be an RFC 3339 string but was {JsonUtil.ToJson(node)}");
        }

        return until - frame.Run.Clock.GetUtcNow();
    }

    private static TimeSpan Seconds(JsonNode? node, string field, bool jsonata) =>
        TimeSpan.FromSeconds(FieldValue.Number(node, field, jsonata, 0, 99_999_999, integer: true));
}
