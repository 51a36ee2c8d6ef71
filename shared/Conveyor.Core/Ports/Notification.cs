using System.Text.Json;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Ports;

/// <summary>
/// <c>{action, pk, sk, id, tenantCode, content}</c>. <see cref="Action"/> is also sent as the SNS message attribute
/// <c>action</c> for filter policies: see <see cref="NotificationActions"/>.
/// </summary>
public sealed record Notification(string Action, TaskKey Key, string TenantCode, JsonElement Content)
{
    public string Id => Key.Id;

    /// <summary>
    /// The deterministic identity of a notification derived from a stored change (<c>&lt;id&gt;#v&lt;version&gt;#&lt;action&gt;</c>,
    /// see <see cref="Notifications.TaskChangeNotifications.Identity"/>): the same for every delivery of that change, so
    /// stores and FIFO topics can de-duplicate. Null for explicit notifications (e.g. an alarm published on request).
    /// Not part of the message body.
    /// </summary>
    public string? DeduplicationId { get; init; }

    /// <summary>Whose body this is: Conveyor's (default) or the MBC CQRS Serverless task package's.</summary>
    public Notifications.NotificationFormat Format { get; init; } = Notifications.NotificationFormat.Conveyor;

    /// <summary>The table name MBC's body carries (<c>table</c>); null in Conveyor's body.</summary>
    public string? Table { get; init; }
}
