using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Conveyor.Core.Queries;

/// <summary>A value in a condition: an attribute path, an expression value, or <c>size(path)</c>. Null means "absent".</summary>
internal abstract class FilterOperand
{
    public abstract JsonElement? Resolve(JsonElement item);
}

/// <summary>One step of a document path: a property name, or an index when <see cref="Index"/> is not null.</summary>
internal readonly record struct PathSegment(string? Name, int? Index);

internal sealed class PathOperand(IReadOnlyList<PathSegment> segments, string text) : FilterOperand
{
    public string Text { get; } = text;

    public override JsonElement? Resolve(JsonElement item)
    {
        var current = item;
        foreach (var segment in segments)
        {
            if (segment.Index is { } index)
            {
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
            }
            else if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment.Name!, out current))
            {
                return null;
            }
        }

        return current;
    }
}

internal sealed class ValueOperand(JsonElement value) : FilterOperand
{
    public JsonElement Value { get; } = value;

    public override JsonElement? Resolve(JsonElement item) => Value;
}

/// <summary>
/// <c>size(path)</c>: UTF-8 bytes of a string (as DynamoDB counts), elements of a list or map; absent for other types.
/// </summary>
internal sealed class SizeOperand(PathOperand path) : FilterOperand
{
    public override JsonElement? Resolve(JsonElement item)
    {
        int? size = path.Resolve(item) switch
        {
            { ValueKind: JsonValueKind.String } s => Encoding.UTF8.GetByteCount(s.GetString()!),
            { ValueKind: JsonValueKind.Array } a => a.GetArrayLength(),
            { ValueKind: JsonValueKind.Object } o => o.EnumerateObject().Count(),
            _ => null,
        };
        if (size is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(size.Value.ToString(CultureInfo.InvariantCulture));
        return document.RootElement.Clone();
    }
}
