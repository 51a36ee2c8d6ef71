using System.Security.Cryptography;
using System.Text;
using static Conveyor.States.Jsonata.JsonataValues;

namespace Conveyor.States.Jsonata;

/// <summary>Array/object built-ins, higher-order functions and the Step Functions functions.</summary>
internal static partial class JsonataBuiltins
{
    private static void AddCollections(Action<string, int, Func<IReadOnlyList<object?>, object?, object?>> add)
    {
        add("count", 1, (a, _) => (double)(IsUndefined(At(a, 0)) ? 0 : AsList(At(a, 0)).Count));
        add("append", 2, (a, _) => IsUndefined(At(a, 0)) ? At(a, 1) : IsUndefined(At(a, 1)) ? At(a, 0) : AsList(At(a, 0)).Concat(AsList(At(a, 1))).ToList());
        add("reverse", 1, (a, _) => IsUndefined(At(a, 0)) ? Undefined : AsList(At(a, 0)).Reverse().ToList());
        add("distinct", 1, (a, _) => Distinct(At(a, 0)));
        add("keys", 1, (a, _) => Keys(At(a, 0)));
        add("lookup", 2, (a, _) => TryGetField(At(a, 0), Str(At(a, 1)) ?? string.Empty, out var v) ? v : Undefined);
        add("merge", 1, (a, _) => Merge(At(a, 0)));
        add("spread", 1, (a, _) => Fields(At(a, 0)).Select(p => (object?)new Dictionary<string, object?> { [p.Key] = p.Value }).ToList());
        add("zip", 2, (a, _) => Enumerable.Range(0, a.Min(x => AsList(x).Count)).Select(i => (object?)a.Select(x => AsList(x)[i]).ToList()).ToList());
        add("map", 2, (a, _) => HigherOrder(a, "$map", (v, r) => r is var x && !IsUndefined(x) ? (true, x) : (false, null)));
        add("filter", 2, (a, _) => HigherOrder(a, "$filter", (v, r) => (Truthy(r), v)));
        add("reduce", 3, (a, _) => Reduce(a));
        add("sort", 2, (a, _) => Sort(a));
        add("each", 2, (a, _) => Fn(At(a, 1), "$each") is var f ? Fields(At(a, 0)).Select(p => JsonataEvaluator.Apply(f, [p.Value, p.Key], null)).ToList() : null);
        add("single", 2, (a, _) =>
        {
            var matches = At(a, 1) is JsonataFunction f ? AsList(At(a, 0)).Where(v => Truthy(JsonataEvaluator.Apply(f, [v], null))).ToList() : AsList(At(a, 0)).ToList();
            return matches.Count == 1 ? matches[0] : throw new JsonataException("D3138", "$single() expected exactly one matching value");
        });
    }

