using Conveyor.Core.Tasks;

namespace Conveyor.Local.Tasks;

/// <summary>
/// A search over the top-level tasks of every tenant (single and step-function tasks; subtasks are listed per parent),
/// newest first. Every filter is optional. <paramref name="Text"/> is a whole task id (the one task, whatever the other
/// filters say), or a piece of a name, type or ULID (case-insensitive for ASCII letters).
/// </summary>
/// <param name="From">Created at or after.</param>
/// <param name="To">Created before.</param>
/// <param name="Next">The token of the previous page (<see cref="TaskSearchPage.Next"/>), issued for the same filters.</param>
public sealed record TaskSearch(
    string? Tenant = null,
    TaskKind? Kind = null,
    TrackedTaskStatus? Status = null,
    string? Type = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Text = null,
    int Limit = 50,
    string? Next = null);
