using Conveyor.Durable.Protocol;

namespace Conveyor.Durable.Runtime;

internal sealed partial class DurableContext
{
    public Task<BatchResult<T>> ParallelAsync<T>(string name, IReadOnlyList<Func<IDurableContext, CancellationToken, Task<T>>> branches, BatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(branches);
        return RunBatchAsync(name, OperationSubTypes.Parallel, OperationSubTypes.ParallelBranch, branches.Count, (i, ctx, ct) => branches[i](ctx, ct), options, cancellationToken);
    }

    public Task<BatchResult<TOut>> MapAsync<TIn, TOut>(string name, IReadOnlyList<TIn> items, Func<TIn, int, IDurableContext, CancellationToken, Task<TOut>> body, BatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(body);
        return RunBatchAsync(name, OperationSubTypes.Map, OperationSubTypes.MapIteration, items.Count, (i, ctx, ct) => body(items[i], i, ctx, ct), options, cancellationToken);
    }

    private async Task<BatchResult<T>> RunBatchAsync<T>(
        string name, string subType, string itemSubType, int count, Func<int, IDurableContext, CancellationToken, Task<T>> run, BatchOptions? options, CancellationToken cancellationToken)
    {
        InvocationRuntime.ValidateName(name);
        var policy = options?.Completion ?? CompletionPolicy.AllCompleted;
        if (options?.MaxConcurrency is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxConcurrency must be at least 1.");
        }

        var id = _ids.Next();
        var existing = _runtime.Visit(id, OperationTypes.Context, subType, name);
        switch (existing?.Status)
        {
            case OperationStatuses.Succeeded when existing.ContextDetails?.ReplayChildren != true && existing.ContextDetails?.Result is { } saved:
                _runtime.SkipChildrenOf(id);
                return BatchResultCodec.Read<T>(saved, _runtime.Serializer);
            case OperationStatuses.Failed:
                _runtime.SkipChildrenOf(id);
                throw Failure(name, existing);
            case null:
                await _runtime.Batcher.EnqueueAsync(Update(id, name, OperationTypes.Context, subType, OperationActions.Start), waitForAcknowledgement: false);
                break;
        }

        var batchContext = new DurableContext(_runtime, id);
        var tracker = new BatchTracker<T>(count, policy, _runtime.Lifetime);
        var items = new (string Id, string Name, Operation? Existing)[count];
        for (var i = 0; i < count; i++)
        {
            var itemId = OperationIdSequence.Derive(id, i + 1);
            var itemName = $"{name}[{i}]";
            items[i] = (itemId, itemName, _runtime.Visit(itemId, OperationTypes.Context, itemSubType, itemName));
        }

        var pending = new Queue<int>();
        for (var i = 0; i < count; i++)
        {
            if (items[i].Existing is { Status: OperationStatuses.Succeeded or OperationStatuses.Failed } done && done.ContextDetails?.ReplayChildren != true)
            {
                _runtime.SkipChildrenOf(items[i].Id);
                tracker.Replayed(i, done, _runtime.Serializer);
            }
            else
            {
                pending.Enqueue(i);
            }
        }

        // Items start in input order; with MaxConcurrency an item starts when one that holds a slot finishes
        // (an item waiting for the outside world keeps its slot, as a running one does).
        var gate = new Lock();
        void StartNext()
        {
            int index;
            lock (gate)
            {
                if (tracker.IsComplete || !pending.TryDequeue(out index))
                {
                    return;
                }
            }

            _runtime.Lifetime.PathStarted();
            _ = Task.Run(async () =>
            {
                try
                {
                    if (!tracker.IsComplete)
                    {
                        var (itemId, itemName, itemExisting) = items[index];
                        var value = await batchContext.RunChildWithIdAsync(itemId, itemName, itemSubType, itemExisting, (ctx, ct) => run(index, ctx, ct), cancellationToken);
                        tracker.Succeeded(index, value);
                    }
                }
                catch (DurableOperationFailedException ex)
                {
                    tracker.Failed(index, new ErrorObject { ErrorType = ex.ErrorType, ErrorMessage = ex.Message, ErrorData = ex.ErrorData });
                }
                catch (Exception ex)
                {
                    tracker.Crashed(ex);
                }

                StartNext();
                _runtime.Lifetime.PathEnded();
            }, CancellationToken.None);
        }

        var slots = Math.Min(options?.MaxConcurrency ?? count, count);
        for (var i = 0; i < slots; i++)
        {
            StartNext();
        }

        // This path now waits for its items; completing the tracker makes it run again.
        _runtime.Lifetime.PathEnded();
        var result = await tracker.Completion;

        if (existing?.Status != OperationStatuses.Succeeded)
        {
            await CheckpointContextSuccessAsync(id, name, subType, BatchResultCodec.Write(result, _runtime.Serializer));
        }

        return result;
    }
}
