using System.Text.Json;

namespace Conveyor.Core.Queries;

/// <summary>One page of read-model items as JSON objects; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record QueryPage(IReadOnlyList<JsonElement> Items, string? ContinuationToken);
