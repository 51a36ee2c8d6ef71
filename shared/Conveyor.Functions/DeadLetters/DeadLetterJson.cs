using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Functions.Workflows;

namespace Conveyor.Functions.DeadLetters;

/// <summary>
/// The JSON of dead letters for the API and the CLI: a dead letter <c>{messageId, queue, sourceQueue, deadLetteredAt,
/// receiveCount, error{type,message}, redrivable, taskId, body}</c> (<c>queue</c> is the dead-letter queue; <c>error</c>
/// null when the cause is unknown; <c>taskId</c> when the body is a task-queue message; <c>body</c> as JSON when it is
/// JSON) and a re-drive <c>{messageId, deadLetterQueue, queue, redrivenAt, moved}</c> (<c>moved</c> false on a repeat).
/// </summary>
public static class DeadLetterJson
{
    public static void WriteLetter(Utf8JsonWriter writer, StoredDeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(letter);
        writer.WriteStartObject();
        writer.WriteString("messageId", letter.MessageId);
        writer.WriteString("queue", letter.DeadLetterQueue);
        writer.WriteString("sourceQueue", letter.SourceQueue);
        writer.WriteString("deadLetteredAt", TaskTimestamps.ToText(letter.DeadLetteredAt));
        writer.WriteNumber("receiveCount", letter.ReceiveCount);
        if (letter.ErrorType is null && letter.ErrorMessage is null)
        {
            writer.WriteNull("error");
        }
        else
        {
            writer.WriteStartObject("error");
            writer.WriteString("type", letter.ErrorType);
            writer.WriteString("message", letter.ErrorMessage);
            writer.WriteEndObject();
        }

        writer.WriteBoolean("redrivable", letter.SourceQueue is not null);
        writer.WriteString("taskId", TaskIdOf(letter.Body));
        WorkflowJson.WritePayload(writer, "body", letter.Body);
        writer.WriteEndObject();
    }

    public static void WritePage(Utf8JsonWriter writer, DeadLetterPage page)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(page);
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        foreach (var letter in page.Items)
        {
            WriteLetter(writer, letter);
        }

        writer.WriteEndArray();
        writer.WriteString("next", page.Next);
        writer.WriteEndObject();
    }

    public static void WriteRedrive(Utf8JsonWriter writer, DeadLetterRedrive redrive)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(redrive);
        writer.WriteStartObject();
        writer.WriteString("messageId", redrive.MessageId);
        writer.WriteString("deadLetterQueue", redrive.DeadLetterQueue);
        writer.WriteString("queue", redrive.Queue);
        writer.WriteString("redrivenAt", TaskTimestamps.ToText(redrive.RedrivenAt));
        writer.WriteBoolean("moved", redrive.Moved);
        writer.WriteEndObject();
    }

    /// <summary>The task a task-queue message names (<c>{pk, sk, tenant, type}</c>); null for any other body.</summary>
    private static string? TaskIdOf(string body)
    {
        try
        {
            return TaskQueueMessageJson.Parse(body).Key.Id;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
