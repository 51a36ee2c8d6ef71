using System.Text.Json;
using System.Text.Json.Nodes;
using Conveyor.States.Json;
using Conveyor.States.Validation;

namespace Conveyor.States.Definition;

/// <summary>A validated, compiled state machine. Create with <see cref="TryLoad"/>.</summary>
public sealed class StateMachineDefinition
{
    private StateMachineDefinition(StateGraph graph, QueryLanguage language, int? timeoutSeconds, string? comment)
    {
        Graph = graph;
        QueryLanguage = language;
        TimeoutSeconds = timeoutSeconds;
        Comment = comment;
    }

    public QueryLanguage QueryLanguage { get; }

    public int? TimeoutSeconds { get; }

    public string? Comment { get; }

    public string StartAt => Graph.StartAt;

    public IReadOnlyCollection<string> StateNames => Graph.States.Keys.ToList();

    internal StateGraph Graph { get; }

    /// <summary>Validates and compiles a definition. Returns null with the problems when it is not valid.</summary>
    public static StateMachineDefinition? TryLoad(string json, IReadOnlyDictionary<string, string>? substitutions, out ValidationResult validation)
    {
        ArgumentNullException.ThrowIfNull(json);
        var problems = new List<string>();
        json = DefinitionSubstitutions.Apply(json, substitutions, problems);
        JsonNode? root;
        try
        {
            root = JsonUtil.Parse(json);
        }
        catch (JsonException ex)
        {
            problems.Add($"Definition is not valid JSON: {ex.Message}");
            validation = new ValidationResult(problems);
            return null;
        }

        if (root is not JsonObject obj)
        {
            problems.Add("Definition must be a JSON object");
            validation = new ValidationResult(problems);
            return null;
        }

        foreach (var (field, _) in obj)
        {
            if (field is not ("StartAt" or "States" or "Comment" or "Version" or "TimeoutSeconds" or "QueryLanguage"))
            {
                problems.Add($"Definition: field '{field}' is not allowed at the top level");
            }
        }

        var language = QueryLanguage.JsonPath;
        switch (JsonUtil.GetString(obj["QueryLanguage"]))
        {
            case null or "JSONPath": break;
            case "JSONata": language = QueryLanguage.Jsonata; break;
            case var other: problems.Add($"Definition: QueryLanguage must be 'JSONPath' or 'JSONata', not '{other}'"); break;
        }

        int? timeout = null;
        if (obj["TimeoutSeconds"] is { } t)
        {
            if (JsonUtil.TryGetNumber(t, out var seconds) && seconds >= 1) { timeout = (int)seconds; }
            else { problems.Add("Definition: TimeoutSeconds must be a positive integer"); }
        }

        var graph = GraphParser.Parse(obj, language, "Definition", problems);
        validation = new ValidationResult(problems);
        return problems.Count == 0 && graph is not null
            ? new StateMachineDefinition(graph, language, timeout, JsonUtil.GetString(obj["Comment"]))
            : null;
    }

    /// <summary>Validates a definition without keeping it.</summary>
    public static ValidationResult Validate(string json, IReadOnlyDictionary<string, string>? substitutions = null)
    {
        TryLoad(json, substitutions, out var validation);
        return validation;
    }
}
