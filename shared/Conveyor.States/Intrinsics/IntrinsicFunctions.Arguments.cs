using System.Text.Json.Nodes;
using Conveyor.States.Json;

namespace Conveyor.States.Intrinsics;

/// <summary>Argument checks for the intrinsic functions.</summary>
internal static partial class IntrinsicFunctions
{
    private static JsonNode?[] Arity(JsonNode?[] args, int count) =>
        args.Length == count ? args : throw Fail($"expected {count} argument(s) but got {args.Length}");

    private static string String(JsonNode?[] args, int index, int maxLength = int.MaxValue)
    {
        var value = JsonUtil.GetString(args[index]) ?? throw Fail($"argument {index + 1} must be a string but was {JsonUtil.TypeName(args[index])}");
        return value.Length > maxLength ? throw Fail($"argument {index + 1} is longer than {maxLength} characters") : value;
    }

    private static JsonArray Array(JsonNode?[] args, int index) =>
        args[index] as JsonArray ?? throw Fail($"argument {index + 1} must be an array but was {JsonUtil.TypeName(args[index])}");

    private static int Int(JsonNode?[] args, int index)
    {
        if (!JsonUtil.TryGetNumber(args[index], out var value) || Math.Floor(value) != value || value is > int.MaxValue or < int.MinValue)
        {
            throw Fail($"argument {index + 1} must be an integer but was {JsonUtil.ToJson(args[index])}");
        }

        return (int)value;
    }

    /// <summary>
    /// An integer argument where AWS rounds non-integers "off to the nearest integer" (ArrayPartition's chunk size,
    /// ArrayRange, MathRandom's start and end, MathAdd), as Java's Math.round does: halves go up. The rounded value must fit
    /// a 32-bit integer (MathAdd documents -2147483648 to 2147483647).
    /// </summary>
    private static int RoundedInt(JsonNode?[] args, int index)
    {
        if (!JsonUtil.TryGetNumber(args[index], out var value))
        {
            throw Fail($"argument {index + 1} must be a number but was {JsonUtil.ToJson(args[index])}");
        }

        var rounded = Math.Floor(value + 0.5);
        return rounded is >= int.MinValue and <= int.MaxValue
            ? (int)rounded
            : throw Fail($"argument {index + 1} must be an integer between -2147483648 and 2147483647 but was {JsonUtil.ToJson(args[index])}");
    }

    private static IntrinsicArgumentException Fail(string message) => new(message);
}
