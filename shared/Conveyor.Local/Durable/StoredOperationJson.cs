using System.Buffers;
using System.Text;
using System.Text.Json;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;

namespace Conveyor.Local.Durable;

/// <summary>
/// An operation's stored JSON, written member by member: the same text as <see cref="JsonSerializer"/> with
/// <see cref="DurableServiceJsonContext"/> (declaration order, null members left out, timestamps as
/// <see cref="EpochTimestampConverter"/> writes them, the same escaping). The generated serializer takes its slower
/// metadata path for <see cref="Operation"/>, <see cref="StepDetails"/> and <see cref="WaitDetails"/> because their
/// timestamps have a converter; every durable write serializes its execution's open operations. The details without a
/// converter are written by the generated serializer's own code.
/// </summary>
internal static class StoredOperationJson
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static string Serialize(Operation operation)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        Write(writer, operation);
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, Operation operation)
    {
        var context = DurableServiceJsonContext.Default;
        writer.WriteStartObject();
        String(writer, "Id", operation.Id);
        String(writer, "ParentId", operation.ParentId);
        String(writer, "Name", operation.Name);
        String(writer, "Type", operation.Type);
        String(writer, "SubType", operation.SubType);
        String(writer, "Status", operation.Status);
        Timestamp(writer, "StartTimestamp", operation.StartTimestamp);
        Timestamp(writer, "EndTimestamp", operation.EndTimestamp);
        if (operation.ExecutionDetails is { } execution)
        {
            writer.WritePropertyName("ExecutionDetails");
            JsonSerializer.Serialize(writer, execution, context.ExecutionDetails);
        }

        if (operation.ContextDetails is { } child)
        {
            writer.WritePropertyName("ContextDetails");
            JsonSerializer.Serialize(writer, child, context.ContextDetails);
        }

        if (operation.StepDetails is { } step)
        {
            writer.WriteStartObject("StepDetails");
            String(writer, "Result", step.Result);
            if (step.Error is { } error)
            {
                writer.WritePropertyName("Error");
                JsonSerializer.Serialize(writer, error, context.ErrorObject);
            }

            if (step.Attempt is { } attempt)
            {
                writer.WriteNumber("Attempt", attempt);
            }

            Timestamp(writer, "NextAttemptTimestamp", step.NextAttemptTimestamp);
            writer.WriteEndObject();
        }

        if (operation.WaitDetails is { } wait)
        {
            writer.WriteStartObject("WaitDetails");
            Timestamp(writer, "ScheduledEndTimestamp", wait.ScheduledEndTimestamp);
            writer.WriteEndObject();
        }

        if (operation.CallbackDetails is { } callback)
        {
            writer.WritePropertyName("CallbackDetails");
            JsonSerializer.Serialize(writer, callback, context.CallbackDetails);
        }

        if (operation.ChainedInvokeDetails is { } invoke)
        {
            writer.WritePropertyName("ChainedInvokeDetails");
            JsonSerializer.Serialize(writer, invoke, context.ChainedInvokeDetails);
        }

        writer.WriteEndObject();
    }

    private static void String(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    // As EpochTimestampConverter.Write: epoch seconds with millisecond precision, as a decimal.
    private static void Timestamp(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteNumber(name, time.ToUnixTimeMilliseconds() / 1000m);
        }
    }
}
