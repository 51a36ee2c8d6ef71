using Conveyor.Durable.Protocol;

namespace Conveyor.Durable;

/// <summary>
/// A durable operation ended in failure: a step exhausted its retries, a callback was failed or timed out, an invoked
/// function failed, a child context threw. Thrown at the same point on every replay, from the checkpointed error.
/// </summary>
public sealed class DurableOperationFailedException : Exception
{
    public DurableOperationFailedException()
    {
    }

    public DurableOperationFailedException(string message)
        : base(message)
    {
    }

    public DurableOperationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DurableOperationFailedException(string operationName, string operationType, string status, ErrorObject? error, Exception? innerException = null)
        : base(error?.ErrorMessage ?? $"{operationType} '{operationName}' ended {status}.", innerException)
    {
        OperationName = operationName;
        OperationType = operationType;
        Status = status;
        ErrorType = error?.ErrorType ?? (status == OperationStatuses.TimedOut ? "TimedOut" : operationType + "Failed");
        ErrorData = error?.ErrorData;
    }

    public string OperationName { get; } = string.Empty;

    public string OperationType { get; } = string.Empty;

    /// <summary>FAILED, TIMED_OUT or STOPPED.</summary>
    public string Status { get; } = OperationStatuses.Failed;

    /// <summary>The type of the original error (an exception's full name, or what the outside world sent).</summary>
    public string ErrorType { get; } = string.Empty;

    public string? ErrorData { get; }

    /// <summary>
    /// The operation timed out (a callback or heartbeat timeout, an invoke's timeout). Also true when the timeout is
    /// replayed from an enclosing context's recorded error, where only the error type survives.
    /// </summary>
    public bool IsTimeout => Status == OperationStatuses.TimedOut || ErrorType is "TimedOut" or "CallbackTimeout" or "CallbackHeartbeatTimeout";
}
