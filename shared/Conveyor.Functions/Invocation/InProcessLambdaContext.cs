using Conveyor.Lambda.Context;

namespace Conveyor.Functions.Invocation;

/// <summary>
/// The <see cref="ILambdaContext"/> of an invocation made in-process (the embedded engine, tests): a request id, a
/// function name and a deadline, with the caller's token as the cancellation.
/// </summary>
public sealed class InProcessLambdaContext : ILambdaContext
{
    private readonly TimeProvider _timeProvider;

    public InProcessLambdaContext(
        string requestId,
        string functionName,
        DateTimeOffset deadline,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        ArgumentException.ThrowIfNullOrWhiteSpace(functionName);
        RequestId = requestId;
        FunctionName = functionName;
        Deadline = deadline;
        _timeProvider = timeProvider ?? TimeProvider.System;
        CancellationToken = cancellationToken;
    }

    public string RequestId { get; }

    public string FunctionName { get; }

    public string FunctionVersion => "$LATEST";

    public int MemoryLimitInMb => 0;

    public string? LogGroupName => null;

    public string? LogStreamName => null;

    public string? InvokedFunctionArn => null;

    public string? TraceId => null;

    public DateTimeOffset Deadline { get; }

    public TimeSpan RemainingTime
    {
        get
        {
            var left = Deadline - _timeProvider.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public CancellationToken CancellationToken { get; }

    /// <summary>A context with a fresh request id and <paramref name="timeout"/> from now.</summary>
    public static InProcessLambdaContext Create(string functionName, TimeSpan timeout, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var clock = timeProvider ?? TimeProvider.System;
        return new InProcessLambdaContext(Guid.NewGuid().ToString(), functionName, clock.GetUtcNow() + timeout, clock, cancellationToken);
    }
}
