using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Serialization;

/// <summary>
/// The message body of a notification: <c>{action, pk, sk, id, tenantCode, content}</c> (content is
/// <c>{status, attributes}</c> for status changes and <c>{errorMessage}</c> for alarms); MBC's body
/// <c>{action, pk, sk, table, id, tenantCode, content}</c> when the notification carries a <see cref="Notification.Table"/>.
/// </summary>
public static class NotificationJson
{
    private const string Shape = "notification";

    public static void Write(Utf8JsonWriter writer, Notification notification)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(notification);
        writer.WriteStartObject();
        writer.WriteString("action", notification.Action);
        writer.WriteString("pk", notification.Key.Pk);
        writer.WriteString("sk", notification.Key.Sk);
        if (notification.Table is { } table)
        {
            writer.WriteString("table", table);
        }

        writer.WriteString("id", notification.Id);
        writer.WriteString("tenantCode", notification.TenantCode);
        JsonWrite.Property(writer, "content", notification.Content);
        writer.WriteEndObject();
    }

    public static string Serialize(Notification notification) => JsonWrite.ToText(notification, Write);

    /// <exception cref="FormatException">Not valid JSON or not the notification shape.</exception>
    public static Notification Parse(string json)
    {
        using var document = JsonRead.ParseDocument(json, Shape);
        var root = document.RootElement;
        JsonRead.EnsureObject(root, Shape);
        var key = new TaskKey(JsonRead.RequiredString(root, "pk", Shape), JsonRead.RequiredString(root, "sk", Shape));
        return new Notification(
            JsonRead.RequiredString(root, "action", Shape),
            key,
            JsonRead.RequiredString(root, "tenantCode", Shape),
            JsonRead.Required(root, "content", Shape).Clone());
    }

    /// <summary>Content of <c>task-status</c> / <c>sub-task-status</c>: <c>{status, attributes}</c> (attributes null when none).</summary>
    public static JsonElement StatusContent(TrackedTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return JsonWrite.ToElement(task, static (writer, t) =>
        {
            writer.WriteStartObject();
            writer.WriteString("status", t.Status.ToWireName());
            writer.WritePropertyName("attributes");
            if (t.Attributes is { } attributes)
            {
                ProgressSummaryJson.Write(writer, attributes);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>Content of <c>sfn-alarm</c>: <c>{errorMessage}</c>.</summary>
    public static JsonElement AlarmContent(string errorMessage)
    {
        ArgumentNullException.ThrowIfNull(errorMessage);
        return JsonWrite.ToElement(errorMessage, static (writer, message) =>
        {
            writer.WriteStartObject();
            writer.WriteString("errorMessage", message);
            writer.WriteEndObject();
        });
    }
}
