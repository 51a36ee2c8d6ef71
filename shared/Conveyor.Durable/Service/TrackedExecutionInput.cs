using System.Text;
using System.Text.Json;
using Conveyor.Durable.Protocol;

namespace Conveyor.Durable.Service;

/// <summary>
/// How an execution started on AWS remembers the Conveyor task that tracks it. Lambda keeps nothing beside an
/// execution but its name and input, so the input sent with <c>Invoke</c> is an envelope:
/// <c>{"ConveyorTaskId":"TASK#tenant#type#ulid","Input":&lt;the workflow input&gt;}</c>. The service keeps it for the
/// execution's lifetime and retention (GetDurableExecution's <c>InputPayload</c>), so every reader learns the task from
/// the execution itself, and Lambda's idempotency rule (the same name with an identical payload returns the existing
/// execution, a different payload is refused) tells one task's retried start from another task's start under a taken
/// name. <see cref="DurableFunction{TIn,TOut}"/> hands the workflow only <c>Input</c>; a payload that is not an
/// envelope (an execution started outside Conveyor, or the embedded engine's, which keeps the task beside the record)
/// passes through unchanged.
/// </summary>
public static class TrackedExecutionInput
{
    public const string TaskIdProperty = "ConveyorTaskId";
    public const string InputProperty = "Input";

    /// <summary>The payload to start an execution with: <paramref name="input"/> (JSON text, or null) tracked by <paramref name="taskId"/> (none: the input as it is).</summary>
    public static string? Wrap(string? taskId, string? input)
    {
        if (taskId is null)
        {
            return input;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(TaskIdProperty, taskId);
            if (input is not null)
            {
                writer.WritePropertyName(InputProperty);
                using var document = JsonDocument.Parse(input);
                document.RootElement.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The tracking task and the workflow input of <paramref name="payload"/>; (null, payload) when it is not an envelope.</summary>
    public static (string? TaskId, string? Input) Unwrap(string? payload)
    {
        if (string.IsNullOrEmpty(payload) || payload.TrimStart() is not ['{', ..])
        {
            return (null, payload);
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            string? taskId = null;
            string? input = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case TaskIdProperty when property.Value.ValueKind == JsonValueKind.String:
                        taskId = property.Value.GetString();
                        break;
                    case InputProperty:
                        input = property.Value.GetRawText();
                        break;
                    default:
                        return (null, payload);
                }
            }

            return taskId is null ? (null, payload) : (taskId, input);
        }
        catch (JsonException)
        {
            return (null, payload);
        }
    }

    /// <summary>The tracking task of the execution an invocation envelope belongs to (its EXECUTION operation's input), or null.</summary>
    public static string? TaskIdOf(DurableInvocationInput invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var execution = invocation.InitialExecutionState?.Operations.FirstOrDefault(o => o.Type == OperationTypes.Execution);
        return Unwrap(execution?.ExecutionDetails?.InputPayload).TaskId;
    }
}
