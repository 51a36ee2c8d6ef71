using System.Text.Json;

namespace Conveyor.Core.Workflows;

/// <summary>
/// A durable workflow to start: which workflow (<paramref name="Workflow"/>, e.g. <c>document-review</c>), under which
/// execution name (1–64 of <c>[A-Za-z0-9-_]</c>, the idempotency key), for which tenant, with which JSON input.
/// </summary>
public sealed record StartWorkflowRequest(
    string Tenant,
    string Workflow,
    string ExecutionName,
    JsonElement Input,
    string? CreatedBy = null,
    string? RequestId = null);
