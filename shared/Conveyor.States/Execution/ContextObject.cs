using System.Text.Json.Nodes;
using Conveyor.States.Paths;

namespace Conveyor.States.Execution;

/// <summary>The <c>$$</c> context object of one state entry, materialised only for the parts a path asks for.</summary>
internal sealed class ContextObject
{
    public required ExecutionInfo Execution { get; init; }

    public required string StateName { get; init; }

    public required DateTimeOffset EnteredTime { get; init; }

    public int RetryCount { get; set; }

    public string? TaskToken { get; set; }

    public MapItemInfo? MapItem { get; init; }

    public bool TryResolve(IReadOnlyList<PathSegment> segments, out JsonNode? value)
    {
        if (segments.Count == 0)
        {
            value = Build();
            return true;
        }

        if (segments[0] is not NameSegment first)
        {
            return JsonPathEvaluator.TryNavigate(Build(), segments, out value);
        }

        JsonNode? top;
        var skip = 1;
        switch (first.Name)
        {
            case "Execution" or "StateMachine":
                top = Execution.Holder[first.Name];
                break;
            case "Map" when MapItem is not null && segments.Count >= 3 && segments[1] is NameSegment { Name: "Item" } && segments[2] is NameSegment { Name: "Value" }:
                top = MapItem.Value;
                skip = 3;
                break;
            default:
                top = BuildPart(first.Name);
                if (top is null) { value = null; return false; }
                break;
        }

        return JsonPathEvaluator.TryNavigate(top, segments.Skip(skip).ToList(), out value);
    }

    /// <summary>The whole context object as a fresh tree.</summary>
    public JsonObject Build()
    {
        var root = new JsonObject
        {
            ["Execution"] = Execution.Holder["Execution"]!.DeepClone(),
            ["State"] = BuildPart("State"),
            ["StateMachine"] = Execution.Holder["StateMachine"]!.DeepClone(),
        };
        if (TaskToken is not null) { root["Task"] = BuildPart("Task"); }
        if (MapItem is not null) { root["Map"] = BuildPart("Map"); }
        return root;
    }

    private JsonObject? BuildPart(string name) => name switch
    {
        "State" => new JsonObject
        {
            ["EnteredTime"] = ExecutionInfo.Timestamp(EnteredTime),
            ["Name"] = StateName,
            ["RetryCount"] = RetryCount,
        },
        "Task" when TaskToken is not null => new JsonObject { ["Token"] = TaskToken },
        "Map" when MapItem is not null => new JsonObject
        {
            ["Item"] = new JsonObject { ["Index"] = MapItem.Index, ["Value"] = MapItem.Value?.DeepClone() },
        },
        _ => null,
    };
}
