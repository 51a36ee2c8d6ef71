using System.Text.Json.Nodes;
using static Conveyor.States.Jsonata.JsonataValues;

namespace Conveyor.States.Jsonata;

/// <summary>Evaluates parsed JSONata expressions over the value model in <see cref="JsonataValues"/>.</summary>
internal static class JsonataEvaluator
{
    public static object? Evaluate(JsonataNode node, object? input, JsonataFrame frame)
    {
        var value = Eval(node, input, frame);
        return value is JsonataSequence seq ? seq.Collapse() : value;
    }

    private static object? Eval(JsonataNode node, object? input, JsonataFrame frame)
    {
        switch (node)
        {
            case LiteralNode lit: return lit.Value;
            case VariableNode v: return v.Name.Length == 0 ? input : frame.Lookup(v.Name);
            case NameNode n: return Field(input, n.Name);
            case WildcardNode: return Wildcard(input);
            case DescendantNode: return Descendants(input);
            case PathNode p: return EvalPath(p, input, frame);
            case FilterNode f: return Filter(Eval(f.Expression, input, frame), f.Predicate, frame);
            case NegateNode neg:
                var operand = Evaluate(neg.Operand, input, frame);
                return operand switch
                {
                    double d => -d,
                    _ when IsUndefined(operand) => Undefined,
                    _ => throw new JsonataException("D1002", "Cannot negate a non-numeric value"),
                };
            case BinaryNode b: return JsonataOperators.Binary(b, input, frame);
            case ConditionNode c:
                return Truthy(Evaluate(c.Condition, input, frame))
                    ? Evaluate(c.Then, input, frame)
                    : c.Else is null ? Undefined : Evaluate(c.Else, input, frame);
            case BlockNode block:
                var scope = new JsonataFrame(frame);
                object? last = Undefined;
                foreach (var expr in block.Expressions) { last = Evaluate(expr, input, scope); }
                return last;
            case ArrayNode arr: return ArrayConstructor(arr, input, frame);
            case ObjectNode obj:
                var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (keyNode, valueNode) in obj.Pairs)
                {
                    if (Evaluate(keyNode, input, frame) is not string key) { throw new JsonataException("T1003", "Object keys must be strings"); }
                    var value = Evaluate(valueNode, input, frame);
                    if (!IsUndefined(value)) { dict[key] = value; }
                }

