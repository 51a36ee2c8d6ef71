using System.Text.Json.Nodes;
using Conveyor.States.Errors;
using Conveyor.States.Json;

namespace Conveyor.States.Paths;

/// <summary>Applies a ResultPath: places the result into the state input (which the state owns and may change in place).</summary>
internal static class ResultPathWriter
{
    public static JsonNode? Apply(JsonNode? input, JsonPath resultPath, JsonNode? result)
    {
        if (resultPath.Segments.Count == 0)
        {
            return result;
        }

        if (input is not JsonObject)
        {
            throw Failure(resultPath, input);
        }

        // The result may be (part of) the input itself, e.g. a Pass state without Result: copy it to avoid a cycle.
        if (result is not null && (ReferenceEquals(result.Root, input.Root) || result.Parent is not null))
        {
            result = result.DeepClone();
        }

        JsonNode current = input;
        var segments = resultPath.Segments;
        for (var i = 0; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            switch (segments[i])
            {
                case NameSegment name when current is JsonObject obj:
                    if (last)
                    {
                        obj[name.Name] = result;
                        return input;
                    }

                    if (!obj.TryGetPropertyValue(name.Name, out var child) || child is null)
                    {
                        child = new JsonObject();
                        obj[name.Name] = child;
                    }
                    else if (child is not JsonObject && !(child is JsonArray && segments[i + 1] is IndexSegment))
                    {
                        throw Failure(resultPath, input);
                    }

                    current = child;
                    break;
                case IndexSegment index when current is JsonArray array && index.Index >= 0 && index.Index < array.Count:
                    if (last)
                    {
                        array[index.Index] = result;
                        return input;
                    }

                    current = array[index.Index] ?? throw Failure(resultPath, input);
                    break;
                default:
                    throw Failure(resultPath, input);
            }
        }

        return input;
    }

    private static StatesException Failure(JsonPath path, JsonNode? input) =>
        new(StatesErrorNames.ResultPathMatchFailure,
            $"Unable to apply ResultPath '{path.Text}' to input {Truncate(JsonUtil.ToJson(input))}");

    private static string Truncate(string s) => s.Length > 200 ? s[..200] + "..." : s;
}
