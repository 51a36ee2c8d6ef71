using static Conveyor.States.Jsonata.JsonataValues;

namespace Conveyor.States.Jsonata;

/// <summary>Binary operators: arithmetic, comparison, boolean, concatenation, membership, coalescing and chaining.</summary>
internal static class JsonataOperators
{
    public static object? Binary(BinaryNode node, object? input, JsonataFrame frame)
    {
        var op = node.Operator;
        if (op == "and")
        {
            return Truthy(JsonataEvaluator.Evaluate(node.Left, input, frame)) && Truthy(JsonataEvaluator.Evaluate(node.Right, input, frame));
        }

        if (op == "or")
        {
            return Truthy(JsonataEvaluator.Evaluate(node.Left, input, frame)) || Truthy(JsonataEvaluator.Evaluate(node.Right, input, frame));
        }

        var left = JsonataEvaluator.Evaluate(node.Left, input, frame);
        switch (op)
        {
            case "??": return IsUndefined(left) ? JsonataEvaluator.Evaluate(node.Right, input, frame) : left;
            case "?:": return Truthy(left) ? left : JsonataEvaluator.Evaluate(node.Right, input, frame);
            case "~>": return Chain(left, node.Right, input, frame);
        }

        var right = JsonataEvaluator.Evaluate(node.Right, input, frame);
        switch (op)
        {
            case "+" or "-" or "*" or "/" or "%":
                if (IsUndefined(left) || IsUndefined(right)) { return Undefined; }
                if (left is not double a || right is not double b)
                {
                    throw new JsonataException("T2001", $"The operands of '{op}' must be numbers");
                }

                var result = op switch { "+" => a + b, "-" => a - b, "*" => a * b, "/" => a / b, _ => a % b };
                return double.IsFinite(result) ? result : throw new JsonataException("D1001", "Number out of range");
            case "&":
                return (IsUndefined(left) ? string.Empty : Stringify(left)) + (IsUndefined(right) ? string.Empty : Stringify(right));
            case "=": return DeepEquals(left, right);
            case "!=": return !IsUndefined(left) && !IsUndefined(right) && !DeepEquals(left, right);
            case "<" or "<=" or ">" or ">=":
                if (IsUndefined(left) || IsUndefined(right)) { return false; }
                int cmp;
                if (left is double x && right is double y) { cmp = x.CompareTo(y); }
                else if (left is string s && right is string t) { cmp = string.CompareOrdinal(s, t); }
                else { throw new JsonataException("T2010", $"The operands of '{op}' must both be numbers or both be strings"); }
                return op switch { "<" => cmp < 0, "<=" => cmp <= 0, ">" => cmp > 0, _ => cmp >= 0 };
            case "in":
                return !IsUndefined(left) && AsList(right).Any(item => DeepEquals(left, item));
            default:
                throw new JsonataException("S0201", $"Unknown operator '{op}'");
        }
    }

    private static object? Chain(object? left, JsonataNode right, object? input, JsonataFrame frame)
    {
        if (right is CallNode call)
        {
            if (JsonataEvaluator.Evaluate(call.Procedure, input, frame) is not JsonataFunction fn)
            {
                throw new JsonataException("T2006", "The right side of ~> must be a function");
            }

            var args = new List<object?> { left };
            args.AddRange(call.Arguments.Select(a => JsonataEvaluator.Evaluate(a, input, frame)));
            return JsonataEvaluator.Apply(fn, args, input);
        }

        return JsonataEvaluator.Evaluate(right, input, frame) is JsonataFunction f
            ? JsonataEvaluator.Apply(f, [left], input)
            : throw new JsonataException("T2006", "The right side of ~> must be a function");
    }
}
