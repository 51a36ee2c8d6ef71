namespace Conveyor.Local.Notifications;

/// <summary>Which notifications to read: after a sequence (for <c>--follow</c>), optionally for one task id or action.</summary>
public sealed record NotificationQuery(long AfterSequence = 0, string? TaskId = null, string? Action = null, int Limit = 100);
