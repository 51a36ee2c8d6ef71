using Microsoft.Extensions.Logging;

namespace Conveyor.Durable;

/// <summary>
/// What a workflow is written against. Every call is a durable operation: checkpointed the first time, answered from
/// the checkpoint on every replay. The workflow runs from the top on each invocation, so everything outside these calls
/// must be deterministic (same inputs, same order of operations). Operation names identify operations in the history
/// and are checked on replay; results must be JSON-serializable by the types given to the function.
/// </summary>
public interface IDurableContext
{
    /// <summary>The durable execution's ARN (an idempotency key for side effects that outlive the execution).</summary>
    string ExecutionArn { get; }

    /// <summary>A logger that stays quiet while the workflow replays operations that already ran.</summary>
    ILogger Logger { get; }

    /// <summary>True while the workflow re-runs past already-checkpointed operations.</summary>
    bool IsReplaying { get; }

    /// <summary>Runs <paramref name="body"/> once (per <see cref="StepOptions.Semantics"/>), retries it per <see cref="StepOptions.Retry"/>, checkpoints its result.</summary>
    Task<T> StepAsync<T>(string name, Func<StepContext, CancellationToken, Task<T>> body, StepOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Suspends the workflow for <paramref name="duration"/> (whole seconds, 1 s to 1 year) without running anything.</summary>
    Task WaitAsync(string name, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Creates a callback whose id the outside world answers through SendDurableExecutionCallbackSuccess/Failure.</summary>
    Task<IDurableCallback<T>> CreateCallbackAsync<T>(string name, CallbackOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Creates a callback, hands its id to <paramref name="submitter"/> (a step) and waits for the answer.</summary>
    Task<T> WaitForCallbackAsync<T>(string name, Func<string, StepContext, CancellationToken, Task> submitter, CallbackOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Polls: runs <paramref name="check"/> on the current state, then asks <paramref name="decide"/> (with the 1-based
    /// attempt) whether to stop or check again after a delay; each state is checkpointed, the wait costs nothing.
    /// </summary>
    Task<TState> WaitForConditionAsync<TState>(string name, TState initialState, Func<TState, StepContext, CancellationToken, Task<TState>> check, Func<TState, int, ConditionDecision> decide, CancellationToken cancellationToken = default);

    /// <summary>Invokes another (durable) function by name and waits for its result.</summary>
    Task<TOut> InvokeAsync<TIn, TOut>(string name, string functionName, TIn input, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="body"/> in a child context whose operations are grouped under one operation; its result is checkpointed as a whole.</summary>
    Task<T> RunInChildContextAsync<T>(string name, Func<IDurableContext, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default);

    /// <summary>Runs the branches concurrently, each in its own child context, until <see cref="BatchOptions.Completion"/> is met.</summary>
    Task<BatchResult<T>> ParallelAsync<T>(string name, IReadOnlyList<Func<IDurableContext, CancellationToken, Task<T>>> branches, BatchOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="body"/> for each item concurrently, each in its own child context, until <see cref="BatchOptions.Completion"/> is met.</summary>
    Task<BatchResult<TOut>> MapAsync<TIn, TOut>(string name, IReadOnlyList<TIn> items, Func<TIn, int, IDurableContext, CancellationToken, Task<TOut>> body, BatchOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>The current time, read once from the injected clock and checkpointed, so replays see the same instant.</summary>
    Task<DateTimeOffset> GetCurrentTimeAsync(string name, CancellationToken cancellationToken = default);
}
