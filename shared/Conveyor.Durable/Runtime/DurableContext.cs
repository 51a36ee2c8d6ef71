using Conveyor.Durable.Protocol;
using Microsoft.Extensions.Logging;

namespace Conveyor.Durable.Runtime;

/// <summary>
/// The <see cref="IDurableContext"/> of the root workflow or of one child context. Each operation takes the next
/// deterministic id of this context, then either answers from the checkpoint (replay) or does the work and
/// checkpoints it; operations that must wait suspend the invocation.
/// </summary>
internal sealed partial class DurableContext : IDurableContext
{
    private readonly InvocationRuntime _runtime;
    private readonly OperationIdSequence _ids;

    public DurableContext(InvocationRuntime runtime, string? parentId)
    {
        _runtime = runtime;
        _ids = new OperationIdSequence(parentId);
    }

    public string ExecutionArn => _runtime.ExecutionArn;

    public ILogger Logger => _runtime.Logger;

    public bool IsReplaying => _runtime.IsReplaying;

    private string? ParentId => _ids.ParentId;

    public async Task<T> StepAsync<T>(string name, Func<StepContext, CancellationToken, Task<T>> body, StepOptions? options = null, CancellationToken cancellationToken = default)
    {
        InvocationRuntime.ValidateName(name);
        ArgumentNullException.ThrowIfNull(body);
        var id = _ids.Next();
        var existing = _runtime.Visit(id, OperationTypes.Step, OperationSubTypes.Step, name);
        var semantics = options?.Semantics ?? StepSemantics.AtLeastOncePerRetry;
        var retry = options?.Retry ?? RetryStrategies.None;
        switch (existing?.Status)
        {
            case OperationStatuses.Succeeded:
                return _runtime.Serializer.Deserialize<T>(existing.StepDetails?.Result);
            case OperationStatuses.Failed:
                throw Failure(name, existing);
            case OperationStatuses.Pending when existing.StepDetails?.NextAttemptTimestamp > _runtime.Time.GetUtcNow():
                return await _runtime.Lifetime.Suspend<T>();
        }

        var attempt = (existing?.StepDetails?.Attempt ?? 0) + 1;
        if (existing?.Status == OperationStatuses.Started && semantics == StepSemantics.AtMostOncePerRetry)
        {
            // The previous invocation checkpointed this attempt's start and never its end: it may have run. Never run it again.
            var interrupted = new StepInterruptedException($"Step '{name}' attempt {attempt} was interrupted before its result was checkpointed; at-most-once semantics forbid running it again.");
            return await AfterFailureAsync<T>(id, name, interrupted, attempt, retry, OperationSubTypes.Step, payload: null);
        }

        if (!_runtime.Lifetime.CanStart())
        {
            return await _runtime.Lifetime.Suspend<T>();
        }

        Exception? failure;
        {
            if (existing?.Status != OperationStatuses.Started)
            {
                // At least once: the start is not waited for, and goes with the step's end when the body ends at once.
                var start = Update(id, name, OperationTypes.Step, OperationSubTypes.Step, OperationActions.Start);
                var atMostOnce = semantics == StepSemantics.AtMostOncePerRetry;
                await _runtime.Batcher.EnqueueAsync(start, waitForAcknowledgement: atMostOnce, sendNow: atMostOnce);
            }

            try
            {
                var running = body(new StepContext(id, name, attempt, Logger), cancellationToken);
                if (!running.IsCompleted)
                {
                    _runtime.Batcher.SendNow();
                }

                var result = await running;
                var payload = _runtime.Serializer.SerializePayload(result, $"step '{name}'");
                var succeed = Update(id, name, OperationTypes.Step, OperationSubTypes.Step, OperationActions.Succeed);
                succeed.Payload = payload;
                await CheckpointAsync(succeed);
                return result;
            }
            catch (Exception ex) when (ex is not DurableServiceException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                failure = ex;
            }
        }

        return await AfterFailureAsync<T>(id, name, failure, attempt, retry, OperationSubTypes.Step, payload: null);
    }

