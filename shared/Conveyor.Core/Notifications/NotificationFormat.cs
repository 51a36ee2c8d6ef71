namespace Conveyor.Core.Notifications;

/// <summary>
/// Which notification bodies a deployment publishes (<c>CONVEYOR__NOTIFICATIONFORMAT</c>, template parameter
/// <c>NotificationFormat</c>, <c>conveyor up --notification-format</c>): Conveyor's own (the default), the MBC CQRS
/// Serverless task package's, or both side by side (each message says which in its <c>format</c> attribute).
/// </summary>
public enum NotificationFormat
{
    Conveyor,
    Mbc,
    Both,
}
