using System.Globalization;
using System.Text;
using Conveyor.Durable.Protocol;

namespace Conveyor.Durable.Service;

/// <summary>
/// The durable execution service's rules, independent of storage: how a checkpoint changes operations, when timers,
/// retries and callback deadlines fire, how callbacks are answered, how an invocation is built and its answer applied.
/// The in-memory test runner and the embedded SQLite engine both keep <see cref="DurableExecutionRecord"/>s and call these.
/// </summary>
public static class DurableExecutionRules
{
    /// <summary>Operations per page of state (the service's default <c>MaxItems</c>).</summary>
    public const int DefaultPageSize = 100;

    public const int MaxPageSize = 1000;

    public static DurableExecutionRecord Create(string arn, string name, string functionName, string? inputPayload, DateTimeOffset now, TimeSpan? executionTimeout)
    {
        if (inputPayload is not null && Encoding.UTF8.GetByteCount(inputPayload) > DurableLimits.MaxInputPayloadBytes)
        {
            throw Invalid($"The execution input is larger than {DurableLimits.MaxInputPayloadBytes} bytes.");
        }

        var record = new DurableExecutionRecord
        {
            Arn = arn,
            Name = name,
            FunctionName = functionName,
            InputPayload = inputPayload,
            StartedAt = now,
            TimeoutAt = executionTimeout is { } timeout ? now + timeout : null,
            InvocationNeeded = true,
        };
        record.Operations.Add(ExecutionOperation(arn, name, inputPayload, now));
        return record;
    }

    /// <summary>
    /// The EXECUTION operation an execution starts with (its first, at position 0), as <see cref="Create"/> makes it: it
    /// follows from the execution's ARN, name, input and start time, so a store may rebuild it from those.
    /// </summary>
    public static Operation ExecutionOperation(string arn, string name, string? inputPayload, DateTimeOffset startedAt) => new()
    {
        Id = ExecutionOperationId(arn),
        Type = OperationTypes.Execution,
        Name = name,
        Status = OperationStatuses.Started,
        StartTimestamp = startedAt,
        ExecutionDetails = new ExecutionDetails { InputPayload = inputPayload },
    };

    /// <summary>The id of the EXECUTION operation (the last part of the ARN, as the service does).</summary>
    public static string ExecutionOperationId(string arn) => arn[(arn.LastIndexOf('/') + 1)..];

    /// <summary>Issues a fresh checkpoint token and the first page of state: the envelope of the next invocation.</summary>
    public static DurableInvocationInput BeginInvocation(DurableExecutionRecord record, int pageSize = DefaultPageSize)
    {
        record.InvocationNeeded = false;
        record.Invocations++;
        RotateToken(record);
        return new DurableInvocationInput
        {
            DurableExecutionArn = record.Arn,
            CheckpointToken = record.CheckpointToken,
            InitialExecutionState = Page(record, null, pageSize),
        };
    }

    /// <summary><c>GetDurableExecutionState</c>: a page of operations in start order from <paramref name="marker"/>.</summary>
    public static ExecutionStatePage GetState(DurableExecutionRecord record, string checkpointToken, string? marker, int? maxItems)
    {
        RequireToken(record, checkpointToken);
        return Page(record, marker, maxItems is null or 0 ? DefaultPageSize : Math.Clamp(maxItems.Value, 1, MaxPageSize));
    }

    /// <summary><c>CheckpointDurableExecution</c>: validates the token and every update, applies them in order, rotates the token.</summary>
    public static CheckpointResponse Checkpoint(DurableExecutionRecord record, string checkpointToken, IReadOnlyList<OperationUpdate> updates, DateTimeOffset now)
    {
        RequireToken(record, checkpointToken);
        if (ExecutionStatuses.IsTerminal(record.Status))
        {
            throw Invalid($"The execution is {record.Status}; it takes no more checkpoints.");
        }

        RequireRoom(record, updates.Sum(OperationPayloads.BytesOf));
        var changed = new Dictionary<string, Operation>(StringComparer.Ordinal);
        foreach (var update in updates)
        {
            var operation = Apply(record, update, now);
            changed[operation.Id] = operation;
        }

        RotateToken(record);
        return new CheckpointResponse
        {
            CheckpointToken = record.CheckpointToken,
            NewExecutionState = new ExecutionStatePage { Operations = changed.Values.Select(o => o.Clone()).ToList() },
        };
    }

