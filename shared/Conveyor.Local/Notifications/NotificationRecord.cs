using System.Text.Json;

namespace Conveyor.Local.Notifications;

/// <summary>A recorded notification: the SNS message fields plus its sequence and publish time.</summary>
public sealed record NotificationRecord(
    long Sequence,
    string Action,
    string Id,
    string Pk,
    string Sk,
    string TenantCode,
    JsonElement Content,
    DateTimeOffset PublishedAt)
{
    /// <summary>The notification's identity (<see cref="Core.Ports.Notification.DeduplicationId"/>); null for explicit ones.</summary>
    public string? DeduplicationId { get; init; }

    /// <summary><c>conveyor</c> or <c>mbc</c>: whose body this is.</summary>
    public string Format { get; init; } = "conveyor";

    /// <summary>MBC's <c>table</c>; null for Conveyor's body.</summary>
    public string? Table { get; init; }
}
