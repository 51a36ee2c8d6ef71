namespace Conveyor.Local.Buckets;

/// <summary>What the bucket watcher watches and how patiently.</summary>
/// <param name="Root">The folder holding one subfolder per bucket (<c>&lt;dir&gt;/buckets</c>).</param>
/// <param name="Buckets">The buckets to watch; their folders are created if missing.</param>
/// <param name="QueueName">The durable queue the S3 event notifications are written to.</param>
/// <param name="StabilityInterval">A file is complete once its size and modification time are unchanged across two checks this far apart and it can be opened exclusively.</param>
/// <param name="RescanInterval">How often the folders are rescanned in full, catching anything the file system watcher dropped.</param>
/// <param name="HintCapacity">Bound of the in-memory queue of file-system notifications; when full, notifications are dropped and a rescan is requested instead.</param>
public sealed record BucketWatcherOptions(
    string Root,
    IReadOnlyList<string> Buckets,
    string QueueName = BucketWatcherOptions.DefaultQueueName,
    TimeSpan? StabilityInterval = null,
    TimeSpan? RescanInterval = null,
    int HintCapacity = 4096,
    int PublishBatchSize = 256)
{
    public const string DefaultQueueName = "bucket-events";

    public TimeSpan EffectiveStabilityInterval => StabilityInterval ?? TimeSpan.FromMilliseconds(500);

    public TimeSpan EffectiveRescanInterval => RescanInterval ?? TimeSpan.FromSeconds(30);
}