    /// <summary>Fires what is due at <paramref name="now"/>: timers, retry delays, callback and execution timeouts. True when anything changed.</summary>
    public static bool Advance(DurableExecutionRecord record, DateTimeOffset now)
    {
        if (ExecutionStatuses.IsTerminal(record.Status))
        {
            return false;
        }

        if (record.TimeoutAt <= now)
        {
            Finish(record, ExecutionStatuses.TimedOut, null, new ErrorObject { ErrorType = "ExecutionTimedOut", ErrorMessage = "The execution exceeded its ExecutionTimeout." }, now);
            return true;
        }

        var changed = false;
        if (record.InvocationRetryAt <= now)
        {
            record.InvocationRetryAt = null;
            changed = true;
        }

        foreach (var operation in record.Operations)
        {
            switch (operation.Type, operation.Status)
            {
                case (OperationTypes.Wait, OperationStatuses.Started) when operation.WaitDetails?.ScheduledEndTimestamp <= now:
                    operation.Status = OperationStatuses.Succeeded;
                    operation.EndTimestamp = now;
                    changed = true;
                    break;
                case (OperationTypes.Step, OperationStatuses.Pending) when operation.StepDetails?.NextAttemptTimestamp <= now:
                    operation.Status = OperationStatuses.Ready;
                    changed = true;
                    break;
                case (OperationTypes.Callback, OperationStatuses.Started) when record.Callbacks.TryGetValue(operation.Id, out var timers):
                    if (timers.TimeoutAt <= now || timers.HeartbeatDeadline <= now)
                    {
                        var heartbeat = timers.HeartbeatDeadline <= now && !(timers.TimeoutAt <= now);
                        operation.Status = OperationStatuses.TimedOut;
                        operation.EndTimestamp = now;
                        operation.CallbackDetails ??= new CallbackDetails();
                        operation.CallbackDetails.Error = new ErrorObject
                        {
                            ErrorType = heartbeat ? "CallbackHeartbeatTimeout" : "CallbackTimeout",
                            ErrorMessage = heartbeat ? "No heartbeat arrived within the callback's heartbeat timeout." : "The callback was not answered within its timeout.",
                        };
                        record.Callbacks.Remove(operation.Id);
                        changed = true;
                    }

                    break;
            }
        }

        record.InvocationNeeded |= changed;
        return changed;
    }

    /// <summary>
    /// The next instant at which <see cref="Advance"/> will change something; null when only the outside world can.
    /// <paramref name="includeDeadlines"/>: also callback and execution timeouts (not only timers and retry delays).
    /// </summary>
    public static DateTimeOffset? NextDue(DurableExecutionRecord record, bool includeDeadlines = true)
    {
        if (ExecutionStatuses.IsTerminal(record.Status))
        {
            return null;
        }

        DateTimeOffset? next = Min(includeDeadlines ? record.TimeoutAt : null, record.InvocationRetryAt);
        foreach (var operation in record.Operations)
        {
            DateTimeOffset? due = (operation.Type, operation.Status) switch
            {
                (OperationTypes.Wait, OperationStatuses.Started) => operation.WaitDetails?.ScheduledEndTimestamp,
                (OperationTypes.Step, OperationStatuses.Pending) => operation.StepDetails?.NextAttemptTimestamp,
                (OperationTypes.Callback, OperationStatuses.Started) when includeDeadlines && record.Callbacks.TryGetValue(operation.Id, out var t) => Min(t.TimeoutAt, t.HeartbeatDeadline),
                _ => null,
            };
            next = Min(next, due);
        }

        return next;
    }

