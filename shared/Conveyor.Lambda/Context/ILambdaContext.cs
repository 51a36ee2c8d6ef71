namespace Conveyor.Lambda.Context;

/// <summary>What a handler knows about the current invocation and the function it runs in.</summary>
public interface ILambdaContext
{
    string RequestId { get; }

    string FunctionName { get; }

    string FunctionVersion { get; }

    int MemoryLimitInMb { get; }

    string? LogGroupName { get; }

    string? LogStreamName { get; }

    string? InvokedFunctionArn { get; }

    string? TraceId { get; }

    /// <summary>When Lambda will stop the invocation.</summary>
    DateTimeOffset Deadline { get; }

    /// <summary>Time left until <see cref="Deadline"/> (never negative).</summary>
    TimeSpan RemainingTime { get; }

    /// <summary>
    /// Fires a safety margin before <see cref="Deadline"/> (and when the host stops), leaving time to report an
    /// error or save progress instead of being killed mid-write.
    /// </summary>
    CancellationToken CancellationToken { get; }
}
