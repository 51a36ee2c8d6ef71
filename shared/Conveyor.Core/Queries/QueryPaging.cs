namespace Conveyor.Core.Queries;

/// <summary>Page size and the opaque token of the previous page.</summary>
public sealed record QueryPaging(int Limit = 50, string? ContinuationToken = null);
