using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Errors;
using Conveyor.States.Execution;
using Conveyor.States.History;
using Conveyor.States.Json;
using Conveyor.States.Paths;

namespace Conveyor.States.States;

/// <summary>Choice: the first matching rule's Next, else Default, else States.NoChoiceMatched.</summary>
internal static class ChoiceState
{
    public static StateOutcome Execute(StateDefinition s, JsonNode? raw, ExecutionFrame frame, ContextObject ctx)
    {
        var pc = new PathContext(raw, ctx, frame.Variables);
        var effective = s.IsJsonata ? raw : DataFlow.InputPath(s, raw, pc);
        var rulesContext = pc.WithInput(effective);
        for (var i = 0; i < s.Choices.Count; i++)
        {
            var rule = s.Choices[i];
            var matched = s.IsJsonata ? Condition(rule, i, raw, frame, ctx) : ChoiceEvaluator.Evaluate(rule, rulesContext);
            if (matched)
            {
                frame.Run.Emit(HistoryEventType.ChoiceMatched, s.Name, JsonValue.Create(rule.Next), mapIndex: frame.MapItem?.Index);
                return new StateOutcome(DataFlow.PassThrough(s, raw, frame, ctx, rule.AssignPath, rule.AssignJsonata, rule.Output ?? s.Output), rule.Next);
            }
        }

        if (s.Default is null)
        {
            throw new StatesException(StatesErrorNames.NoChoiceMatched, $"No Choice rule matched in state '{s.Name}' and there is no Default");
        }

        return new StateOutcome(DataFlow.PassThrough(s, raw, frame, ctx, s.AssignPath, s.AssignJsonata, s.Output), s.Default);
    }

    private static bool Condition(ChoiceRuleDefinition rule, int index, JsonNode? raw, ExecutionFrame frame, ContextObject ctx)
    {
        var value = rule.Condition!.Evaluate(DataFlow.Scope(raw, ctx, frame), $"Choices[{index}]/Condition");
        return JsonUtil.IsBoolean(value)
            ? value!.GetValue<bool>()
            : throw new StatesException(StatesErrorNames.QueryEvaluationError, $"The Condition must evaluate to a boolean but was {JsonUtil.ToJson(value)}");
    }
}
