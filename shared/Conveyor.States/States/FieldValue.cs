using System.Text.Json.Nodes;
using Conveyor.States.Errors;
using Conveyor.States.Json;

namespace Conveyor.States.States;

/// <summary>
/// Checks a state field's evaluated value (TimeoutSeconds, Seconds, MaxConcurrency, Items, ...). A wrong type or range is
/// States.QueryEvaluationError when the value came from JSONata ("an incorrectly typed result") and States.Runtime when
/// it came from a JSONPath path.
/// </summary>
internal static class FieldValue
{
    public static StatesException Invalid(bool jsonata, string message) =>
        new(jsonata ? StatesErrorNames.QueryEvaluationError : StatesErrorNames.Runtime, message);

    /// <summary>A number in [min, max]; with <paramref name="integer"/> JSONata values must be whole numbers.</summary>
    public static double Number(JsonNode? node, string field, bool jsonata, double min, double max, bool integer)
    {
        if (!JsonUtil.TryGetNumber(node, out var value))
        {
            throw Invalid(jsonata, $"The value of the field '{field}' must be a number but was {JsonUtil.TypeName(node)} {Shorten(JsonUtil.ToJson(node))}");
        }

        if (jsonata && integer && Math.Floor(value) != value)
        {
            throw Invalid(jsonata, $"The value of the field '{field}' must be an integer but was {JsonUtil.ToJson(node)}");
        }

        return value >= min && value <= max
            ? value
            : throw Invalid(jsonata, $"The value of the field '{field}' must be between {min} and {max} but was {JsonUtil.ToJson(node)}");
    }

    public static string Shorten(string s) => s.Length > 256 ? s[..256] + "..." : s;
}