                return dict;
            case CallNode call: return Call(call, input, frame);
            case LambdaNode lambda: return new JsonataFunction(lambda, frame);
            case BindNode bind:
                var bound = Evaluate(bind.Value, input, frame);
                frame.Bind(bind.Variable, bound);
                return bound;
            default:
                throw new JsonataException("S0300", $"Unsupported expression {node.GetType().Name}");
        }
    }

    private static object? Field(object? input, string name)
    {
        if (IsArray(input))
        {
            var seq = new JsonataSequence();
            foreach (var item in AsList(input)) { Append(seq, Field(item, name)); }
            return seq.Collapse();
        }

        return TryGetField(input, name, out var value) ? value : Undefined;
    }

    private static object? Wildcard(object? input)
    {
        var seq = new JsonataSequence();
        foreach (var (_, value) in Fields(input)) { Append(seq, value); }
        return seq.Collapse();
    }

    private static object? Descendants(object? input)
    {
        var seq = new JsonataSequence();
        void Walk(object? v)
        {
            if (!IsArray(v)) { seq.Add(v); }
            foreach (var child in IsArray(v) ? AsList(v) : Fields(v).Select(p => p.Value)) { Walk(child); }
        }

        Walk(input);
        return seq.Collapse();
    }

    private static void Append(JsonataSequence seq, object? value)
    {
        if (IsUndefined(value)) { return; }
        if (IsArray(value)) { seq.AddRange(AsList(value).Where(v => !IsUndefined(v))); }
        else { seq.Add(value); }
    }

    private static object? EvalPath(PathNode path, object? input, JsonataFrame frame)
    {
        IReadOnlyList<object?> current = path.Steps[0] is VariableNode || !IsArray(input) ? [input] : AsList(input);
        object? keptArray = null;
        foreach (var step in path.Steps)
        {
            var results = new List<object?>();
            foreach (var item in current)
            {
                var value = Eval(step, item, frame);
                if (!IsUndefined(value)) { results.Add(value); }
            }

            if (results.Count == 1 && IsArray(results[0]) && results[0] is not JsonataSequence)
            {
                keptArray = results[0];
                current = AsList(results[0]);
                continue;
            }

            keptArray = null;
            var seq = new JsonataSequence();
            foreach (var r in results) { Append(seq, r); }
            current = seq;
        }

        return keptArray ?? new JsonataSequence(current).Collapse();
    }

    private static object? Filter(object? value, JsonataNode predicate, JsonataFrame frame)
    {
        if (IsUndefined(value)) { return Undefined; }
        var items = AsList(value);
        if (predicate is LiteralNode { Value: null })
        {
            return IsArray(value) ? value : new List<object?> { value };
        }

        var result = new JsonataSequence();
        if (predicate is LiteralNode { Value: double index })
        {
            var i = (int)Math.Floor(index);
            if (i < 0) { i += items.Count; }
            if (i >= 0 && i < items.Count) { result.Add(items[i]); }
            return result.Collapse();
        }

        for (var i = 0; i < items.Count; i++)
        {
            var p = Evaluate(predicate, items[i], frame);
            if (p is double d)
            {
                var k = (int)Math.Floor(d);
                if (k < 0) { k += items.Count; }
                if (k == i) { result.Add(items[i]); }
            }
            else if (Truthy(p))
            {
                result.Add(items[i]);
            }
        }

        return result.Collapse();
    }

    private static List<object?> ArrayConstructor(ArrayNode arr, object? input, JsonataFrame frame)
    {
        var list = new List<object?>();
        foreach (var element in arr.Items)
        {
            var item = element is BinaryNode { Operator: ".." } b ? new RangeNode(b.Left, b.Right) : element;
            if (item is RangeNode range)
            {
                if (Evaluate(range.From, input, frame) is double from && Evaluate(range.To, input, frame) is double to)
                {
                    if (to - from > 10_000_000) { throw new JsonataException("D2014", "Range is too large"); }
                    for (var i = (long)from; i <= (long)to; i++) { list.Add((double)i); }
                }

                continue;
            }

            var value = Evaluate(item, input, frame);
            if (IsUndefined(value)) { continue; }
            if (item is ArrayNode || !IsArray(value)) { list.Add(value); }
            else { list.AddRange(AsList(value)); }
        }

        return list;
    }

    private static object? Call(CallNode call, object? input, JsonataFrame frame)
    {
        var procedure = Evaluate(call.Procedure, input, frame);
        if (procedure is not JsonataFunction function)
        {
            throw new JsonataException("T1006", $"Attempted to invoke a non-function {Describe(call.Procedure)}");
        }

        var args = new List<object?>(call.Arguments.Count);
        foreach (var arg in call.Arguments) { args.Add(Evaluate(arg, input, frame)); }
        return Apply(function, args, input);
    }

    public static object? Apply(JsonataFunction function, IReadOnlyList<object?> args, object? input)
    {
        if (function.Builtin is not null)
        {
            return function.Builtin(args, input);
        }

        var lambda = function.Lambda!;
        var scope = new JsonataFrame(function.Closure);
        for (var i = 0; i < lambda.Parameters.Count; i++)
        {
            scope.Bind(lambda.Parameters[i], i < args.Count ? args[i] : Undefined);
        }

        return Evaluate(lambda.Body, input, scope);
    }

    private static string Describe(JsonataNode node) => node switch
    {
        VariableNode v => "$" + v.Name,
        _ => node.GetType().Name,
    };

    internal static JsonNode? ToJson(object? value) => ToNode(value);
}
