using System.Text.Json;

namespace Conveyor.Core.Services;

/// <summary>
/// A task to create, the one request type of every creator (the API, file-task actions, schedules, the CLI).
/// <paramref name="Name"/> defaults to <paramref name="Type"/>. A step-function task when <paramref name="StepFunction"/>;
/// its input must then be a non-empty array (one item per subtask).
/// </summary>
/// <param name="IdempotencyKey">A retried request with the same key (per tenant and kind) returns the first task. File
/// events arrive at least once, so a task started from a bucket event should carry
/// <see cref="Actions.IdempotencyKeys.ForBucketEvent"/>.</param>
public sealed record CreateTaskRequest(
    string Tenant,
    string Type,
    JsonElement Input,
    string? Name = null,
    string? CreatedBy = null,
    string? RequestId = null,
    string? IdempotencyKey = null,
    bool StepFunction = false);
