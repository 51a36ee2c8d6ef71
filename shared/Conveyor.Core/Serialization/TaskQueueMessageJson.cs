using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Serialization;

/// <summary>The body of a task-queue message: <c>{pk, sk, tenant, type}</c>.</summary>
public static class TaskQueueMessageJson
{
    private const string Shape = "task queue message";

    public static void Write(Utf8JsonWriter writer, TaskQueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        writer.WriteStartObject();
        writer.WriteString("pk", message.Key.Pk);
        writer.WriteString("sk", message.Key.Sk);
        writer.WriteString("tenant", message.Tenant);
        writer.WriteString("type", message.Type);
        writer.WriteEndObject();
    }

    public static string Serialize(TaskQueueMessage message) => JsonWrite.ToText(message, Write);

    /// <summary>Parses a message body; a poison message fails with a message that says what is wrong.</summary>
    /// <exception cref="FormatException">Not JSON, not an object, a missing field, or a pk/sk that is not a task key.</exception>
    public static TaskQueueMessage Parse(string body)
    {
        using var document = JsonRead.ParseDocument(body, Shape);
        var root = document.RootElement;
        JsonRead.EnsureObject(root, Shape);
        var key = new TaskKey(JsonRead.RequiredString(root, "pk", Shape), JsonRead.RequiredString(root, "sk", Shape));
        _ = TaskKeys.KindOf(key);
        var tenant = JsonRead.RequiredString(root, "tenant", Shape);
        if (tenant != TaskKeys.TenantOf(key))
        {
            throw new FormatException($"The {Shape} tenant '{tenant}' does not match its pk '{key.Pk}'.");
        }

        return new TaskQueueMessage(key, tenant, JsonRead.RequiredString(root, "type", Shape));
    }

    /// <summary>The message for a stored task.</summary>
    public static TaskQueueMessage For(TrackedTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new TaskQueueMessage(task.Key, task.Tenant, task.Type);
    }
}
