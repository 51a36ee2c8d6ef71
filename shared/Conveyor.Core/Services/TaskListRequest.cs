using Conveyor.Core.Tasks;

namespace Conveyor.Core.Services;

/// <summary>A page of a tenant's tasks of one kind (step-function lists show parents only), newest first by default.</summary>
/// <param name="Limit">1–1000.</param>
/// <param name="ContinuationToken">The opaque token of the previous page, or null for the first.</param>
public sealed record TaskListRequest(
    string Tenant,
    TaskKind Kind = TaskKind.Task,
    int Limit = 50,
    bool Ascending = false,
    string? ContinuationToken = null);