    public async Task WaitAsync(string name, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        InvocationRuntime.ValidateName(name);
        var seconds = InvocationRuntime.WholeSeconds(duration, "A wait");
        var id = _ids.Next();
        var existing = _runtime.Visit(id, OperationTypes.Wait, OperationSubTypes.Wait, name);
        if (existing is not null && OperationStatuses.IsTerminal(existing.Status))
        {
            return;
        }

        if (existing is null)
        {
            var start = Update(id, name, OperationTypes.Wait, OperationSubTypes.Wait, OperationActions.Start);
            start.WaitOptions = new WaitUpdateOptions { WaitSeconds = seconds };
            await CheckpointAsync(start);
        }

        await _runtime.Lifetime.Suspend<bool>();
    }

    public async Task<IDurableCallback<T>> CreateCallbackAsync<T>(string name, CallbackOptions? options = null, CancellationToken cancellationToken = default)
    {
        InvocationRuntime.ValidateName(name);
        var id = _ids.Next();
        var existing = _runtime.Visit(id, OperationTypes.Callback, OperationSubTypes.Callback, name);
        if (existing is null)
        {
            var start = Update(id, name, OperationTypes.Callback, OperationSubTypes.Callback, OperationActions.Start);
            start.CallbackOptions = new CallbackUpdateOptions
            {
                TimeoutSeconds = options?.Timeout is { } timeout ? InvocationRuntime.WholeSeconds(timeout, "A callback timeout") : null,
                HeartbeatTimeoutSeconds = options?.HeartbeatTimeout is { } heartbeat ? InvocationRuntime.WholeSeconds(heartbeat, "A callback heartbeat timeout") : null,
            };
            await CheckpointAsync(start);
            existing = _runtime.State.Get(id);
        }

        var callbackId = existing?.CallbackDetails?.CallbackId;
        if (string.IsNullOrEmpty(callbackId))
        {
            throw new DurableServiceException("InvalidResponse", $"The service recorded callback '{name}' without a CallbackId.", 500);
        }

        return new DurableCallback<T>(this, id, name, callbackId);
    }

