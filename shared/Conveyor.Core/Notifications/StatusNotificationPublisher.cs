using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Core.Notifications;

/// <summary>
/// Publishes the notifications of a task change read from the change feed (the DynamoDB stream on AWS, the SQLite
/// change feed locally) — the outbox relay for status notifications. Because the change record is written in the same
/// write as the row, a crash after the write cannot lose its notification: the record is delivered (again) until the
/// relay succeeds. A redelivery publishes again with the same <see cref="Notification.DeduplicationId"/>, so notifiers
/// that de-duplicate (FIFO topics, the local store) keep one. With <see cref="NotificationFormatOptions"/> the bodies
/// are Conveyor's, MBC's (<see cref="MbcNotifications"/>, including the parent's progress after each subtask status
/// change, read live from the subtasks like MBC does) or both, Conveyor's first.
/// </summary>
public sealed partial class StatusNotificationPublisher
{
    private readonly INotifier _notifier;
    private readonly TaskService? _tasks;
    private readonly NotificationFormatOptions _format;
    private readonly ILogger _logger;

    public StatusNotificationPublisher(INotifier notifier, ILogger<StatusNotificationPublisher>? logger = null)
        : this(notifier, null, NotificationFormatOptions.Default, logger)
    {
    }

    /// <param name="tasks">Reads a subtask's parent and progress for MBC's progress notifications; required when <paramref name="format"/> publishes MBC's.</param>
    public StatusNotificationPublisher(INotifier notifier, TaskService? tasks, NotificationFormatOptions format, ILogger<StatusNotificationPublisher>? logger = null)
    {
        _notifier = notifier ?? throw new ArgumentNullException(nameof(notifier));
        _format = format ?? throw new ArgumentNullException(nameof(format));
        _tasks = tasks;
        if (_format.PublishesMbc && tasks is null)
        {
            throw new ArgumentNullException(nameof(tasks), "MBC's notification format needs the task service for progress notifications.");
        }

        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Publishes what the change stands for in the configured format(s); returns the notifications published.</summary>
    public async Task<IReadOnlyList<Notification>> PublishAsync(TaskChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var notifications = new List<Notification>();
        if (_format.PublishesConveyor)
        {
            notifications.AddRange(TaskChangeNotifications.For(change));
        }

        if (_format.PublishesMbc)
        {
            notifications.AddRange(MbcNotifications.For(change, _format.Table));
            if (await MbcProgressAsync(change, cancellationToken) is { } progress)
            {
                notifications.Add(progress);
            }
        }

        foreach (var notification in notifications)
        {
            await _notifier.PublishAsync(notification, cancellationToken);
            LogPublished(_logger, notification.Action, notification.Id, notification.DeduplicationId);
        }

        return notifications;
    }

    /// <summary>
    /// After a subtask's status changed: its parent's progress (the summary read live from the subtasks, as MBC does),
    /// one per subtask change. The relay may run after the parent has ended (it lags the writes); the change still
    /// happened while the parent ran, so the notification carries the running status (STARTED) rather than the final
    /// one — the parent's own end, published later from the same partition, stays its last <c>task-status</c>. A
    /// subtask change written after its parent ended (a late subtask of a failed execution) gets no progress.
    /// </summary>
    private async Task<Notification?> MbcProgressAsync(TaskChange change, CancellationToken cancellationToken)
    {
        var next = change.NewImage;
        if (change.OldImage is not { } old || old.Status == next.Status || next.Kind != TaskKind.SubTask || TaskKeys.ParentOf(next.Key) is not { } parentKey)
        {
            return null;
        }

        var parent = await _tasks!.GetAsync(parentKey, cancellationToken);
        if (parent is null)
        {
            return null;
        }

        if (parent.Status.IsTerminal())
        {
            if (next.UpdatedAt > parent.UpdatedAt)
            {
                return null;
            }

            parent = parent with { Status = TrackedTaskStatus.Started };
        }

        var summary = await _tasks.GetProgressAsync(parentKey, cancellationToken);
        return MbcNotifications.Progress(next, parent, summary, _format.Table);
    }

    [LoggerMessage(1, LogLevel.Debug, "Published {Action} for {TaskId} ({DeduplicationId}) from the change feed")]
    private static partial void LogPublished(ILogger logger, string action, string taskId, string? deduplicationId);
}
