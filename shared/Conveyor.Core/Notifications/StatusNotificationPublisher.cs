using Conveyor.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Core.Notifications;

/// <summary>
/// Publishes the notifications of a task change read from the change feed (the DynamoDB stream on AWS, the SQLite
/// change feed locally) — the outbox relay for status notifications. Because the change record is written in the same
/// write as the row, a crash after the write cannot lose its notification: the record is delivered (again) until the
/// relay succeeds. A redelivery publishes again with the same <see cref="Notification.DeduplicationId"/>, so notifiers
/// that de-duplicate (FIFO topics, the local store) keep one.
/// </summary>
public sealed partial class StatusNotificationPublisher
{
    private readonly INotifier _notifier;
    private readonly ILogger _logger;

    public StatusNotificationPublisher(INotifier notifier, ILogger<StatusNotificationPublisher>? logger = null)
    {
        _notifier = notifier ?? throw new ArgumentNullException(nameof(notifier));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Publishes what <see cref="TaskChangeNotifications.For"/> derives from the change; returns the notifications published.</summary>
    public async Task<IReadOnlyList<Notification>> PublishAsync(TaskChange change, CancellationToken cancellationToken)
    {
        var notifications = TaskChangeNotifications.For(change);
        foreach (var notification in notifications)
        {
            await _notifier.PublishAsync(notification, cancellationToken);
            LogPublished(_logger, notification.Action, notification.Id, notification.DeduplicationId);
        }

        return notifications;
    }

    [LoggerMessage(1, LogLevel.Debug, "Published {Action} for {TaskId} ({DeduplicationId}) from the change feed")]
    private static partial void LogPublished(ILogger logger, string action, string taskId, string? deduplicationId);
}
