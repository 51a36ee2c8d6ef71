namespace Conveyor.Core.Files;

/// <summary>What a file task sees: the service, the clock, the current request and the bucket names.</summary>
/// <param name="ServiceName">Recorded as <c>meta.service</c> on the commands the task sends.</param>
/// <param name="Clock">The only source of time for file tasks (tests pass a fake).</param>
/// <param name="Buckets">Logical → physical bucket names.</param>
/// <param name="CorrelationId">Correlates everything one event causes; null at setup time.</param>
/// <param name="RequestId">The invocation (Lambda request id, or the local engine's); null at setup time.</param>
public sealed record FileTaskContext(
    string ServiceName,
    TimeProvider Clock,
    BucketNameResolver Buckets,
    string? CorrelationId = null,
    string? RequestId = null)
{
    /// <summary>The physical bucket of <paramref name="taskName"/>'s bucket <paramref name="bucketName"/> (null: its default).</summary>
    /// <exception cref="BucketNotConfiguredException">No physical name is configured for the logical name.</exception>
    public string PhysicalBucket(string taskName, string? bucketName = null) => Buckets.Resolve(taskName, bucketName);

    /// <summary>This context for one event.</summary>
    public FileTaskContext ForRequest(string correlationId, string? requestId) =>
        this with { CorrelationId = correlationId, RequestId = requestId };
}
