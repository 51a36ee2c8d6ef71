namespace Conveyor.Core.Ports;

/// <summary>The stable notification action names.</summary>
public static class NotificationActions
{
    public const string TaskStatus = "task-status";
    public const string SubTaskStatus = "sub-task-status";
    public const string StepFunctionAlarm = "sfn-alarm";
}
