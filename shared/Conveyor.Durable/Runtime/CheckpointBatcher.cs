using System.Text;
using Conveyor.Durable.Protocol;

namespace Conveyor.Durable.Runtime;

/// <summary>
/// Sends updates to the service in order, one checkpoint call at a time, each with the token the previous call
/// returned (tokens are single-use). Updates queued while a call is in flight go together in the next call, up to
/// the update-count and byte limits. A caller may wait for its update to be acknowledged (a step's result before the
/// workflow goes on) or not (the start of an at-least-once step). A refused or failed call faults every waiter and
/// <see cref="Faulted"/>: the invocation then fails as a whole and the service retries it.
/// </summary>
/// <remarks>
/// <para>Sending runs on the caller's thread when a caller that waits for its acknowledgement finds nothing being sent: it
/// would only wait for a thread-pool thread to send for it. An update that is not waited for starts a send on the
/// thread pool, unless its caller says it will soon queue one that is (<see cref="SendNow"/> then sends it if that
/// turns out not to be so, and <see cref="DrainAsync"/> sends whatever is still queued).</para>
/// The payloads an execution keeps are limited (<see cref="DurableLimits.MaxExecutionStateBytes"/>): an update that would
/// pass the limit is refused here with <see cref="DurableLimitExceededException"/>, before the service would refuse it.
/// A batch is cut at <see cref="DurableLimits.MaxCheckpointBatchBytes"/> of request JSON; updates are measured by
/// serializing them only when an upper bound of their sizes could pass that limit.
/// </remarks>
internal sealed class CheckpointBatcher(
    IDurableServiceClient client, string executionArn, string initialToken, ExecutionState state, int maxUpdatesPerCall,
    long maxStateBytes = DurableLimits.MaxExecutionStateBytes)
{
    private readonly Lock _gate = new();
    private readonly List<(OperationUpdate Update, TaskCompletionSource? Acknowledged)> _queue = [];
    private readonly TaskCompletionSource<Exception> _faulted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private bool _running;
    private Exception? _fault;
    private long _stateBytes = state.PayloadBytes();

    public string CurrentToken { get; private set; } = initialToken;

    /// <summary>Completes with the error when a checkpoint call fails.</summary>
    public Task<Exception> Faulted => _faulted.Task;

    public int CallsMade { get; private set; }

    /// <summary>Queues <paramref name="update"/>; the task completes when it is acknowledged, or at once when <paramref name="waitForAcknowledgement"/> is false.</summary>
    /// <param name="update">The update.</param>
    /// <param name="waitForAcknowledgement">Whether the caller waits until the service has taken it.</param>
    /// <param name="sendNow">
    /// For an update not waited for: false leaves it queued for the caller's next update or <see cref="SendNow"/>, so that
    /// both go in one call (the start of a step whose body may end at once).
    /// </param>
    public Task EnqueueAsync(OperationUpdate update, bool waitForAcknowledgement, bool sendNow = true)
    {
        var payloadBytes = update.Payload is null ? 0 : Encoding.UTF8.GetByteCount(update.Payload);
        if (payloadBytes > DurableLimits.MaxOperationPayloadBytes)
        {
            throw new DurableLimitExceededException(
                $"Operation '{update.Name}' carries {payloadBytes} bytes; a checkpointed payload may be at most {DurableLimits.MaxOperationPayloadBytes} bytes.");
        }

        var acknowledged = waitForAcknowledgement ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        var updateBytes = payloadBytes + OperationPayloads.BytesOf(update.Error);
        TaskCompletionSource inline;
        lock (_gate)
        {
            if (_fault is not null)
            {
                return Task.FromException(_fault);
            }

            if (_stateBytes + updateBytes > maxStateBytes)
            {
                throw new DurableLimitExceededException($"Operation '{update.Name}': " + OperationPayloads.LimitMessage(_stateBytes, updateBytes, maxStateBytes));
            }

            _stateBytes += updateBytes;

            _queue.Add((update, acknowledged));
            if (_running || !(waitForAcknowledgement || sendNow))
            {
                return acknowledged?.Task ?? Task.CompletedTask;
            }

            _running = true;
            if (!waitForAcknowledgement)
            {
                _loop = Task.Run(SendAllAsync);
                return Task.CompletedTask;
            }

            inline = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _loop = inline.Task;
        }

        // The caller waits anyway: it sends itself (and whatever is queued with it) instead of waiting for a thread to.
        _ = SendAndSignalAsync(inline);
        return acknowledged!.Task;
    }

    /// <summary>Sends what is queued when nothing is being sent (on the thread pool): an update queued with <c>sendNow: false</c> is not left waiting.</summary>
    public void SendNow()
    {
        lock (_gate)
        {
            if (_running || _queue.Count == 0 || _fault is not null)
            {
                return;
            }

            _running = true;
            _loop = Task.Run(SendAllAsync);
        }
    }

    private async Task SendAndSignalAsync(TaskCompletionSource sent)
    {
        try
        {
            await SendAllAsync().ConfigureAwait(false);
        }
        finally
        {
            sent.TrySetResult();
        }
    }

    /// <summary>Waits until every queued update is acknowledged; throws the checkpoint error if one failed.</summary>
    public async Task DrainAsync()
    {
        while (true)
        {
            Task loop;
            lock (_gate)
            {
                if (_fault is not null)
                {
                    throw new DurableServiceException("The checkpoint failed: " + _fault.Message, _fault);
                }

                if (!_running && _queue.Count == 0)
                {
                    return;
                }

                if (!_running)
                {
                    // Left queued (sendNow: false) and never followed: send it now.
                    _running = true;
                    _loop = Task.Run(SendAllAsync);
                }

                loop = _loop;
            }

            await loop.ConfigureAwait(false);
        }
    }

    private async Task SendAllAsync()
    {
        while (true)
        {
            List<(OperationUpdate Update, TaskCompletionSource? Acknowledged)> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _running = false;
                    return;
                }

                batch = TakeBatchLocked();
            }

            try
            {
                var response = await client.CheckpointAsync(executionArn, CurrentToken, batch.Select(b => b.Update).ToList(), clientToken: null, CancellationToken.None)
                    .ConfigureAwait(false);
                CallsMade++;
                CurrentToken = string.IsNullOrEmpty(response.CheckpointToken)
                    ? throw new DurableServiceException("InvalidResponse", "The checkpoint answer carried no CheckpointToken.", 500)
                    : response.CheckpointToken;
                state.Apply(response.NewExecutionState?.Operations);
                var marker = response.NewExecutionState?.NextMarker;
                while (!string.IsNullOrEmpty(marker))
                {
                    var page = await client.GetStateAsync(executionArn, CurrentToken, marker, null, CancellationToken.None).ConfigureAwait(false);
                    state.Apply(page.Operations);
                    marker = page.NextMarker;
                }
            }
            catch (Exception ex)
            {
                List<TaskCompletionSource?> waiters;
                lock (_gate)
                {
                    _fault = ex;
                    _running = false;
                    waiters = [.. batch.Select(b => b.Acknowledged), .. _queue.Select(q => q.Acknowledged)];
                    _queue.Clear();
                }

                foreach (var waiter in waiters)
                {
                    waiter?.TrySetException(ex);
                }

                _faulted.TrySetResult(ex);
                return;
            }

            foreach (var (_, acknowledged) in batch)
            {
                acknowledged?.TrySetResult();
            }
        }
    }

    private List<(OperationUpdate Update, TaskCompletionSource? Acknowledged)> TakeBatchLocked()
    {
        var batch = new List<(OperationUpdate, TaskCompletionSource?)>();
        long bound = 0;
        long bytes = 0;
        var exact = false;
        while (_queue.Count > 0 && batch.Count < maxUpdatesPerCall)
        {
            var update = _queue[0].Update;
            var most = DurableProtocolJson.SizeBound(update);
            if (!exact && bound + most > DurableLimits.MaxCheckpointBatchBytes)
            {
                // It could pass the limit: measure what is taken, and from now on every update, exactly.
                exact = true;
                bytes = batch.Sum(b => (long)DurableProtocolJson.SizeOf(b.Item1));
            }

            if (exact)
            {
                var size = DurableProtocolJson.SizeOf(update);
                if (batch.Count > 0 && bytes + size > DurableLimits.MaxCheckpointBatchBytes)
                {
                    break;
                }

                bytes += size;
            }

            bound += most;
            batch.Add(_queue[0]);
            _queue.RemoveAt(0);
        }

        return batch;
    }
}