    /// <summary><c>SendDurableExecutionCallbackSuccess</c> / <c>Failure</c>: answers a started callback once.</summary>
    public static void CompleteCallback(DurableExecutionRecord record, string callbackId, bool succeeded, string? result, ErrorObject? error, DateTimeOffset now)
    {
        var operation = FindCallback(record, callbackId);
        var resultBytes = result is null ? 0 : Encoding.UTF8.GetByteCount(result);
        if (resultBytes > DurableLimits.MaxOperationPayloadBytes)
        {
            throw Invalid($"A callback result may be at most {DurableLimits.MaxOperationPayloadBytes} bytes.");
        }

        RequireRoom(record, succeeded ? resultBytes : OperationPayloads.BytesOf(error));
        operation.Status = succeeded ? OperationStatuses.Succeeded : OperationStatuses.Failed;
        operation.EndTimestamp = now;
        operation.CallbackDetails ??= new CallbackDetails();
        operation.CallbackDetails.Result = succeeded ? result : null;
        operation.CallbackDetails.Error = succeeded ? null : error ?? new ErrorObject { ErrorType = "CallbackFailed", ErrorMessage = "The callback was failed." };
        record.Callbacks.Remove(operation.Id);
        record.InvocationNeeded = true;
    }

    /// <summary><c>SendDurableExecutionCallbackHeartbeat</c>: pushes the heartbeat deadline out.</summary>
    public static void Heartbeat(DurableExecutionRecord record, string callbackId, DateTimeOffset now)
    {
        var operation = FindCallback(record, callbackId);
        if (record.Callbacks.TryGetValue(operation.Id, out var timers) && timers.HeartbeatSeconds is { } seconds)
        {
            timers.HeartbeatDeadline = now.AddSeconds(seconds);
        }
    }

    /// <summary>Completes a CHAINED_INVOKE operation with the invoked function's outcome.</summary>
    public static void CompleteChainedInvoke(DurableExecutionRecord record, string operationId, bool succeeded, string? result, ErrorObject? error, DateTimeOffset now)
    {
        var operation = record.Find(operationId);
        if (operation is null || operation.Type != OperationTypes.ChainedInvoke || operation.Status != OperationStatuses.Started)
        {
            return;
        }

        operation.Status = succeeded ? OperationStatuses.Succeeded : OperationStatuses.Failed;
        operation.EndTimestamp = now;
        operation.ChainedInvokeDetails = new ChainedInvokeDetails { Result = succeeded ? result : null, Error = succeeded ? null : error };
        record.InvocationNeeded = true;
    }

    /// <summary>
    /// An invocation failed without an answer (it threw or timed out): it is tried again after a delay that doubles with
    /// each failure in a row, from 1 s up to 5 minutes, as Lambda retries a failed invocation.
    /// </summary>
    public static void FailInvocation(DurableExecutionRecord record, DateTimeOffset now)
    {
        if (ExecutionStatuses.IsTerminal(record.Status))
        {
            return;
        }

        record.FailedInvocations++;
        record.InvocationNeeded = false;
        record.InvocationRetryAt = now.AddSeconds(Math.Min(300, Math.Pow(2, Math.Min(record.FailedInvocations - 1, 9))));
    }

    /// <summary>Applies a function's answer: SUCCEEDED and FAILED end the execution; PENDING leaves it waiting.</summary>
    public static void ApplyInvocationResult(DurableExecutionRecord record, DurableInvocationOutput output, DateTimeOffset now)
    {
        record.FailedInvocations = 0;
        record.InvocationRetryAt = null;
        if (ExecutionStatuses.IsTerminal(record.Status))
        {
            return;
        }

        switch (output.Status)
        {
            case InvocationStatuses.Succeeded:
                Finish(record, ExecutionStatuses.Succeeded, output.Result, null, now);
                break;
            case InvocationStatuses.Failed:
                Finish(record, ExecutionStatuses.Failed, null, output.Error ?? new ErrorObject { ErrorType = "Unknown", ErrorMessage = "The function answered FAILED without an error." }, now);
                break;
            case InvocationStatuses.Pending:
                // Something may have become ready while the invocation ran (a step retry due now, a callback answered).
                Advance(record, now);
                record.InvocationNeeded |= record.Operations.Any(o => o.Status == OperationStatuses.Ready);
                break;
            default:
                throw Invalid($"An invocation answered Status '{output.Status}'; expected SUCCEEDED, FAILED or PENDING.");
        }
    }

