using System.Globalization;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Notifications;

/// <summary>
/// Which notifications a task change stands for — a pure function of the old and new images, so every delivery of the
/// same change (a stream redelivery, a replay after a crash) yields the same notifications with the same identities.
/// </summary>
/// <remarks>
/// An insert notifies nothing (a CREATED task was never notified) unless the row is stored already ended — a task
/// recorded FAILED because it could not start (<c>TaskService.RecordFailedAsync</c>) notifies <c>task-status</c>. A modification notifies <c>task-status</c>
/// (<c>sub-task-status</c> for a subtask) with <c>{status, attributes}</c> when the status changed, or, for a
/// step-function parent, when its progress summary changed; a change of result, error or version alone notifies nothing.
/// A step-function parent that moves to FINISHED or FAILED also raises <c>sfn-alarm</c>.
/// </remarks>
public static class TaskChangeNotifications
{
    /// <summary>The notifications of <paramref name="change"/>, in publish order (status before alarm).</summary>
    public static IReadOnlyList<Notification> For(TaskChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var next = change.NewImage;
        if (change.OldImage is not { } old)
        {
            return next.Kind != TaskKind.SubTask && next.Status.IsTerminal()
                ? [new Notification(NotificationActions.TaskStatus, next.Key, next.Tenant, NotificationJson.StatusContent(next)) { DeduplicationId = Identity(next, NotificationActions.TaskStatus) }]
                : [];
        }

        var statusChanged = old.Status != next.Status;
        var progressChanged = next.Kind == TaskKind.StepFunction && !Equals(old.Attributes, next.Attributes);
        if (!statusChanged && !progressChanged)
        {
            return [];
        }

        var action = next.Kind == TaskKind.SubTask ? NotificationActions.SubTaskStatus : NotificationActions.TaskStatus;
        var status = new Notification(action, next.Key, next.Tenant, NotificationJson.StatusContent(next))
        {
            DeduplicationId = Identity(next, action),
        };
        if (!statusChanged || next.Kind != TaskKind.StepFunction || next.Status is not (TrackedTaskStatus.Finished or TrackedTaskStatus.Failed))
        {
            return [status];
        }

        var alarm = new Notification(NotificationActions.StepFunctionAlarm, next.Key, next.Tenant, NotificationJson.AlarmContent(AlarmMessage(next)))
        {
            DeduplicationId = Identity(next, NotificationActions.StepFunctionAlarm),
        };
        return [status, alarm];
    }

    /// <summary><c>&lt;id&gt;#v&lt;version&gt;#&lt;action&gt;</c>: one per stored version and action, whoever publishes it.</summary>
    public static string Identity(TrackedTask task, string action)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        return string.Create(CultureInfo.InvariantCulture, $"{task.Id}#v{task.Version}#{action}");
    }

    /// <summary>
    /// The alarm text of an ended step-function parent: the stored error's message when FAILED (the execution error, or
    /// the list of subtasks that never ended), the failed subtasks from the final progress summary when FINISHED.
    /// </summary>
    public static string AlarmMessage(TrackedTask parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (parent.Status == TrackedTaskStatus.Failed && parent.Error is { Message: { Length: > 0 } message })
        {
            return message;
        }

        if (parent.Status == TrackedTaskStatus.Finished && parent.Attributes is { } summary)
        {
            return FinishedMessage(parent.Id, summary);
        }

        return string.Create(CultureInfo.InvariantCulture, $"Step-function task {parent.Id} ended {parent.Status.ToWireName()}");
    }

    /// <summary>The alarm text of a FINISHED parent: how many subtasks failed, and the first ten of them.</summary>
    public static string FinishedMessage(string parentId, ProgressSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var failed = summary.SubTasks.Where(s => s.Status is TrackedTaskStatus.Failed or TrackedTaskStatus.Finished).Select(s => s.Sk);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{summary.SubTaskFailedCount} of {summary.SubTaskCount} subtasks of {parentId} failed: {string.Join(", ", failed.Take(10))}");
    }
}
