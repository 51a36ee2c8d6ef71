using System.Text.Json;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Queries;

/// <summary>
/// A compiled <see cref="QueryFilter"/>: the DynamoDB condition-expression subset evaluated over JSON items, so the
/// local engines filter exactly as DynamoDB does. Supports <c>= &lt;&gt; &lt; &lt;= &gt; &gt;=</c>, <c>BETWEEN … AND …</c>,
/// <c>IN (…)</c>, <c>AND/OR/NOT</c>, parentheses, <c>attribute_exists</c>, <c>attribute_not_exists</c>,
/// <c>attribute_type</c>, <c>begins_with</c>, <c>contains</c>, <c>size</c>, <c>#name</c> and <c>:value</c> placeholders,
/// and nested paths <c>a.b[0]</c>. JSON maps to DynamoDB types as string S, number N, bool BOOL, null NULL, array L,
/// object M. Compile once, then call <see cref="Matches"/> per item; instances are immutable and thread-safe.
/// </summary>
public sealed class FilterExpression
{
    private readonly FilterCondition _condition;

    private FilterExpression(string text, FilterCondition condition)
    {
        Text = text;
        _condition = condition;
    }

    public string Text { get; }

    /// <exception cref="ValidationException">A syntax error (the message gives the position), a placeholder missing
    /// from Names/Values, or one supplied but unused.</exception>
    public static FilterExpression Compile(QueryFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Expression is null)
        {
            throw new ValidationException("A filter needs an expression.", nameof(filter));
        }

        var parser = new FilterParser(filter.Expression, filter.Names, filter.Values ?? new Dictionary<string, JsonElement>());
        return new FilterExpression(filter.Expression, parser.Parse());
    }

    /// <summary>True when <paramref name="item"/> (a JSON object) satisfies the expression.</summary>
    public bool Matches(JsonElement item) => item.ValueKind == JsonValueKind.Object && _condition.Evaluate(item);

    public override string ToString() => Text;
}
