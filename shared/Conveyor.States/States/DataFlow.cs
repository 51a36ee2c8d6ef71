using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Execution;
using Conveyor.States.Jsonata;
using Conveyor.States.Paths;

namespace Conveyor.States.States;

/// <summary>Input and output processing: InputPath → Parameters → ResultSelector → ResultPath → OutputPath, or JSONata Arguments/Output/Assign.</summary>
internal static class DataFlow
{
    public static JsonNode? InputPath(StateDefinition s, JsonNode? raw, PathContext pc)
    {
        if (s.InputPathIsNull) { return new JsonObject(); }
        return s.InputPath is null ? raw : pc.Resolve(s.InputPath, "InputPath");
    }

    public static JsonNode? OutputPath(StateDefinition s, JsonNode? value, PathContext pc)
    {
        if (s.OutputPathIsNull) { return new JsonObject(); }
        return s.OutputPath is null ? value : pc.WithInput(value).Resolve(s.OutputPath, "OutputPath");
    }

    /// <summary>InputPath then Parameters (JSONPath), or Arguments (JSONata; defaults to the state input).</summary>
    public static JsonNode? EffectiveInput(StateDefinition s, JsonNode? raw, ExecutionFrame frame, ContextObject ctx)
    {
        if (s.IsJsonata)
        {
            return s.Arguments is null ? raw : s.Arguments.Evaluate(Scope(raw, ctx, frame), "Arguments");
        }

        var pc = new PathContext(raw, ctx, frame.Variables);
        var effective = InputPath(s, raw, pc);
        return s.Parameters is null ? effective : s.Parameters.Evaluate(pc.WithInput(effective));
    }

    /// <summary>Turns a state's result into its output and applies Assign.</summary>
    public static JsonNode? Finish(StateDefinition s, JsonNode? raw, JsonNode? result, bool hasResult, ExecutionFrame frame, ContextObject ctx)
    {
        if (s.IsJsonata)
        {
            var scope = Scope(raw, ctx, frame, hasResult, result);
            var assigned = s.AssignJsonata?.Evaluate(scope, "Assign") as JsonObject;
            var output = s.Output is null ? (hasResult ? result : raw) : s.Output.Evaluate(scope, "Output");
            Assign(frame, assigned);
            return output;
        }

        var pc = new PathContext(raw, ctx, frame.Variables);
        if (s.ResultSelector is not null) { result = s.ResultSelector.Evaluate(pc.WithInput(result)); }
        var assignments = s.AssignPath?.EvaluateAssignments(pc.WithInput(result));
        var merged = s.ResultPathIsNull ? raw : s.ResultPath is null ? result : ResultPathWriter.Apply(raw, s.ResultPath, result);
        var final = OutputPath(s, merged, pc);
        if (assignments is not null) { frame.Variables.SetAll(assignments); }
        return final;
    }

    /// <summary>Output for states without a result (Choice, Wait, Succeed): JSONPath applies InputPath then OutputPath.</summary>
    public static JsonNode? PassThrough(StateDefinition s, JsonNode? raw, ExecutionFrame frame, ContextObject ctx, PayloadTemplate? assignPath, JsonataTemplate? assignJsonata, JsonataTemplate? output)
    {
        if (s.IsJsonata)
        {
            var scope = Scope(raw, ctx, frame);
            var assigned = assignJsonata?.Evaluate(scope, "Assign") as JsonObject;
            var result = output is null ? raw : output.Evaluate(scope, "Output");
            Assign(frame, assigned);
            return result;
        }

        var pc = new PathContext(raw, ctx, frame.Variables);
        var effective = InputPath(s, raw, pc);
        var assignments = assignPath?.EvaluateAssignments(pc.WithInput(effective));
        var final = OutputPath(s, effective, pc);
        if (assignments is not null) { frame.Variables.SetAll(assignments); }
        return final;
    }

    public static JsonataScope Scope(JsonNode? raw, ContextObject ctx, ExecutionFrame frame, bool hasResult = false, JsonNode? result = null,
        bool hasError = false, JsonNode? errorOutput = null) => new()
        {
            Input = raw,
            Context = ctx,
            Variables = frame.Variables,
            HasResult = hasResult,
            Result = result,
            HasErrorOutput = hasError,
            ErrorOutput = errorOutput,
        };

    public static void Assign(ExecutionFrame frame, JsonObject? assigned)
    {
        if (assigned is null) { return; }
        var pairs = assigned.ToList();
        assigned.Clear();
        frame.Variables.SetAll(pairs);
    }
}
