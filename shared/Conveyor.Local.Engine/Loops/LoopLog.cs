using Microsoft.Extensions.Logging;

namespace Conveyor.Local.Engine.Loops;

/// <summary>Log messages shared by the engine loops.</summary>
internal static partial class LoopLog
{
    [LoggerMessage(1, LogLevel.Error, "{Loop} loop: unexpected error ({ErrorType}); retrying")]
    public static partial void Unexpected(ILogger logger, Exception exception, string loop, string errorType);

    [LoggerMessage(2, LogLevel.Warning, "{Source} {Item} failed (delivery {Delivery} of {Max}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string source, string item, int delivery, int max, TimeSpan delay);

    [LoggerMessage(3, LogLevel.Error, "{Source} {Item} failed {Deliveries} times; dead-lettered to queue {Queue}")]
    public static partial void DeadLettered(ILogger logger, string source, string item, int deliveries, string queue);

    [LoggerMessage(4, LogLevel.Information, "Workflow {ExecutionName} for {TaskId} running (start {Start})")]
    public static partial void WorkflowStarted(ILogger logger, string executionName, string taskId, int start);

    [LoggerMessage(5, LogLevel.Information, "Workflow {ExecutionName} ended {Status}")]
    public static partial void WorkflowEnded(ILogger logger, string executionName, string status);

    [LoggerMessage(6, LogLevel.Warning, "Workflow {ExecutionName} ended {Status}: {Error} {Cause}")]
    public static partial void WorkflowFailed(ILogger logger, string executionName, string status, string? error, string? cause);

    [LoggerMessage(7, LogLevel.Information, "Workflow {ExecutionName} interrupted by shutdown; it resumes on the next start")]
    public static partial void WorkflowInterrupted(ILogger logger, string executionName);

    [LoggerMessage(8, LogLevel.Information, "Bucket event {Bucket}/{Key} (sequencer {Sequencer}) is not newer than {Last}; dropped")]
    public static partial void StaleBucketEvent(ILogger logger, string bucket, string key, string sequencer, string last);

    [LoggerMessage(9, LogLevel.Warning, "Bucket event message {MessageId} is not an S3 event ({Reason}); dead-lettered")]
    public static partial void MalformedBucketEvent(ILogger logger, string messageId, string reason);

    [LoggerMessage(10, LogLevel.Information, "Released {Count} in-flight messages of queue {Queue} left by a stopped engine")]
    public static partial void Released(ILogger logger, int count, string queue);

    [LoggerMessage(12, LogLevel.Information, "Bucket event message {MessageId} (sequencer {Sequencer}) superseded by {Newer} for the same key; dropped")]
    public static partial void SupersededBucketEvent(ILogger logger, string messageId, string sequencer, string newer);

    [LoggerMessage(11, LogLevel.Information, "Schedule {Name} fired (scheduled {ScheduledTime:o})")]
    public static partial void ScheduleFired(ILogger logger, string name, DateTimeOffset scheduledTime);
}
