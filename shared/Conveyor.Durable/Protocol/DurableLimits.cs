namespace Conveyor.Durable.Protocol;

/// <summary>The service limits Conveyor enforces before the service would refuse (Lambda durable functions quotas).</summary>
public static class DurableLimits
{
    /// <summary>Operations one execution may record.</summary>
    public const int MaxOperationsPerExecution = 3_000;

    /// <summary>Bytes of one operation's payload or result (checkpoint payload).</summary>
    public const int MaxOperationPayloadBytes = 256 * 1024;

    /// <summary>Bytes of the updates sent in one <c>CheckpointDurableExecution</c> call.</summary>
    public const int MaxCheckpointBatchBytes = 750 * 1024;

    /// <summary>Bytes of an execution's input.</summary>
    public const int MaxInputPayloadBytes = 256 * 1024;

    /// <summary>Bytes of the invocation response (the workflow's result).</summary>
    public const int MaxResponsePayloadBytes = 6 * 1024 * 1024;

    /// <summary>Bytes of all payloads an execution keeps.</summary>
    public const long MaxExecutionStateBytes = 100L * 1024 * 1024;

    /// <summary>Characters of an operation name.</summary>
    public const int MaxOperationNameLength = 256;

    /// <summary>The longest wait, callback timeout or execution: one year.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(365);
}
