namespace Conveyor.Core.Ports;

/// <summary>The queue that feeds TaskWorker (SQS on AWS, SQLite locally). Delivery is at least once.</summary>
public interface ITaskQueue
{
    Task EnqueueAsync(IReadOnlyList<TaskQueueMessage> messages, CancellationToken cancellationToken);
}
