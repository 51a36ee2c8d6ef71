using Conveyor.Durable.Protocol;

namespace Conveyor.Durable.Runtime;

/// <summary>Collects item outcomes of a parallel or map operation and completes as soon as its completion policy is met.</summary>
internal sealed class BatchTracker<T>
{
    private readonly Lock _gate = new();
    private readonly BatchItem<T>?[] _items;
    private readonly CompletionPolicy _policy;
    private readonly TaskCompletionSource<BatchResult<T>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _succeeded;
    private int _failed;

    private readonly InvocationLifetime _lifetime;

    /// <param name="count">Items.</param>
    /// <param name="policy">When the batch is complete.</param>
    /// <param name="lifetime">The waiting parent path counts as running again from completion (see <see cref="Completion"/>).</param>
    public BatchTracker(int count, CompletionPolicy policy, InvocationLifetime lifetime)
    {
        _items = new BatchItem<T>?[count];
        _policy = policy;
        _lifetime = lifetime;
        if (count == 0)
        {
            _lifetime.PathStarted();
            _completion.TrySetResult(new BatchResult<T>([], CompletionReason.AllCompleted));
        }
    }

    /// <summary>The result. The awaiting parent path calls <see cref="InvocationLifetime.PathEnded"/> before it waits; completion restarts it.</summary>
    public Task<BatchResult<T>> Completion => _completion.Task;

    public bool IsComplete => _completion.Task.IsCompleted;

    /// <summary>Records items already complete in the checkpoint, in index order, before any item runs (replays decide alike).</summary>
    public void Replayed(int index, Operation operation, DurableSerializer serializer)
    {
        if (operation.Status == OperationStatuses.Succeeded)
        {
            Succeeded(index, serializer.Deserialize<T>(operation.ContextDetails?.Result));
        }
        else
        {
            Failed(index, operation.ContextDetails?.Error ?? new ErrorObject { ErrorType = "ContextFailed", ErrorMessage = $"item {index} failed" });
        }
    }

    public void Succeeded(int index, T value)
    {
        lock (_gate)
        {
            _items[index] = new BatchItem<T>(index, BatchItemStatus.Succeeded, value, null);
            _succeeded++;
            EvaluateLocked();
        }
    }

    public void Failed(int index, ErrorObject error)
    {
        lock (_gate)
        {
            _items[index] = new BatchItem<T>(index, BatchItemStatus.Failed, default, error);
            _failed++;
            EvaluateLocked();
        }
    }

    /// <summary>An error that is not an item failure (non-determinism, a checkpoint error) fails the whole operation.</summary>
    public void Crashed(Exception error)
    {
        lock (_gate)
        {
            if (_completion.Task.IsCompleted)
            {
                return;
            }

            _lifetime.PathStarted();
            _completion.TrySetException(error);
        }
    }

    private void EvaluateLocked()
    {
        if (_completion.Task.IsCompleted)
        {
            return;
        }

        var total = _items.Length;
        CompletionReason? reason = null;
        if (_policy.MinSuccessful is { } min && _succeeded >= min)
        {
            reason = CompletionReason.MinSuccessfulReached;
        }
        else if ((_policy.ToleratedFailureCount is { } count && _failed > count)
            || (_policy.ToleratedFailurePercentage is { } percent && total > 0 && _failed * 100.0 / total > percent))
        {
            reason = CompletionReason.FailureToleranceExceeded;
        }
        else if (_succeeded + _failed == total)
        {
            reason = CompletionReason.AllCompleted;
        }

        if (reason is null)
        {
            return;
        }

        var items = new List<BatchItem<T>>(total);
        for (var i = 0; i < total; i++)
        {
            items.Add(_items[i] ?? new BatchItem<T>(i, BatchItemStatus.Incomplete, default, null));
        }

        _lifetime.PathStarted();
        _completion.TrySetResult(new BatchResult<T>(items, reason.Value));
    }
}
