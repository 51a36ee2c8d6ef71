using Conveyor.Core.Tasks;

namespace Conveyor.Local.Tasks;

/// <summary>A listing across all tenants (local only, for <c>conveyor tasks list</c>): optional tenant, kind and status.</summary>
/// <param name="AfterId">Resume after this task id (the last id of the previous page), in creation order.</param>
public sealed record LocalTaskFilter(
    string? Tenant = null,
    TaskKind? Kind = null,
    TrackedTaskStatus? Status = null,
    int Limit = 100,
    string? AfterId = null);
