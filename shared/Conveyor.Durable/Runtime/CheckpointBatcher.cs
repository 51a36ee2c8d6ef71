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
/// The payloads an execution keeps are limited (<see cref="DurableLimits.MaxExecutionStateBytes"/>): an update that would
/// pass the limit is refused here with <see cref="DurableLimitExceededException"/>, before the service would refuse it.
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

    public Task EnqueueAsync(OperationUpdate update, bool waitForAcknowledgement)
    {
        var payloadBytes = update.Payload is null ? 0 : Encoding.UTF8.GetByteCount(update.Payload);
        if (payloadBytes > DurableLimits.MaxOperationPayloadBytes)
        {
            throw new DurableLimitExceededException(
                $"Operation '{update.Name}' carries {payloadBytes} bytes; a checkpointed payload may be at most {DurableLimits.MaxOperationPayloadBytes} bytes.");
        }

        var acknowledged = waitForAcknowledgement ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        var updateBytes = payloadBytes + OperationPayloads.BytesOf(update.Error);
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
            if (!_running)
            {
                _running = true;
                _loop = Task.Run(SendAllAsync);
            }
        }

        return acknowledged?.Task ?? Task.CompletedTask;
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
        var bytes = 0;
        while (_queue.Count > 0 && batch.Count < maxUpdatesPerCall)
        {
            var size = DurableProtocolJson.SizeOf(_queue[0].Update);
            if (batch.Count > 0 && bytes + size > DurableLimits.MaxCheckpointBatchBytes)
            {
                break;
            }

            bytes += size;
            batch.Add(_queue[0]);
            _queue.RemoveAt(0);
        }

        return batch;
    }
}
