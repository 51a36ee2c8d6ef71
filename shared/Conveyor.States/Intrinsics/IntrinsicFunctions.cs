using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conveyor.States.Errors;
using Conveyor.States.Json;

namespace Conveyor.States.Intrinsics;

/// <summary>The intrinsic functions of the Amazon States Language; wrong arguments raise States.IntrinsicFailure.</summary>
internal static partial class IntrinsicFunctions
{
    private static readonly HashSet<string> Known =
    [
        "States.Format", "States.StringToJson", "States.JsonToString", "States.Array", "States.ArrayPartition",
        "States.ArrayContains", "States.ArrayRange", "States.ArrayGetItem", "States.ArrayLength", "States.ArrayUnique",
        "States.Base64Encode", "States.Base64Decode", "States.Hash", "States.JsonMerge", "States.MathRandom",
        "States.MathAdd", "States.StringSplit", "States.UUID",
    ];

    public static bool IsKnown(string name) => Known.Contains(name);

    public static JsonNode? Invoke(string name, JsonNode?[] args, string field)
    {
        try
        {
            return name switch
            {
                "States.Format" => Format(args),
                "States.StringToJson" => StringToJson(args),
                "States.JsonToString" => JsonValue.Create(JsonUtil.ToJson(Arity(args, 1)[0])),
                "States.Array" => new JsonArray(args.Select(JsonUtil.Clone).ToArray()),
                "States.ArrayPartition" => ArrayPartition(args),
                "States.ArrayContains" => JsonValue.Create(Array(Arity(args, 2), 0).Any(e => JsonUtil.DeepEquals(e, args[1]))),
                "States.ArrayRange" => ArrayRange(args),
                "States.ArrayGetItem" => ArrayGetItem(args),
                "States.ArrayLength" => JsonValue.Create(Array(Arity(args, 1), 0).Count),
                "States.ArrayUnique" => ArrayUnique(args),
                "States.Base64Encode" => JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(String(Arity(args, 1), 0, 10_000)))),
                "States.Base64Decode" => Base64Decode(args),
                "States.Hash" => Hash(args),
                "States.JsonMerge" => JsonMerge(args),
                "States.MathRandom" => MathRandom(args),
                "States.MathAdd" => MathAdd(args),
                "States.StringSplit" => StringSplit(args),
                "States.UUID" => JsonValue.Create(Arity(args, 0).Length == 0 ? Guid.NewGuid().ToString() : null),
                _ => throw Fail($"Unknown intrinsic function {name}"),
            };
        }
        catch (IntrinsicArgumentException ex)
        {
            throw new StatesException(StatesErrorNames.IntrinsicFailure,
                $"Invalid arguments in {name} for the field '{field}': {ex.Message}");
        }
    }

    private static JsonNode? Format(JsonNode?[] args)
    {
        if (args.Length == 0) { throw Fail("a template string is required"); }
        var template = String(args, 0);
        var sb = new StringBuilder();
        var next = 1;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '\\' && i + 1 < template.Length && template[i + 1] is '{' or '}')
            {
                sb.Append(template[++i]);
            }
            else if (c == '{' && i + 1 < template.Length && template[i + 1] == '}')
            {
                if (next >= args.Length) { throw Fail("more placeholders than arguments"); }
                sb.Append(FormatValue(args[next++]));
                i++;
            }
            else
            {
                sb.Append(c);
            }
        }

        return next != args.Length ? throw Fail("more arguments than placeholders") : JsonValue.Create(sb.ToString());
    }

    private static string FormatValue(JsonNode? value) => JsonUtil.Kind(value) switch
    {
        JsonValueKind.String => JsonUtil.GetString(value)!,
        JsonValueKind.Object or JsonValueKind.Array => throw Fail("States.Format arguments must be strings, numbers, booleans or null"),
        _ => JsonUtil.ToJson(value),
    };

    private static JsonNode? StringToJson(JsonNode?[] args)
    {
        var text = String(Arity(args, 1), 0);
        try
        {
            return JsonUtil.Parse(text);
        }
        catch (JsonException ex)
        {
            throw Fail($"the string is not valid JSON ({ex.Message})");
        }
    }

    private static JsonArray ArrayPartition(JsonNode?[] args)
    {
        var array = Array(Arity(args, 2), 0);
        var size = RoundedInt(args, 1);
        if (size <= 0) { throw Fail("the chunk size must be greater than 0"); }
        var result = new JsonArray();
        for (var i = 0; i < array.Count; i += size)
        {
            result.Add((JsonNode)new JsonArray(array.Skip(i).Take(size).Select(JsonUtil.Clone).ToArray()));
        }

        return result;
    }

    private static JsonArray ArrayRange(JsonNode?[] args)
    {
        Arity(args, 3);
        int start = RoundedInt(args, 0), end = RoundedInt(args, 1), step = RoundedInt(args, 2);
        if (step == 0) { throw Fail("the step cannot be 0"); }
        var result = new JsonArray();
        for (long i = start; step > 0 ? i <= end : i >= end; i += step)
        {
            if (result.Count >= 1000) { throw Fail("the range is limited to 1000 items"); }
            result.Add((JsonNode)JsonValue.Create(i));
        }

        return result;
    }

    private static JsonNode? ArrayGetItem(JsonNode?[] args)
    {
        var array = Array(Arity(args, 2), 0);
        var index = Int(args, 1);
        return index < 0 || index >= array.Count ? throw Fail($"index {index} is out of bounds") : JsonUtil.Clone(array[index]);
    }

    private static JsonArray ArrayUnique(JsonNode?[] args)
    {
        var result = new JsonArray();
        foreach (var item in Array(Arity(args, 1), 0))
        {
            if (!result.Any(r => JsonUtil.DeepEquals(r, item))) { result.Add(JsonUtil.Clone(item)); }
        }

        return result;
    }

    private static JsonNode Base64Decode(JsonNode?[] args)
    {
        var text = String(Arity(args, 1), 0, 10_000);
        try
        {
            return JsonValue.Create(Encoding.UTF8.GetString(Convert.FromBase64String(text)));
        }
        catch (FormatException)
        {
            throw Fail("the string is not valid base64");
        }
    }

    private static JsonNode Hash(JsonNode?[] args)
    {
        Arity(args, 2);
        var data = JsonUtil.GetString(args[0]) ?? JsonUtil.ToJson(args[0]);
        var bytes = Encoding.UTF8.GetBytes(data);
#pragma warning disable CA5350, CA5351 // MD5 and SHA-1 are part of the specification of States.Hash, not used for security here.
        var hash = String(args, 1) switch
        {
            "MD5" => MD5.HashData(bytes),
            "SHA-1" => SHA1.HashData(bytes),
            "SHA-256" => SHA256.HashData(bytes),
            "SHA-384" => SHA384.HashData(bytes),
            "SHA-512" => SHA512.HashData(bytes),
            var other => throw Fail($"unsupported algorithm '{other}' (MD5, SHA-1, SHA-256, SHA-384, SHA-512)"),
        };
#pragma warning restore CA5350, CA5351
        return JsonValue.Create(Convert.ToHexStringLower(hash));
    }

    private static JsonObject JsonMerge(JsonNode?[] args)
    {
        Arity(args, 3);
        if (args[0] is not JsonObject left || args[1] is not JsonObject right) { throw Fail("the first two arguments must be objects"); }
        if (!JsonUtil.IsBoolean(args[2])) { throw Fail("the third argument must be a boolean"); }
        if (args[2]!.GetValue<bool>()) { throw Fail("deep merge (true) is not supported; use false"); }
        var result = (JsonObject)left.DeepClone();
        foreach (var (key, value) in right) { result[key] = JsonUtil.Clone(value); }
        return result;
    }

    private static JsonNode MathRandom(JsonNode?[] args)
    {
        if (args.Length is not 2 and not 3) { throw Fail("expected a start, an end and an optional seed"); }
        int start = RoundedInt(args, 0), end = RoundedInt(args, 1);
        if (end <= start) { throw Fail("the end must be greater than the start"); }
        var random = args.Length == 3 ? new Random(Int(args, 2)) : Random.Shared;
#pragma warning disable CA5394 // Not for security: States.MathRandom is a plain pseudo-random number.
        return JsonValue.Create(random.Next(start, end));
#pragma warning restore CA5394
    }

    private static JsonNode MathAdd(JsonNode?[] args)
    {
        Arity(args, 2);
        return JsonValue.Create((long)RoundedInt(args, 0) + RoundedInt(args, 1));
    }

    private static JsonArray StringSplit(JsonNode?[] args)
    {
        Arity(args, 2);
        var text = String(args, 0);
        var separators = String(args, 1).ToCharArray();
        return new JsonArray(text.Split(separators).Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
    }
}
