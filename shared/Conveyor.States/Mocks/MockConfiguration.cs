using System.Text.Json;
using System.Text.Json.Nodes;
using Conveyor.States.Json;

namespace Conveyor.States.Mocks;

/// <summary>
/// The AWS Step Functions Local mock configuration: <c>StateMachines → name → TestCases → case → state → response</c>
/// and <c>MockedResponses → response → "0" | "1-2" → {Return} | {Throw: {Error, Cause}}</c>.
/// </summary>
public sealed class MockConfiguration
{
    private readonly JsonObject _root;

    private MockConfiguration(JsonObject root) => _root = root;

    public static MockConfiguration Parse(string json)
    {
        try
        {
            return JsonUtil.Parse(json) is JsonObject root ? new MockConfiguration(root) : throw new FormatException("The mock configuration must be a JSON object");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The mock configuration is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>The state name → mocked response name map of one test case.</summary>
    public IReadOnlyDictionary<string, string> GetTestCase(string stateMachineName, string testCase)
    {
        var machine = _root["StateMachines"]?[stateMachineName] as JsonObject
            ?? throw new KeyNotFoundException($"The mock configuration has no state machine '{stateMachineName}'");
        var cases = machine["TestCases"]?[testCase] as JsonObject
            ?? throw new KeyNotFoundException($"The state machine '{stateMachineName}' has no test case '{testCase}'");
        return cases.ToDictionary(p => p.Key, p => JsonUtil.GetString(p.Value) ?? string.Empty, StringComparer.Ordinal);
    }

    /// <summary>The response for the given 0-based invocation of a mocked response, or null when none covers it.</summary>
    public JsonObject? GetResponse(string responseName, int invocation)
    {
        if (_root["MockedResponses"]?[responseName] is not JsonObject responses)
        {
            throw new KeyNotFoundException($"The mock configuration has no mocked response '{responseName}'");
        }

        foreach (var (key, value) in responses)
        {
            var parts = key.Split('-');
            if (int.TryParse(parts[0], out var from) && int.TryParse(parts[^1], out var to) && invocation >= from && invocation <= to)
            {
                return value as JsonObject;
            }
        }

        return null;
    }
}
