using System.Text.Json;

namespace Conveyor.Core.Queries;

/// <summary>
/// A filter in DynamoDB condition-expression syntax (<c>#status = :s AND begins_with(#name, :p)</c>) with its
/// expression values (<c>:s</c>) and optional attribute names (<c>#status</c>). The local engine evaluates the same syntax.
/// </summary>
public sealed record QueryFilter(
    string Expression,
    IReadOnlyDictionary<string, JsonElement> Values,
    IReadOnlyDictionary<string, string>? Names = null);
