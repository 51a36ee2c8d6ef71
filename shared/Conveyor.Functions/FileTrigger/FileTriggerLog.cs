using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.FileTrigger;

/// <summary>Source-generated log messages of <see cref="FileTriggerHandler"/>.</summary>
internal static partial class FileTriggerLog
{
    [LoggerMessage(1, LogLevel.Information, "Skipped the S3 test event for bucket {Bucket}")]
    public static partial void TestEventSkipped(ILogger logger, string bucket);

    [LoggerMessage(2, LogLevel.Error, "Malformed object key in an event of bucket {Bucket}: raw key {RawKey}: {Reason}; the record is reported as failed and not retried")]
    public static partial void MalformedKey(ILogger logger, string bucket, string rawKey, string reason);

    [LoggerMessage(3, LogLevel.Error, "No file task watches bucket {Bucket} (object {Key}); check the bucket configuration (Conveyor:Buckets)")]
    public static partial void NoFileTask(ILogger logger, string bucket, string key);

    [LoggerMessage(4, LogLevel.Information, "File task {FileTask}: {Action} done for {Bucket}/{Key}")]
    public static partial void ActionDone(ILogger logger, string fileTask, string action, string bucket, string key);

    [LoggerMessage(5, LogLevel.Error, "File task {FileTask}: {Action} failed for {Bucket}/{Key}: {Error}")]
    public static partial void ActionFailed(ILogger logger, Exception? exception, string fileTask, string action, string bucket, string key, string error);

    [LoggerMessage(6, LogLevel.Error, "File task {FileTask} failed on {Bucket}/{Key} with {ErrorType}")]
    public static partial void CallbackFailed(ILogger logger, Exception exception, string fileTask, string bucket, string key, string errorType);

    [LoggerMessage(7, LogLevel.Information, "File events: {Records} record(s), {Processed} processed, {Failed} failed")]
    public static partial void Summary(ILogger logger, int records, int processed, int failed);

    [LoggerMessage(8, LogLevel.Information, "Rejected file {Bucket}/{Key} recorded as FAILED task {TaskId}")]
    public static partial void RejectedRecorded(ILogger logger, string bucket, string key, string taskId);

    [LoggerMessage(9, LogLevel.Error, "Rejected file {Bucket}/{Key} could not be recorded ({ErrorType}); the event will be retried")]
    public static partial void RejectedNotRecorded(ILogger logger, Exception exception, string bucket, string key, string errorType);
}
