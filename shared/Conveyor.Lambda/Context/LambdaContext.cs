using Conveyor.Lambda.Client;

namespace Conveyor.Lambda.Context;

/// <summary>
/// The context of one invocation. Owns the deadline timer: dispose it when the invocation ends.
/// The token fires at <c>deadline - margin</c>, where the margin is <paramref name="safetyMargin"/> but never more than
/// <paramref name="safetyFraction"/> of the time the invocation had when it arrived (so short timeouts keep most of their time).
/// </summary>
public sealed class LambdaContext : ILambdaContext, IDisposable
{
    private readonly LambdaFunctionInfo _function;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _deadlineSource;
    private readonly CancellationTokenSource _linkedSource;

    public LambdaContext(
        InvocationRequest invocation,
        LambdaFunctionInfo function,
        TimeProvider timeProvider,
        TimeSpan safetyMargin,
        double safetyFraction,
        CancellationToken hostCancellation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _function = function;
        _timeProvider = timeProvider;
        RequestId = invocation.RequestId;
        InvokedFunctionArn = invocation.InvokedFunctionArn;
        TraceId = invocation.TraceId;
        Deadline = invocation.Deadline;

        var remaining = RemainingTime;
        var margin = TimeSpan.FromTicks(Math.Min(safetyMargin.Ticks, (long)(remaining.Ticks * safetyFraction)));
        var fireIn = remaining - margin;
        _deadlineSource = fireIn > TimeSpan.Zero ? new CancellationTokenSource(fireIn, timeProvider) : CreateCancelled();
        _linkedSource = CancellationTokenSource.CreateLinkedTokenSource(_deadlineSource.Token, hostCancellation);
    }

    public string RequestId { get; }

    public string FunctionName => _function.FunctionName;

    public string FunctionVersion => _function.FunctionVersion;

    public int MemoryLimitInMb => _function.MemoryLimitInMb;

    public string? LogGroupName => _function.LogGroupName;

    public string? LogStreamName => _function.LogStreamName;

    public string? InvokedFunctionArn { get; }

    public string? TraceId { get; }

    public DateTimeOffset Deadline { get; }

    public TimeSpan RemainingTime
    {
        get
        {
            var left = Deadline - _timeProvider.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public CancellationToken CancellationToken => _linkedSource.Token;

    /// <summary>True when the token fired because the deadline margin was reached (not because the host stopped).</summary>
    public bool IsDeadlineReached => _deadlineSource.IsCancellationRequested;

    public void Dispose()
    {
        _linkedSource.Dispose();
        _deadlineSource.Dispose();
    }

    private static CancellationTokenSource CreateCancelled()
    {
        var source = new CancellationTokenSource();
        source.Cancel();
        return source;
    }
}
