namespace Conveyor.Core.Ports;

/// <summary>Publishes status notifications and alarms (SNS on AWS, a recorded log locally).</summary>
public interface INotifier
{
    Task PublishAsync(Notification notification, CancellationToken cancellationToken);
}