    /// <summary><c>StopDurableExecution</c>.</summary>
    public static void Stop(DurableExecutionRecord record, ErrorObject? error, DateTimeOffset now)
    {
        if (ExecutionStatuses.IsTerminal(record.Status))
        {
            throw new DurableServiceException("ResourceConflictException", $"The execution is already {record.Status}.", 409);
        }

        Finish(record, ExecutionStatuses.Stopped, null, error ?? new ErrorObject { ErrorType = "Stopped", ErrorMessage = "The execution was stopped." }, now);
    }

    /// <summary>The CallbackId the service hands out: opaque to callers, it names the execution and the operation.</summary>
    public static string NewCallbackId(string arn, string operationId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(arn + "\n" + operationId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The execution ARN and operation id a CallbackId names, or null when it is not one of ours.</summary>
    public static (string Arn, string OperationId)? ParseCallbackId(string callbackId)
    {
        try
        {
            var base64 = callbackId.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var split = text.IndexOf('\n', StringComparison.Ordinal);
            return split > 0 ? (text[..split], text[(split + 1)..]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static Operation Apply(DurableExecutionRecord record, OperationUpdate update, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(update.Id) || update.Id.Length > 64)
        {
            throw Invalid("Every update needs an Id of 1 to 64 characters.");
        }

        if (update.Payload is not null && Encoding.UTF8.GetByteCount(update.Payload) > DurableLimits.MaxOperationPayloadBytes)
        {
            throw Invalid($"Update {update.Id} carries a payload larger than {DurableLimits.MaxOperationPayloadBytes} bytes.");
        }

        if (update.ParentId is not null && record.Find(update.ParentId) is null)
        {
            throw Invalid($"Update {update.Id} names parent {update.ParentId}, which does not exist.");
        }

        var operation = record.Find(update.Id);
        if (operation is not null && operation.Type != update.Type)
        {
            throw Invalid($"Operation {update.Id} is a {operation.Type}; an update cannot make it a {update.Type}.");
        }

        if (update.Type == OperationTypes.Execution)
        {
            return ApplyExecution(record, update, now);
        }

        if (operation is null)
        {
            if (record.Operations.Count >= DurableLimits.MaxOperationsPerExecution)
            {
                throw Invalid($"The execution already has {DurableLimits.MaxOperationsPerExecution} operations, the most one execution may have.");
            }

            operation = new Operation
            {
                Id = update.Id,
                ParentId = update.ParentId,
                Name = update.Name,
                Type = update.Type,
                SubType = update.SubType,
                Status = OperationStatuses.Started,
                StartTimestamp = now,
            };
            record.Operations.Add(operation);
        }
        else if (OperationStatuses.IsTerminal(operation.Status))
        {
            throw Invalid($"Operation {update.Id} is already {operation.Status}.");
        }

        switch (update.Type, update.Action)
        {
            case (OperationTypes.Step, OperationActions.Start):
                operation.Status = OperationStatuses.Started;
                operation.StepDetails ??= new StepDetails { Attempt = 0 };
                break;
            case (OperationTypes.Step, OperationActions.Succeed):
                operation.Status = OperationStatuses.Succeeded;
                operation.EndTimestamp = now;
                operation.StepDetails ??= new StepDetails { Attempt = 0 };
                operation.StepDetails.Result = update.Payload;
                operation.StepDetails.Error = null;
                operation.StepDetails.NextAttemptTimestamp = null;
                break;
            case (OperationTypes.Step, OperationActions.Fail):
                operation.Status = OperationStatuses.Failed;
                operation.EndTimestamp = now;
                operation.StepDetails ??= new StepDetails { Attempt = 0 };
                operation.StepDetails.Error = update.Error;
                operation.StepDetails.NextAttemptTimestamp = null;
                break;
            case (OperationTypes.Step, OperationActions.Retry):
                var delay = update.StepOptions?.NextAttemptDelaySeconds ?? 1;
                if (delay < 1)
                {
                    throw Invalid("NextAttemptDelaySeconds must be at least 1.");
                }

                operation.Status = OperationStatuses.Pending;
                operation.StepDetails ??= new StepDetails { Attempt = 0 };
                operation.StepDetails.Attempt = (operation.StepDetails.Attempt ?? 0) + 1;
                operation.StepDetails.Error = update.Error;
                operation.StepDetails.Result = update.Payload;
                operation.StepDetails.NextAttemptTimestamp = now.AddSeconds(delay);
                break;
            case (OperationTypes.Wait, OperationActions.Start):
                var seconds = update.WaitOptions?.WaitSeconds ?? throw Invalid($"WAIT {update.Id} needs WaitOptions.WaitSeconds.");
                if (seconds < 1 || seconds > DurableLimits.MaxDuration.TotalSeconds)
                {
                    throw Invalid("WaitSeconds must be between 1 and 31536000.");
                }

                operation.Status = OperationStatuses.Started;
                operation.WaitDetails = new WaitDetails { ScheduledEndTimestamp = now.AddSeconds(seconds) };
                break;
            case (OperationTypes.Wait, OperationActions.Cancel):
                operation.Status = OperationStatuses.Cancelled;
                operation.EndTimestamp = now;
                break;
            case (OperationTypes.Callback, OperationActions.Start):
                operation.Status = OperationStatuses.Started;
                operation.CallbackDetails = new CallbackDetails { CallbackId = NewCallbackId(record.Arn, operation.Id) };
                var timers = new CallbackTimers();
                if (update.CallbackOptions?.TimeoutSeconds is > 0 and var timeout)
                {
                    timers.TimeoutAt = now.AddSeconds(timeout);
                }

                if (update.CallbackOptions?.HeartbeatTimeoutSeconds is > 0 and var heartbeat)
                {
                    timers.HeartbeatSeconds = heartbeat;
                    timers.HeartbeatDeadline = now.AddSeconds(heartbeat);
                }

                record.Callbacks[operation.Id] = timers;
                break;
            case (OperationTypes.ChainedInvoke, OperationActions.Start):
                if (string.IsNullOrEmpty(update.ChainedInvokeOptions?.FunctionName))
                {
                    throw Invalid($"CHAINED_INVOKE {update.Id} needs ChainedInvokeOptions.FunctionName.");
                }

                operation.Status = OperationStatuses.Started;
                operation.ChainedInvokeDetails = new ChainedInvokeDetails();
                record.PendingInvokes.Add(new ChainedInvokeRequest(operation.Id, update.ChainedInvokeOptions.FunctionName, update.Payload));
                break;
            case (OperationTypes.Context, OperationActions.Start):
                operation.Status = OperationStatuses.Started;
                break;
            case (OperationTypes.Context, OperationActions.Succeed):
                operation.Status = OperationStatuses.Succeeded;
                operation.EndTimestamp = now;
                operation.ContextDetails = new ContextDetails { Result = update.Payload, ReplayChildren = update.ContextOptions?.ReplayChildren };
                break;
            case (OperationTypes.Context, OperationActions.Fail):
                operation.Status = OperationStatuses.Failed;
                operation.EndTimestamp = now;
                operation.ContextDetails = new ContextDetails { Error = update.Error };
                break;
            default:
                throw Invalid($"Action {update.Action} is not valid for a {update.Type} operation.");
        }

        return operation;
    }

    private static Operation ApplyExecution(DurableExecutionRecord record, OperationUpdate update, DateTimeOffset now)
    {
        var execution = record.Operations.First(o => o.Type == OperationTypes.Execution);
        switch (update.Action)
        {
            case OperationActions.Succeed:
                Finish(record, ExecutionStatuses.Succeeded, update.Payload, null, now);
                break;
            case OperationActions.Fail:
                Finish(record, ExecutionStatuses.Failed, null, update.Error, now);
                break;
            default:
                throw Invalid($"Action {update.Action} is not valid for the EXECUTION operation.");
        }

        return execution;
    }

    private static void Finish(DurableExecutionRecord record, string status, string? result, ErrorObject? error, DateTimeOffset now)
    {
        record.Status = status;
        record.Result = result;
        record.Error = error;
        record.EndedAt = now;
        record.InvocationNeeded = false;
        record.Callbacks.Clear();
        var execution = record.Operations.First(o => o.Type == OperationTypes.Execution);
        execution.Status = ExecutionOperationStatus(status);
        execution.EndTimestamp = now;
    }

    /// <summary>
    /// The status of the EXECUTION operation of an execution that ended with <paramref name="executionStatus"/> (its end
    /// timestamp is the execution's): an ended execution's EXECUTION operation follows from the record alone.
    /// </summary>
    public static string ExecutionOperationStatus(string executionStatus) => executionStatus switch
    {
        ExecutionStatuses.Succeeded => OperationStatuses.Succeeded,
        ExecutionStatuses.TimedOut => OperationStatuses.TimedOut,
        ExecutionStatuses.Stopped => OperationStatuses.Stopped,
        _ => OperationStatuses.Failed,
    };

    private static Operation FindCallback(DurableExecutionRecord record, string callbackId)
    {
        var operation = record.Operations.Find(o => o.Type == OperationTypes.Callback && o.CallbackDetails?.CallbackId == callbackId)
            ?? throw new DurableServiceException("ResourceNotFoundException", $"No callback {callbackId}.", 404);
        if (operation.Status != OperationStatuses.Started || ExecutionStatuses.IsTerminal(record.Status))
        {
            throw new DurableServiceException("CallbackTimeoutException", $"Callback {callbackId} is no longer waiting (it is {operation.Status}).", 400);
        }

        return operation;
    }

    private static ExecutionStatePage Page(DurableExecutionRecord record, string? marker, int pageSize)
    {
        var start = 0;
        if (!string.IsNullOrEmpty(marker) && (!int.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start < 0 || start > record.Operations.Count))
        {
            throw Invalid($"Marker '{marker}' is not one this service issued.");
        }

        var operations = record.Operations.Skip(start).Take(pageSize).Select(o => o.Clone()).ToList();
        var end = start + operations.Count;
        return new ExecutionStatePage
        {
            Operations = operations,
            NextMarker = end < record.Operations.Count ? end.ToString(CultureInfo.InvariantCulture) : null,
        };
    }

    private static void RequireToken(DurableExecutionRecord record, string checkpointToken)
    {
        if (!string.Equals(record.CheckpointToken, checkpointToken, StringComparison.Ordinal))
        {
            throw Invalid("Invalid Checkpoint Token: it was already used or belongs to another invocation.");
        }
    }

    private static void RotateToken(DurableExecutionRecord record)
    {
        record.TokenSequence++;
        record.CheckpointToken = CheckpointToken(record.Arn, record.TokenSequence);
    }

    /// <summary>
    /// The checkpoint token of the execution <paramref name="arn"/> after <paramref name="sequence"/> rotations (empty
    /// before the first): it follows from the two, so a store need not keep it.
    /// </summary>
    public static string CheckpointToken(string arn, long sequence) =>
        sequence == 0
            ? string.Empty
            : Convert.ToBase64String(Encoding.UTF8.GetBytes(ExecutionOperationId(arn) + ":" + sequence.ToString(CultureInfo.InvariantCulture)));

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>Refuses a write that would take the execution's payloads past <see cref="DurableLimits.MaxExecutionStateBytes"/>.</summary>
    private static void RequireRoom(DurableExecutionRecord record, long addedBytes)
    {
        if (addedBytes == 0)
        {
            return;
        }

        var kept = record.Operations.Sum(OperationPayloads.BytesOf);
        if (kept + addedBytes > DurableLimits.MaxExecutionStateBytes)
        {
            throw Invalid(OperationPayloads.LimitMessage(kept, addedBytes));
        }
    }

    private static DurableServiceException Invalid(string message) => new("InvalidParameterValueException", message, 400);
}
