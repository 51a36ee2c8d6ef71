using Conveyor.Durable.Protocol;

namespace Conveyor.Durable.Service;

/// <summary>
/// What the outside world does with durable executions: start one (the name is the idempotency key), describe, list and
/// read the history of them, answer callbacks and stop them. Locally the embedded engine's SQLite service; the calls are
/// those of the Lambda API (<c>Invoke</c> with a durable execution name, <c>GetDurableExecution</c>,
/// <c>SendDurableExecutionCallbackSuccess/Failure/Heartbeat</c>, <c>StopDurableExecution</c>).
/// </summary>
public interface IDurableExecutionService
{
    /// <summary>Starts <paramref name="name"/> of <paramref name="functionName"/>, tracked by task <paramref name="taskId"/>; a second start of the name returns the first (Created = false).</summary>
    /// <exception cref="DurableServiceException">A bad name or input (400).</exception>
    Task<DurableExecutionStart> StartAsync(string functionName, string name, string? inputPayload, string? taskId, CancellationToken cancellationToken);

    /// <summary>The execution by name or ARN; null when there is none.</summary>
    Task<DurableExecutionInfo?> DescribeAsync(string nameOrArn, CancellationToken cancellationToken);

    /// <summary>Executions whose tracking task id starts with <paramref name="taskIdPrefix"/> (all when null), newest first.</summary>
    Task<IReadOnlyList<DurableExecutionInfo>> ListAsync(string? taskIdPrefix, string? status, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The execution waiting on callback <paramref name="callbackId"/>, looked for among executions whose tracking task id
    /// starts with <paramref name="taskIdPrefix"/>; null when none is.
    /// </summary>
    Task<DurableExecutionInfo?> FindByCallbackAsync(string callbackId, string? taskIdPrefix, CancellationToken cancellationToken);

    /// <summary>The execution's operations in start order; null when there is no such execution.</summary>
    Task<IReadOnlyList<Operation>?> HistoryAsync(string nameOrArn, CancellationToken cancellationToken);

    /// <exception cref="DurableServiceException">No such callback (404), or it is no longer waiting (400 <c>CallbackTimeoutException</c>).</exception>
    Task SendCallbackSuccessAsync(string callbackId, string? result, CancellationToken cancellationToken);

    /// <inheritdoc cref="SendCallbackSuccessAsync"/>
    Task SendCallbackFailureAsync(string callbackId, ErrorObject error, CancellationToken cancellationToken);

    /// <inheritdoc cref="SendCallbackSuccessAsync"/>
    Task SendCallbackHeartbeatAsync(string callbackId, CancellationToken cancellationToken);

    /// <exception cref="DurableServiceException">No such execution (404), or it already ended (409 <c>ResourceConflictException</c>).</exception>
    Task StopAsync(string nameOrArn, ErrorObject? error, CancellationToken cancellationToken);
}
