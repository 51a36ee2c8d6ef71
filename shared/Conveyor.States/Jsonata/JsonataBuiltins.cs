using System.Globalization;
using System.Text.Json;
using static Conveyor.States.Jsonata.JsonataValues;

namespace Conveyor.States.Jsonata;

/// <summary>The built-in JSONata functions supported here, plus the Step Functions additions.</summary>
internal static partial class JsonataBuiltins
{
    private static readonly Dictionary<string, JsonataFunction> Functions = Build();

    public static bool TryGet(string name, out JsonataFunction? function) => Functions.TryGetValue(name, out function);

    public static IEnumerable<string> Names => Functions.Keys;

    private static Dictionary<string, JsonataFunction> Build()
    {
        var map = new Dictionary<string, JsonataFunction>(StringComparer.Ordinal);
        void Add(string name, int arity, Func<IReadOnlyList<object?>, object?, object?> body) => map[name] = new JsonataFunction(name, arity, body);

        // Strings
        Add("string", 1, (a, ctx) => Arg(a, 0, ctx) is var v && IsUndefined(v) ? Undefined : Stringify(v));
        Add("length", 1, (a, ctx) => Str(Arg(a, 0, ctx)) is { } s ? (double)s.Length : Undefined);
        Add("uppercase", 1, (a, ctx) => Str(Arg(a, 0, ctx))?.ToUpperInvariant() ?? Undefined);
        Add("lowercase", 1, (a, ctx) => Str(Arg(a, 0, ctx))?.ToLowerInvariant() ?? Undefined);
        Add("trim", 1, (a, ctx) => Str(Arg(a, 0, ctx)) is { } s ? string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) : Undefined);
        Add("substring", 3, (a, _) => Substring(a));
        Add("substringBefore", 2, (a, _) => Str(At(a, 0)) is { } s && Str(At(a, 1)) is { } t ? (s.IndexOf(t, StringComparison.Ordinal) is var i && i >= 0 ? s[..i] : s) : Undefined);
        Add("substringAfter", 2, (a, _) => Str(At(a, 0)) is { } s && Str(At(a, 1)) is { } t ? (s.IndexOf(t, StringComparison.Ordinal) is var i && i >= 0 ? s[(i + t.Length)..] : s) : Undefined);
        Add("contains", 2, (a, _) => Str(At(a, 0)) is { } s ? Contains(s, At(a, 1)) : Undefined);
        Add("split", 3, (a, _) => Split(a));
        Add("join", 2, (a, _) => IsUndefined(At(a, 0)) ? Undefined : string.Join(Str(At(a, 1)) ?? string.Empty, AsList(At(a, 0)).Select(v => v as string ?? throw Bad("$join", "array of strings"))));
        Add("replace", 4, (a, _) => Str(At(a, 0)) is { } s ? JsonataStringPatterns.Replace(s, At(a, 1), At(a, 2), At(a, 3)) : Undefined);
        Add("match", 3, (a, _) => Str(At(a, 0)) is { } s ? JsonataStringPatterns.Match(s, At(a, 1), At(a, 2)) : Undefined);
        Add("base64encode", 1, (a, _) => Str(At(a, 0)) is { } s ? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(s)) : Undefined);
        Add("base64decode", 1, (a, _) => Str(At(a, 0)) is { } s ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(s)) : Undefined);

        // Numbers
        Add("number", 1, (a, ctx) => ToNumber(Arg(a, 0, ctx)));
        Add("abs", 1, (a, _) => Num(At(a, 0)) is { } d ? Math.Abs(d) : Undefined);
        Add("floor", 1, (a, _) => Num(At(a, 0)) is { } d ? Math.Floor(d) : Undefined);
        Add("ceil", 1, (a, _) => Num(At(a, 0)) is { } d ? Math.Ceiling(d) : Undefined);
        Add("round", 2, (a, _) => Num(At(a, 0)) is { } d ? Math.Round(d, (int)(Num(At(a, 1)) ?? 0), MidpointRounding.ToEven) : Undefined);
        Add("power", 2, (a, _) => Num(At(a, 0)) is { } d && Num(At(a, 1)) is { } e ? Math.Pow(d, e) : Undefined);
        Add("sqrt", 1, (a, _) => Num(At(a, 0)) is { } d ? Math.Sqrt(d) : Undefined);
        Add("sum", 1, (a, _) => IsUndefined(At(a, 0)) ? Undefined : Numbers(At(a, 0), "$sum").Sum());
        Add("max", 1, (a, _) => Numbers(At(a, 0), "$max") is { Count: > 0 } n ? n.Max() : Undefined);
        Add("min", 1, (a, _) => Numbers(At(a, 0), "$min") is { Count: > 0 } n ? n.Min() : Undefined);
        Add("average", 1, (a, _) => Numbers(At(a, 0), "$average") is { Count: > 0 } n ? n.Average() : Undefined);

        // Booleans and types
        Add("boolean", 1, (a, ctx) => Arg(a, 0, ctx) is var v && IsUndefined(v) ? Undefined : Truthy(v));
        Add("not", 1, (a, _) => IsUndefined(At(a, 0)) ? Undefined : !Truthy(At(a, 0)));
        Add("exists", 1, (a, _) => !IsUndefined(At(a, 0)));
        Add("type", 1, (a, _) => TypeOf(At(a, 0)));
        Add("error", 1, (a, _) => throw new JsonataException("D3137", Str(At(a, 0)) ?? "$error() function evaluated"));
        Add("assert", 2, (a, _) => Truthy(At(a, 0)) ? Undefined : throw new JsonataException("D3141", Str(At(a, 1)) ?? "$assert() statement failed"));

        AddCollections(Add);
        AddStepFunctions(Add);
        return map;
    }

    internal static object? At(IReadOnlyList<object?> args, int index) => index < args.Count ? args[index] : Undefined;

    /// <summary>An argument, defaulting to the context value when omitted (JSONata's context-aware signatures).</summary>
    private static object? Arg(IReadOnlyList<object?> args, int index, object? context) => index < args.Count ? args[index] : context;

    internal static string? Str(object? value) => value as string;

    internal static double? Num(object? value) => value is double d ? d : null;

    internal static JsonataException Bad(string function, string expected) =>
        new("T0410", $"Argument of function {function} does not match its signature (expected {expected})");

    private static object? Substring(IReadOnlyList<object?> a)
    {
        if (Str(At(a, 0)) is not { } s) { return Undefined; }
        var start = (int)(Num(At(a, 1)) ?? throw Bad("$substring", "start number"));
        if (start < 0) { start = Math.Max(0, s.Length + start); }
        if (start >= s.Length) { return string.Empty; }
        var length = Num(At(a, 2)) is { } l ? (int)l : s.Length - start;
        return length <= 0 ? string.Empty : s.Substring(start, Math.Min(length, s.Length - start));
    }

    private static object? Split(IReadOnlyList<object?> a) =>
        Str(At(a, 0)) is { } s ? JsonataStringPatterns.Split(s, At(a, 1), At(a, 2)) : Undefined;

    private static bool Contains(string s, object? pattern) => pattern switch
    {
        string text => s.Contains(text, StringComparison.Ordinal),
        JsonataRegex regex => regex.Matches(s).Any(),
        _ => throw Bad("$contains", "a string or regex pattern"),
    };

    private static object? ToNumber(object? value) => value switch
    {
        double d => d,
        bool b => b ? 1d : 0d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ when IsUndefined(value) => Undefined,
        _ => throw new JsonataException("D3030", $"Unable to cast value to a number: {Stringify(value)}"),
    };

    internal static List<double> Numbers(object? value, string function) =>
        AsList(value).Select(v => v is double d ? d : throw Bad(function, "array of numbers")).ToList();

    private static object? TypeOf(object? value) => value switch
    {
        null => "null",
        string => "string",
        double => "number",
        bool => "boolean",
        JsonataFunction or JsonataRegex => "function",
        _ when IsUndefined(value) => Undefined,
        _ when IsArray(value) => "array",
        _ => "object",
    };

    internal static object? ParseJson(string text)
    {
        try
        {
            return FromNode(System.Text.Json.Nodes.JsonNode.Parse(text));
        }
        catch (JsonException ex)
        {
            throw new JsonataException("D3140", $"$parse: invalid JSON ({ex.Message})");
        }
    }
}
