using System.Text.Json;

namespace Conveyor.Core.Actions;

/// <summary>A task to create (a step-function task when <see cref="StepFunction"/>; its input must then be a non-empty array).</summary>
/// <param name="IdempotencyKey">Creating twice with one key yields one task. File events arrive at least once, so a task
/// started from a bucket event should carry <see cref="IdempotencyKeys.ForBucketEvent"/>.</param>
public sealed record StartTaskRequest(
    string Tenant,
    string Type,
    JsonElement Input,
    bool StepFunction = false,
    string? Name = null,
    string? CreatedBy = null,
    string? RequestId = null,
    string? IdempotencyKey = null);
