using System.Text.Json;
using Conveyor.Core.Serialization;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;

namespace Conveyor.Functions.Workflows;

/// <summary>
/// The JSON of durable executions for the API and the CLI: an execution <c>{name, workflow, status, arn, taskId, input,
/// result, error{type,message}, startedAt, endedAt}</c> and its history, one entry per operation <c>{id, parentId, name,
/// type, subType, status, startedAt, endedAt, attempt?, result?, error?, callbackId?, fireAt?}</c>. Payloads that are
/// JSON are written as JSON, others as strings; timestamps as ISO-8601 UTC with milliseconds.
/// </summary>
public static class WorkflowJson
{
    public static void WriteExecution(Utf8JsonWriter writer, DurableExecutionInfo info, string? workflow)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(info);
        var execution = info.Execution;
        writer.WriteStartObject();
        writer.WriteString("name", execution.DurableExecutionName);
        writer.WriteString("workflow", workflow);
        writer.WriteString("status", execution.Status);
        writer.WriteString("arn", execution.DurableExecutionArn);
        writer.WriteString("taskId", info.TaskId);
        WritePayload(writer, "input", execution.InputPayload);
        WritePayload(writer, "result", execution.Result);
        WriteError(writer, execution.Error);
        WriteTime(writer, "startedAt", execution.StartTimestamp);
        WriteTime(writer, "endedAt", execution.EndTimestamp);
        writer.WriteEndObject();
    }

    public static void WriteOperation(Utf8JsonWriter writer, Operation operation)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(operation);
        writer.WriteStartObject();
        writer.WriteString("id", operation.Id);
        writer.WriteString("parentId", operation.ParentId);
        writer.WriteString("name", operation.Name);
        writer.WriteString("type", operation.Type);
        writer.WriteString("subType", operation.SubType);
        writer.WriteString("status", operation.Status);
        WriteTime(writer, "startedAt", operation.StartTimestamp);
        WriteTime(writer, "endedAt", operation.EndTimestamp);
        if (operation.StepDetails is { } step)
        {
            writer.WriteNumber("attempt", step.Attempt ?? 0);
            WriteTime(writer, "nextAttemptAt", step.NextAttemptTimestamp);
        }

        if (operation.WaitDetails?.ScheduledEndTimestamp is { } fireAt)
        {
            WriteTime(writer, "fireAt", fireAt);
        }

        if (operation.CallbackDetails?.CallbackId is { } callbackId)
        {
            writer.WriteString("callbackId", callbackId);
        }

        var (result, error) = operation.Type switch
        {
            OperationTypes.Execution => (operation.ExecutionDetails?.InputPayload, null),
            OperationTypes.Step => (operation.StepDetails?.Result, operation.StepDetails?.Error),
            OperationTypes.Callback => (operation.CallbackDetails?.Result, operation.CallbackDetails?.Error),
            OperationTypes.Context => (operation.ContextDetails?.Result, operation.ContextDetails?.Error),
            OperationTypes.ChainedInvoke => (operation.ChainedInvokeDetails?.Result, operation.ChainedInvokeDetails?.Error),
            _ => ((string?)null, (ErrorObject?)null),
        };
        WritePayload(writer, operation.Type == OperationTypes.Execution ? "input" : "result", result);
        WriteError(writer, error);
        writer.WriteEndObject();
    }

    /// <summary>A payload as JSON when it is JSON, else as a string; null as null.</summary>
    public static void WritePayload(Utf8JsonWriter writer, string name, string? payload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (payload is null)
        {
            writer.WriteNull(name);
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            writer.WritePropertyName(name);
            document.RootElement.WriteTo(writer);
        }
        catch (JsonException)
        {
            writer.WriteString(name, payload);
        }
    }

    private static void WriteError(Utf8JsonWriter writer, ErrorObject? error)
    {
        if (error is null)
        {
            writer.WriteNull("error");
            return;
        }

        writer.WriteStartObject("error");
        writer.WriteString("type", error.ErrorType);
        writer.WriteString("message", error.ErrorMessage);
        writer.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, TaskTimestamps.ToText(time));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