    private static void AddStepFunctions(Action<string, int, Func<IReadOnlyList<object?>, object?, object?>> add)
    {
        add("partition", 2, (a, _) =>
        {
            var list = AsList(At(a, 0));
            var size = (int)(Num(At(a, 1)) ?? throw Bad("$partition", "chunk size"));
            if (size <= 0) { throw Bad("$partition", "a positive chunk size"); }
            return list.Chunk(size).Select(c => (object?)c.ToList()).ToList();
        });
        add("range", 3, (a, _) =>
        {
            double start = Num(At(a, 0)) ?? throw Bad("$range", "start"), end = Num(At(a, 1)) ?? throw Bad("$range", "end"), step = Num(At(a, 2)) ?? throw Bad("$range", "step");
            if (step == 0) { throw Bad("$range", "a non-zero step"); }
            var list = new List<object?>();
            for (var v = start; step > 0 ? v <= end : v >= end; v += step)
            {
                if (list.Count >= 1000) { throw new JsonataException("D3020", "$range is limited to 1000 items"); }
                list.Add(v);
            }

            return list;
        });
        add("hash", 2, (a, _) =>
        {
            var bytes = Encoding.UTF8.GetBytes(Str(At(a, 0)) ?? Stringify(At(a, 0)));
#pragma warning disable CA5350, CA5351 // Part of the $hash contract, not used for security.
            var hash = (Str(At(a, 1)) ?? "SHA-256") switch
            {
                "MD5" => MD5.HashData(bytes),
                "SHA-1" => SHA1.HashData(bytes),
                "SHA-256" => SHA256.HashData(bytes),
                "SHA-384" => SHA384.HashData(bytes),
                "SHA-512" => SHA512.HashData(bytes),
                _ => throw Bad("$hash", "MD5, SHA-1, SHA-256, SHA-384 or SHA-512"),
            };
#pragma warning restore CA5350, CA5351
            return Convert.ToHexStringLower(hash);
        });
#pragma warning disable CA5394 // Not for security: $random is a plain pseudo-random number.
        add("random", 1, (a, _) => Num(At(a, 0)) is { } seed ? new Random((int)seed).NextDouble() : Random.Shared.NextDouble());
#pragma warning restore CA5394
        add("uuid", 0, (_, _) => Guid.NewGuid().ToString());
        add("parse", 1, (a, _) => Str(At(a, 0)) is { } s ? ParseJson(s) : throw Bad("$parse", "a JSON string"));
        add("now", 0, (_, _) => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        add("millis", 0, (_, _) => (double)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        add("toMillis", 1, (a, _) => Str(At(a, 0)) is { } s ? (double)DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() : Undefined);
        add("fromMillis", 1, (a, _) => Num(At(a, 0)) is { } ms
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : Undefined);
    }

    private static JsonataFunction Fn(object? value, string function) => value as JsonataFunction ?? throw Bad(function, "a function");

    private static object? HigherOrder(IReadOnlyList<object?> a, string name, Func<object?, object?, (bool Keep, object? Value)> select)
    {
        if (IsUndefined(At(a, 0))) { return Undefined; }
        var list = AsList(At(a, 0));
        var fn = Fn(At(a, 1), name);
        var result = new JsonataSequence();
        for (var i = 0; i < list.Count; i++)
        {
            object?[] args = fn.Arity switch { >= 3 => [list[i], (double)i, At(a, 0)], 2 => [list[i], (double)i], _ => [list[i]] };
            var (keep, value) = select(list[i], JsonataEvaluator.Apply(fn, args, list[i]));
            if (keep) { result.Add(value); }
        }

        return result.Count == 0 ? Undefined : result.Count == 1 ? result[0] : result.ToList();
    }

    private static object? Reduce(IReadOnlyList<object?> a)
    {
        var list = AsList(At(a, 0));
        var fn = Fn(At(a, 1), "$reduce");
        var hasInit = a.Count > 2 && !IsUndefined(a[2]);
        if (list.Count == 0) { return hasInit ? a[2] : Undefined; }
        var acc = hasInit ? a[2] : list[0];
        for (var i = hasInit ? 0 : 1; i < list.Count; i++)
        {
            acc = JsonataEvaluator.Apply(fn, fn.Arity >= 3 ? [acc, list[i], (double)i] : [acc, list[i]], null);
        }

        return acc;
    }

    private static object? Sort(IReadOnlyList<object?> a)
    {
        if (IsUndefined(At(a, 0))) { return Undefined; }
        var list = AsList(At(a, 0)).ToList();
        if (At(a, 1) is JsonataFunction fn)
        {
            // JSONata's comparator returns true when the first argument should come after the second; stable merge sort.
            return list.Select((v, i) => (v, i)).Order(Comparer<(object? v, int i)>.Create((x, y) =>
                Truthy(JsonataEvaluator.Apply(fn, [x.v, y.v], null)) ? 1 : Truthy(JsonataEvaluator.Apply(fn, [y.v, x.v], null)) ? -1 : x.i.CompareTo(y.i)))
                .Select(p => p.v).ToList();
        }

        if (list.All(v => v is double)) { return list.OrderBy(v => (double)v!).ToList(); }
        if (list.All(v => v is string)) { return list.OrderBy(v => (string)v!, StringComparer.Ordinal).ToList(); }
        throw Bad("$sort", "an array of numbers or strings, or a comparator");
    }

    private static object? Distinct(object? value)
    {
        if (!IsArray(value)) { return value; }
        var result = new List<object?>();
        foreach (var item in AsList(value))
        {
            if (!result.Any(r => DeepEquals(r, item))) { result.Add(item); }
        }

        return result;
    }

    private static object? Keys(object? value)
    {
        var keys = new List<object?>();
        foreach (var item in IsArray(value) ? AsList(value) : [value])
        {
            foreach (var (key, _) in Fields(item))
            {
                if (!keys.Contains(key)) { keys.Add(key); }
            }
        }

        return keys.Count == 0 ? Undefined : keys.Count == 1 ? keys[0] : keys;
    }

    private static object? Merge(object? value)
    {
        if (IsUndefined(value)) { return Undefined; }
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var item in AsList(value))
        {
            foreach (var (key, v) in Fields(item)) { result[key] = v; }
        }

        return result;
    }
}
