using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Errors;
using Conveyor.States.Execution;
using Conveyor.States.History;
using Conveyor.States.Paths;

namespace Conveyor.States.States;

/// <summary>Retry and Catch around the work of a Task, Parallel or Map state.</summary>
internal static class ErrorHandling
{
    public static async ValueTask<StateOutcome> RunAsync(StateDefinition s, JsonNode? raw, ExecutionFrame frame, ContextObject ctx,
        Func<int, ValueTask<JsonNode?>> work)
    {
        var counts = new int[s.Retry.Count];
        var attempt = 0;
        while (true)
        {
            StatesException error;
            try
            {
                return new StateOutcome(await work(attempt), s.Next);
            }
            catch (StatesException ex)
            {
                error = ex;
            }

            frame.CancellationToken.ThrowIfCancellationRequested();
            var retrier = FindRetrier(s, error.Error);
            if (retrier >= 0 && counts[retrier] < s.Retry[retrier].MaxAttempts)
            {
                var policy = s.Retry[retrier];
                var seconds = policy.IntervalSeconds * Math.Pow(policy.BackoffRate, counts[retrier]);
                if (policy.MaxDelaySeconds is { } max) { seconds = Math.Min(seconds, max); }
#pragma warning disable CA5394 // Jitter, not security.
                if (policy.FullJitter) { seconds *= Random.Shared.NextDouble(); }
#pragma warning restore CA5394
                counts[retrier]++;
                attempt++;
                ctx.RetryCount = attempt;
                frame.Run.Emit(HistoryEventType.TaskRetryScheduled, s.Name, error: error.Error, cause: error.Cause, mapIndex: frame.MapItem?.Index);
                await frame.Run.DelayAsync(TimeSpan.FromSeconds(seconds), frame.CancellationToken);
                continue;
            }

            var catcher = s.Catch.FirstOrDefault(c => ErrorMatcher.Matches(c.ErrorEquals, error.Error));
            if (catcher is null)
            {
                throw error;
            }

            frame.Run.Emit(HistoryEventType.CatchMatched, s.Name, error: error.Error, cause: error.Cause, mapIndex: frame.MapItem?.Index);
            return new StateOutcome(CatchOutput(s, catcher, raw, error, frame, ctx), catcher.Next);
        }
    }

    private static int FindRetrier(StateDefinition s, string error)
    {
        for (var i = 0; i < s.Retry.Count; i++)
        {
            if (ErrorMatcher.Matches(s.Retry[i].ErrorEquals, error)) { return i; }
        }

        return -1;
    }

    private static JsonNode? CatchOutput(StateDefinition s, CatcherDefinition catcher, JsonNode? raw, StatesException error, ExecutionFrame frame, ContextObject ctx)
    {
        var errorOutput = new JsonObject { ["Error"] = error.Error, ["Cause"] = error.Cause };
        if (s.IsJsonata)
        {
            var scope = DataFlow.Scope(raw, ctx, frame, hasError: true, errorOutput: errorOutput);
            var field = $"Catch[{s.Catch.ToList().IndexOf(catcher)}]";
            var assigned = catcher.AssignJsonata?.Evaluate(scope, field + "/Assign") as JsonObject;
            var output = catcher.Output is null ? errorOutput.DeepClone() : catcher.Output.Evaluate(scope, field + "/Output");
            DataFlow.Assign(frame, assigned);
            return output;
        }

        var pc = new PathContext(raw, ctx, frame.Variables);
        var assignments = catcher.AssignPath?.EvaluateAssignments(pc.WithInput(errorOutput));
        var result = catcher.DiscardResult ? raw : catcher.ResultPath is null ? errorOutput : ResultPathWriter.Apply(raw, catcher.ResultPath, errorOutput);
        if (assignments is not null) { frame.Variables.SetAll(assignments); }
        return result;
    }
}
