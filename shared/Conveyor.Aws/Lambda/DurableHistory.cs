using System.Text;
using System.Text.Json;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;

namespace Conveyor.Aws.Lambda;

/// <summary>
/// <c>GetDurableExecutionHistory</c>'s events (<c>{"Events":[…],"NextMarker"}</c>, API reference 2025-12-01) folded into
/// the operations they describe, the shape the embedded engine's history has: one <see cref="Operation"/> per
/// operation id in the order its first event came, with the status of its latest event. An event names its operation
/// (<c>Id</c>, <c>ParentId</c>, <c>Name</c>, <c>SubType</c>) and its kind (<c>EventType</c> = the operation type
/// <c>Execution|Context|Wait|Step|ChainedInvoke|Callback</c> + <c>Started|Succeeded|Failed|TimedOut|Stopped|Cancelled</c>),
/// and carries one <c>&lt;EventType&gt;Details</c> member: <c>Input</c>/<c>Result</c> as <c>{Payload, Truncated}</c>,
/// <c>Error</c> as <c>{Payload: ErrorObject, Truncated}</c>, <c>RetryDetails {CurrentAttempt, NextAttemptDelaySeconds}</c>,
/// <c>ScheduledEndTimestamp</c>, <c>CallbackId</c>. <c>InvocationCompleted</c> events describe invocations, not operations.
/// </summary>
public static class DurableHistory
{
    private static readonly (string Prefix, string Type)[] Types =
    [
        ("ChainedInvoke", OperationTypes.ChainedInvoke),
        ("Execution", OperationTypes.Execution),
        ("Callback", OperationTypes.Callback),
        ("Context", OperationTypes.Context),
        ("Step", OperationTypes.Step),
        ("Wait", OperationTypes.Wait),
    ];

    private static readonly (string Suffix, string Status)[] Statuses =
    [
        ("Started", OperationStatuses.Started),
        ("Succeeded", OperationStatuses.Succeeded),
        ("Failed", OperationStatuses.Failed),
        ("TimedOut", OperationStatuses.TimedOut),
        ("Stopped", OperationStatuses.Stopped),
        ("Cancelled", OperationStatuses.Cancelled),
    ];

    /// <summary>Folds one page of events into <paramref name="operations"/> (kept across pages); returns the page's <c>NextMarker</c>.</summary>
    public static string? Fold(ReadOnlySpan<byte> page, List<Operation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var reader = new Utf8JsonReader(page);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.TryGetProperty("Events", out var events) && events.ValueKind == JsonValueKind.Array)
        {
            foreach (var evt in events.EnumerateArray())
            {
                Apply(evt, operations);
            }
        }

        return root.TryGetProperty("NextMarker", out var marker) && marker.ValueKind == JsonValueKind.String ? marker.GetString() : null;
    }

    private static void Apply(JsonElement evt, List<Operation> operations)
    {
        var eventType = Text(evt, "EventType") ?? "";
        var (type, status) = Classify(eventType);
        var id = Text(evt, "Id");
        if (type is null || status is null || id is null)
        {
            return;
        }

        var at = Timestamp(evt, "EventTimestamp");
        var operation = operations.Find(o => o.Id == id);
        if (operation is null)
        {
            operation = new Operation { Id = id, Type = type, StartTimestamp = at };
            operations.Add(operation);
        }

        operation.ParentId ??= Text(evt, "ParentId");
        operation.Name ??= Text(evt, "Name");
        operation.SubType ??= Text(evt, "SubType");
        var details = evt.TryGetProperty(eventType + "Details", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
        var result = Payload(details, "Result");
        var error = Error(details);
        var retry = details.ValueKind == JsonValueKind.Object && details.TryGetProperty("RetryDetails", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
        operation.Status = status;
        if (status != OperationStatuses.Started)
        {
            operation.EndTimestamp = at;
        }

        switch (type)
        {
            case OperationTypes.Execution when status == OperationStatuses.Started:
                operation.ExecutionDetails = new ExecutionDetails { InputPayload = TrackedExecutionInput.Unwrap(Payload(details, "Input")).Input };
                break;
            case OperationTypes.Step:
                operation.StepDetails ??= new StepDetails();
                operation.StepDetails.Result = result ?? operation.StepDetails.Result;
                operation.StepDetails.Error = error ?? operation.StepDetails.Error;
                if (retry.ValueKind == JsonValueKind.Object)
                {
                    operation.StepDetails.Attempt = Int(retry, "CurrentAttempt") ?? operation.StepDetails.Attempt;
                    if (status == OperationStatuses.Failed && Int(retry, "NextAttemptDelaySeconds") is { } delay && at is { } failedAt)
                    {
                        // A failed attempt the SDK retries: the step waits for its next attempt.
                        operation.Status = OperationStatuses.Pending;
                        operation.EndTimestamp = null;
                        operation.StepDetails.NextAttemptTimestamp = failedAt.AddSeconds(delay);
                    }
                }

                break;
            case OperationTypes.Wait:
                operation.WaitDetails ??= new WaitDetails();
                operation.WaitDetails.ScheduledEndTimestamp = Timestamp(details, "ScheduledEndTimestamp") ?? operation.WaitDetails.ScheduledEndTimestamp;
                break;
            case OperationTypes.Callback:
                operation.CallbackDetails ??= new CallbackDetails();
                operation.CallbackDetails.CallbackId = Text(details, "CallbackId") ?? operation.CallbackDetails.CallbackId;
                operation.CallbackDetails.Result = result ?? operation.CallbackDetails.Result;
                operation.CallbackDetails.Error = error ?? operation.CallbackDetails.Error;
                break;
            case OperationTypes.Context:
                operation.ContextDetails ??= new ContextDetails();
                operation.ContextDetails.Result = result ?? operation.ContextDetails.Result;
                operation.ContextDetails.Error = error ?? operation.ContextDetails.Error;
                break;
            case OperationTypes.ChainedInvoke when result is not null || error is not null:
                operation.ChainedInvokeDetails = new ChainedInvokeDetails { Result = result, Error = error };
                break;
        }
    }

    private static (string? Type, string? Status) Classify(string eventType)
    {
        foreach (var (prefix, type) in Types)
        {
            if (!eventType.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var suffix = eventType[prefix.Length..];
            foreach (var (name, status) in Statuses)
            {
                if (suffix == name)
                {
                    return (type, status);
                }
            }
        }

        return (null, null);
    }

    private static string? Payload(JsonElement details, string member) =>
        details.ValueKind == JsonValueKind.Object && details.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.Object ? Text(value, "Payload") : null;

    private static ErrorObject? Error(JsonElement details)
    {
        if (details.ValueKind != JsonValueKind.Object || !details.TryGetProperty("Error", out var error) || error.ValueKind != JsonValueKind.Object
            || !error.TryGetProperty("Payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return DurableProtocolJson.Deserialize(Encoding.UTF8.GetBytes(payload.GetRawText()), DurableExecutionJsonContext.Default.ErrorObject);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static DateTimeOffset? Timestamp(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(value.GetRawText()));
        reader.Read();
        return new EpochTimestampConverter().Read(ref reader, typeof(DateTimeOffset?), DurableExecutionJsonContext.Default.Options);
    }
}
