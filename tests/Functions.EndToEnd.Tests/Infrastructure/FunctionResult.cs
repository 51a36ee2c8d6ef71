using System.Text.Json;
using Conveyor.Lambda.Emulator;

namespace Functions.EndToEnd.Tests.Infrastructure;

/// <summary>What one invocation answered, and access to the log lines it wrote.</summary>
public sealed class FunctionResult(RunningFunction function, InvocationOutcome outcome)
{
    public InvocationOutcome Outcome { get; } = outcome;

    public bool IsError => Outcome.IsError;

    /// <summary>The response (or error) body as JSON.</summary>
    public JsonElement Body
    {
        get
        {
            using var document = JsonDocument.Parse(Outcome.Body);
            return document.RootElement.Clone();
        }
    }

    /// <summary>Item identifiers of a partial-batch response.</summary>
    public string[] BatchItemFailures =>
        Body.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()!).ToArray();

    /// <summary>Waits until this invocation logged a line at <paramref name="level"/> whose message contains <paramref name="text"/>; returns it.</summary>
    public async Task<JsonElement> LoggedAsync(string level, string text)
    {
        bool Match(JsonElement line) =>
            line.GetProperty("level").GetString() == level
            && line.GetProperty("message").GetString()!.Contains(text, StringComparison.Ordinal);
        var logs = await function.WaitForLogsAsync(Outcome.RequestId, Match);
        var found = logs.Where(Match).ToList();
        Assert.True(found.Count > 0, $"No {level} log containing '{text}' for request {Outcome.RequestId}. Logged:\n{string.Join('\n', logs.Select(l => l.GetRawText()))}");
        return found[0];
    }
}
