using System.Text.Json;

namespace Conveyor.Core.Queries;

/// <summary>A node of a parsed condition expression.</summary>
internal abstract class FilterCondition
{
    public abstract bool Evaluate(JsonElement item);
}

internal sealed class AndCondition(FilterCondition left, FilterCondition right) : FilterCondition
{
    public override bool Evaluate(JsonElement item) => left.Evaluate(item) && right.Evaluate(item);
}

internal sealed class OrCondition(FilterCondition left, FilterCondition right) : FilterCondition
{
    public override bool Evaluate(JsonElement item) => left.Evaluate(item) || right.Evaluate(item);
}

internal sealed class NotCondition(FilterCondition inner) : FilterCondition
{
    public override bool Evaluate(JsonElement item) => !inner.Evaluate(item);
}

/// <summary>
/// <c>a op b</c>. An absent operand makes every comparison false except <c>&lt;&gt;</c>, which is true: an item without
/// the attribute is "not equal" to any value, as in DynamoDB.
/// </summary>
internal sealed class CompareCondition(FilterOperand left, string comparator, FilterOperand right) : FilterCondition
{
    public override bool Evaluate(JsonElement item)
    {
        var a = left.Resolve(item);
        var b = right.Resolve(item);
        if (a is null || b is null)
        {
            return comparator == "<>";
        }

        if (comparator is "=" or "<>")
        {
            return FilterValues.AreEqual(a.Value, b.Value) == (comparator == "=");
        }

        return FilterValues.Compare(a.Value, b.Value) is { } order && comparator switch
        {
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            ">=" => order >= 0,
            _ => false,
        };
    }
}

internal sealed class BetweenCondition(FilterOperand value, FilterOperand low, FilterOperand high) : FilterCondition
{
    public override bool Evaluate(JsonElement item) =>
        value.Resolve(item) is { } v && low.Resolve(item) is { } lo && high.Resolve(item) is { } hi
        && FilterValues.Compare(v, lo) >= 0 && FilterValues.Compare(v, hi) <= 0;
}

internal sealed class InCondition(FilterOperand value, IReadOnlyList<FilterOperand> candidates) : FilterCondition
{
    public override bool Evaluate(JsonElement item) =>
        value.Resolve(item) is { } v && candidates.Any(c => c.Resolve(item) is { } candidate && FilterValues.AreEqual(v, candidate));
}

/// <summary><c>attribute_exists(path)</c>, or <c>attribute_not_exists(path)</c> when negated. A JSON null exists (NULL type).</summary>
internal sealed class ExistsCondition(PathOperand path, bool shouldExist) : FilterCondition
{
    public override bool Evaluate(JsonElement item) => path.Resolve(item).HasValue == shouldExist;
}

/// <summary><c>attribute_type(path, :t)</c> with S, N, BOOL, NULL, L or M.</summary>
internal sealed class TypeCondition(PathOperand path, FilterOperand type) : FilterCondition
{
    public override bool Evaluate(JsonElement item) =>
        path.Resolve(item) is { } value && type.Resolve(item) is { ValueKind: JsonValueKind.String } t
        && string.Equals(FilterValues.TypeOf(value), t.GetString(), StringComparison.Ordinal);
}

internal sealed class BeginsWithCondition(PathOperand path, FilterOperand prefix) : FilterCondition
{
    public override bool Evaluate(JsonElement item) =>
        path.Resolve(item) is { } value && prefix.Resolve(item) is { } p && FilterValues.BeginsWith(value, p);
}

internal sealed class ContainsCondition(PathOperand path, FilterOperand operand) : FilterCondition
{
    public override bool Evaluate(JsonElement item) =>
        path.Resolve(item) is { } value && operand.Resolve(item) is { } o && FilterValues.Contains(value, o);
}
