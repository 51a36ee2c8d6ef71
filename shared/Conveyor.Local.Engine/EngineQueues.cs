using Conveyor.Local.Buckets;
using Conveyor.Local.Queue;
using Conveyor.Local.Scheduling;
using Conveyor.Local.Storage;

namespace Conveyor.Local.Engine;

/// <summary>The engine's durable queues: the task queue (SQS), bucket events, schedule firings, and stream dead letters.</summary>
public sealed class EngineQueues
{
    public const string TaskQueueName = "conveyor-local-tasks";
    public const string StreamDeadLetterQueueName = "stream-fan-out-dlq";

    public EngineQueues(LocalDatabase database, EngineOptions options, int taskMaxReceiveCount, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        Tasks = new SqliteQueue(database, new QueueOptions(TaskQueueName, options.VisibilityTimeout, taskMaxReceiveCount), time);
        BucketEvents = new SqliteQueue(database, new QueueOptions(BucketWatcherOptions.DefaultQueueName, TimeSpan.FromMinutes(5), options.MaxDeliveries), time);
        ScheduleEvents = new SqliteQueue(database, new QueueOptions(LocalSchedulerOptions.DefaultQueueName, TimeSpan.FromMinutes(5), options.MaxDeliveries), time);
        StreamDeadLetters = new SqliteQueue(database, new QueueOptions(StreamDeadLetterQueueName, MaxReceiveCount: 0), time);
    }

    /// <summary>Feeds TaskWorker; dead-letters after the functions' MaxAttempts receives (<c>conveyor-local-tasks-dlq</c>).</summary>
    public SqliteQueue Tasks { get; }

    public SqliteQueue BucketEvents { get; }

    public SqliteQueue ScheduleEvents { get; }

    /// <summary>Change records StreamFanOut failed on <see cref="EngineOptions.MaxDeliveries"/> times (the on-failure destination).</summary>
    public SqliteQueue StreamDeadLetters { get; }

    /// <summary>
    /// The dead letters of every queue: the task queue's, bucket events' and schedule firings' (re-driven to them), and the
    /// change records StreamFanOut failed on (shown only: they have no source queue). The CLI opens the same store on the database.
    /// </summary>
    public SqliteDeadLetterStore DeadLetterStore(LocalDatabase database, TimeProvider time) => new(database, Consumed, [StreamDeadLetterQueueName], time);

    /// <summary>The queues whose in-flight messages a newly started engine releases (it holds the lock, so their receivers died).</summary>
    public IEnumerable<SqliteQueue> Consumed => [Tasks, BucketEvents, ScheduleEvents];
}