    public Task<T> WaitForCallbackAsync<T>(string name, Func<string, StepContext, CancellationToken, Task> submitter, CallbackOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submitter);
        return RunChildAsync(name, OperationSubTypes.WaitForCallback, async (child, token) =>
        {
            var callback = await child.CreateCallbackAsync<T>(name + ".callback", options, token);
            await child.StepAsync<bool>(name + ".submit", async (step, ct) =>
            {
                await submitter(callback.CallbackId, step, ct);
                return true;
            }, null, token);
            return await callback.GetResultAsync(token);
        }, cancellationToken);
    }

    public async Task<TState> WaitForConditionAsync<TState>(string name, TState initialState, Func<TState, StepContext, CancellationToken, Task<TState>> check, Func<TState, int, ConditionDecision> decide, CancellationToken cancellationToken = default)
    {
        InvocationRuntime.ValidateName(name);
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(decide);
        var id = _ids.Next();
        var existing = _runtime.Visit(id, OperationTypes.Step, OperationSubTypes.WaitForCondition, name);
        switch (existing?.Status)
        {
            case OperationStatuses.Succeeded:
                return _runtime.Serializer.Deserialize<TState>(existing.StepDetails?.Result);
            case OperationStatuses.Failed:
                throw Failure(name, existing);
            case OperationStatuses.Pending when existing.StepDetails?.NextAttemptTimestamp > _runtime.Time.GetUtcNow():
                return await _runtime.Lifetime.Suspend<TState>();
        }

        var attempt = (existing?.StepDetails?.Attempt ?? 0) + 1;
        var current = existing?.StepDetails?.Result is { } saved ? _runtime.Serializer.Deserialize<TState>(saved) : initialState;
        if (!_runtime.Lifetime.CanStart())
        {
            return await _runtime.Lifetime.Suspend<TState>();
        }

        TimeSpan delay;
        string payload;
        {
            if (existing?.Status != OperationStatuses.Started)
            {
                await _runtime.Batcher.EnqueueAsync(Update(id, name, OperationTypes.Step, OperationSubTypes.WaitForCondition, OperationActions.Start), waitForAcknowledgement: false);
            }

            TState next;
            try
            {
                next = await check(current, new StepContext(id, name, attempt, Logger), cancellationToken);
            }
            catch (Exception ex) when (ex is not DurableServiceException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                var fail = Update(id, name, OperationTypes.Step, OperationSubTypes.WaitForCondition, OperationActions.Fail);
                fail.Error = ErrorObject.From(ex);
                await CheckpointAsync(fail);
                throw new DurableOperationFailedException(name, OperationTypes.Step, OperationStatuses.Failed, fail.Error, ex);
            }

            var decision = decide(next, attempt);
            payload = _runtime.Serializer.SerializePayload(next, $"condition '{name}'");
            if (decision.Done)
            {
                var succeed = Update(id, name, OperationTypes.Step, OperationSubTypes.WaitForCondition, OperationActions.Succeed);
                succeed.Payload = payload;
                await CheckpointAsync(succeed);
                return next;
            }

            delay = decision.Delay;
        }

        var retry = Update(id, name, OperationTypes.Step, OperationSubTypes.WaitForCondition, OperationActions.Retry);
        retry.Payload = payload;
        retry.StepOptions = new StepUpdateOptions { NextAttemptDelaySeconds = DelaySeconds(delay) };
        await CheckpointAsync(retry);
        return await _runtime.Lifetime.Suspend<TState>();
    }

    public async Task<TOut> InvokeAsync<TIn, TOut>(string name, string functionName, TIn input, CancellationToken cancellationToken = default)
    {
        InvocationRuntime.ValidateName(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(functionName);
        var id = _ids.Next();
        var existing = _runtime.Visit(id, OperationTypes.ChainedInvoke, OperationSubTypes.ChainedInvoke, name);
        switch (existing?.Status)
        {
            case OperationStatuses.Succeeded:
                return _runtime.Serializer.Deserialize<TOut>(existing.ChainedInvokeDetails?.Result);
            case OperationStatuses.Failed or OperationStatuses.TimedOut or OperationStatuses.Stopped:
                throw Failure(name, existing);
            case null:
                var start = Update(id, name, OperationTypes.ChainedInvoke, OperationSubTypes.ChainedInvoke, OperationActions.Start);
                start.Payload = _runtime.Serializer.SerializePayload(input, $"the input of invoke '{name}'");
                start.ChainedInvokeOptions = new ChainedInvokeUpdateOptions { FunctionName = functionName };
                await CheckpointAsync(start);
                break;
        }

        return await _runtime.Lifetime.Suspend<TOut>();
    }

    public Task<T> RunInChildContextAsync<T>(string name, Func<IDurableContext, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default) =>
        RunChildAsync(name, OperationSubTypes.Context, body, cancellationToken);

    public Task<DateTimeOffset> GetCurrentTimeAsync(string name, CancellationToken cancellationToken = default) =>
        StepAsync(name, (_, _) => Task.FromResult(_runtime.Time.GetUtcNow()), null, cancellationToken);

    internal Task<T> ResultOfCallbackAsync<T>(string id, string name)
    {
        var operation = _runtime.State.Get(id);
        return operation?.Status switch
        {
            OperationStatuses.Succeeded => Task.FromResult(_runtime.Serializer.Deserialize<T>(operation.CallbackDetails?.Result)),
            OperationStatuses.Failed or OperationStatuses.TimedOut or OperationStatuses.Stopped => Task.FromException<T>(Failure(name, operation)),
            _ => _runtime.Lifetime.Suspend<T>(),
        };
    }

    private async Task<T> RunChildAsync<T>(string name, string subType, Func<IDurableContext, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        InvocationRuntime.ValidateName(name);
        ArgumentNullException.ThrowIfNull(body);
        var id = _ids.Next();
        var existing = _runtime.Visit(id, OperationTypes.Context, subType, name);
        return await RunChildWithIdAsync(id, name, subType, existing, body, cancellationToken);
    }

    private async Task<T> RunChildWithIdAsync<T>(string id, string name, string subType, Operation? existing, Func<IDurableContext, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        switch (existing?.Status)
        {
            case OperationStatuses.Succeeded when existing.ContextDetails?.ReplayChildren != true:
                _runtime.SkipChildrenOf(id);
                return _runtime.Serializer.Deserialize<T>(existing.ContextDetails?.Result);
            case OperationStatuses.Failed:
                _runtime.SkipChildrenOf(id);
                throw Failure(name, existing);
            case null:
                await _runtime.Batcher.EnqueueAsync(Update(id, name, OperationTypes.Context, subType, OperationActions.Start), waitForAcknowledgement: false);
                break;
        }

        var child = new DurableContext(_runtime, id);
        T result;
        try
        {
            result = await body(child, cancellationToken);
        }
        catch (Exception ex) when (ex is not (NonDeterministicWorkflowException or DurableServiceException or DurableLimitExceededException)
            && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var fail = Update(id, name, OperationTypes.Context, subType, OperationActions.Fail);
            fail.Error = ErrorObject.From(ex);
            await CheckpointAsync(fail);
            throw ex as DurableOperationFailedException ?? new DurableOperationFailedException(name, OperationTypes.Context, OperationStatuses.Failed, fail.Error, ex);
        }

        if (existing?.Status != OperationStatuses.Succeeded)
        {
            await CheckpointContextSuccessAsync(id, name, subType, _runtime.Serializer.Serialize(result));
        }

        return result;
    }

    private async Task<T> AfterFailureAsync<T>(string id, string name, Exception failure, int attempt, IRetryStrategy retry, string subType, string? payload)
    {
        var decision = failure is DurableLimitExceededException ? RetryDecision.Stop : retry.Decide(failure, attempt);
        var error = ErrorObject.From(failure);
        if (decision.ShouldRetry)
        {
            var update = Update(id, name, OperationTypes.Step, subType, OperationActions.Retry);
            update.Error = error;
            update.Payload = payload;
            update.StepOptions = new StepUpdateOptions { NextAttemptDelaySeconds = DelaySeconds(decision.Delay) };
            await CheckpointAsync(update);
            DurableLog.StepRetrying(Logger, name, attempt, failure.Message, decision.Delay);
            return await _runtime.Lifetime.Suspend<T>();
        }

        var fail = Update(id, name, OperationTypes.Step, subType, OperationActions.Fail);
        fail.Error = error;
        await CheckpointAsync(fail);
        throw new DurableOperationFailedException(name, OperationTypes.Step, OperationStatuses.Failed, error, failure);
    }

    /// <summary>Checkpoints <paramref name="update"/> and waits for the service's acknowledgement.</summary>
    private Task CheckpointAsync(OperationUpdate update) => _runtime.Batcher.EnqueueAsync(update, waitForAcknowledgement: true);

    private static int DelaySeconds(TimeSpan delay) =>
        (int)Math.Clamp(Math.Ceiling(delay.TotalSeconds), 1, DurableLimits.MaxDuration.TotalSeconds);

    private static DurableOperationFailedException Failure(string name, Operation operation)
    {
        var error = operation.StepDetails?.Error ?? operation.CallbackDetails?.Error ?? operation.ChainedInvokeDetails?.Error ?? operation.ContextDetails?.Error;
        return new DurableOperationFailedException(name, operation.Type, operation.Status, error);
    }

    /// <summary>Checkpoints a child context's success with its result, or, when the result is too large to checkpoint
    /// as a whole, marks it so that replays re-run the child, whose own operations answer from their checkpoints.</summary>
    private async Task CheckpointContextSuccessAsync(string id, string name, string subType, string json)
    {
        var succeed = Update(id, name, OperationTypes.Context, subType, OperationActions.Succeed);
        if (System.Text.Encoding.UTF8.GetByteCount(json) > DurableLimits.MaxOperationPayloadBytes)
        {
            succeed.ContextOptions = new ContextUpdateOptions { ReplayChildren = true };
        }
        else
        {
            succeed.Payload = json;
        }

        await CheckpointAsync(succeed);
    }

    private OperationUpdate Update(string id, string name, string type, string subType, string action) => new()
    {
        Id = id,
        ParentId = ParentId,
        Name = name,
        Type = type,
        SubType = subType,
        Action = action,
    };
}
