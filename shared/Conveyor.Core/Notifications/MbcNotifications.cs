using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Notifications;

/// <summary>
/// The notifications the MBC CQRS Serverless task package (v1.2.5) publishes, derived from a task change: bodies
/// <c>{action, pk, sk, table, id, tenantCode, content}</c>; <c>task-status</c> / <c>sub-task-status</c> content
/// <c>{status, attributes?:{result}|{error}}</c> for tasks and subtasks and <c>{attributes:{…summary}, status}</c> for a
/// step-function task (MBC's key orders); an <c>sfn-alarm</c> <c>{errorMessage}</c> for every task, subtask or
/// step-function task that FAILED; and, after every subtask status change, the parent's progress as <c>task-status</c>
/// (<see cref="Progress"/>). Identities are Conveyor's with <c>#mbc</c> appended, so both formats can be kept side by side.
/// </summary>
/// <remarks>
/// Kept from Conveyor on purpose: the statuses are Conveyor's (a running parent is STARTED, an all-failed one ends
/// FINISHED, not COMPLETED); errors are <c>{type, message}</c> (MBC sends a stack trace); no alarm for a FINISHED parent
/// (each failed subtask raised its own, as in MBC).
/// </remarks>
public static class MbcNotifications
{
    public const string IdentitySuffix = "#mbc";

    /// <summary>
    /// The MBC notifications of <paramref name="change"/>, in publish order (status before alarm): the status
    /// notifications <see cref="TaskChangeNotifications.For"/> decides on, in MBC's body, and an alarm when the change
    /// made the task FAILED.
    /// </summary>
    public static IReadOnlyList<Notification> For(TaskChange change, string table)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        var next = change.NewImage;
        var result = new List<Notification>();
        foreach (var notification in TaskChangeNotifications.For(change))
        {
            if (notification.Action == NotificationActions.StepFunctionAlarm)
            {
                continue; // Conveyor's per-parent summary alarm; MBC alarms per failure (below).
            }

            result.Add(notification with
            {
                Content = StatusContent(next),
                DeduplicationId = notification.DeduplicationId + IdentitySuffix,
                Format = NotificationFormat.Mbc,
                Table = table,
            });
        }

        if (result.Count > 0 && next.Status == TrackedTaskStatus.Failed && change.OldImage?.Status != TrackedTaskStatus.Failed)
        {
            var message = next.Error?.Message is { Length: > 0 } text ? text : TaskChangeNotifications.AlarmMessage(next);
            result.Add(new Notification(NotificationActions.StepFunctionAlarm, next.Key, next.Tenant, NotificationJson.AlarmContent(message))
            {
                DeduplicationId = TaskChangeNotifications.Identity(next, NotificationActions.StepFunctionAlarm) + IdentitySuffix,
                Format = NotificationFormat.Mbc,
                Table = table,
            });
        }

        return result;
    }

    /// <summary>
    /// MBC's progress notification after a subtask's status change: <c>task-status</c> for the parent with content
    /// <c>{attributes: summary, status}</c> (the parent's status as stored). Its identity is the subtask change's, so
    /// a redelivered change publishes it once.
    /// </summary>
    public static Notification Progress(TrackedTask subTask, TrackedTask parent, ProgressSummary summary, string table)
    {
        ArgumentNullException.ThrowIfNull(subTask);
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        return new Notification(NotificationActions.TaskStatus, parent.Key, parent.Tenant, StatusContent(parent with { Attributes = summary }))
        {
            DeduplicationId = TaskChangeNotifications.Identity(subTask, "progress") + IdentitySuffix,
            Format = NotificationFormat.Mbc,
            Table = table,
        };
    }

    /// <summary>
    /// MBC's status content: <c>{attributes, status}</c> for a step-function task (updateStepFunctionTask), else
    /// <c>{status, attributes?}</c> (updateStatus / updateSubTaskStatus; attributes left out when there is neither
    /// result nor error, as MBC's undefined is).
    /// </summary>
    public static System.Text.Json.JsonElement StatusContent(TrackedTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return JsonWrite.ToElement(task, static (writer, t) =>
        {
            writer.WriteStartObject();
            if (t.Kind == TaskKind.StepFunction)
            {
                writer.WritePropertyName("attributes");
                MbcTaskJson.WriteAttributes(writer, t);
                writer.WriteString("status", t.Status.ToWireName());
            }
            else
            {
                writer.WriteString("status", t.Status.ToWireName());
                if (MbcTaskJson.HasAttributes(t))
                {
                    writer.WritePropertyName("attributes");
                    MbcTaskJson.WriteAttributes(writer, t);
                }
            }

            writer.WriteEndObject();
        });
    }
}
