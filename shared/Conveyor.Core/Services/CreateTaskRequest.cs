using System.Text.Json;

namespace Conveyor.Core.Services;

/// <summary>What to create. <paramref name="Name"/> defaults to <paramref name="Type"/>.</summary>
/// <param name="IdempotencyKey">A retried request with the same key (per tenant and kind) returns the first task.</param>
public sealed record CreateTaskRequest(
    string Tenant,
    string Type,
    JsonElement Input,
    string? Name = null,
    string? CreatedBy = null,
    string? RequestId = null,
    string? IdempotencyKey = null);
