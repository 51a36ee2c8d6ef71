namespace Conveyor.Local.Storage;

/// <summary>
/// The turn-taking of group commit, shared by the database's write path (<see cref="LocalDatabase"/>) and the durable
/// service's writes (<c>DurableWriteQueue</c>): items submitted while a batch is being written wait and go together in
/// the next one (up to <c>maxBatch</c>). The submitter that finds no batch being written writes one itself, on its own
/// thread — after yielding once to the thread pool when <c>yieldFirst</c>, so work already queued there can join it —
/// and a flush of its own then writes what was submitted meanwhile, batch after batch, until nothing is left.
/// </summary>
/// <param name="writeBatch">Writes one batch and tells each item its outcome; never throws.</param>
/// <param name="skip">Items left out of a batch as it is taken (e.g. a caller that gave up meanwhile, already answered).</param>
internal sealed class WriteBatcher<TItem>(Func<List<TItem>, Task> writeBatch, int maxBatch, bool yieldFirst, Func<TItem, bool>? skip = null)
{
    private readonly Lock _gate = new();
    private readonly Queue<TItem> _queue = new();
    private bool _flushing;

    /// <summary>
    /// Queues <paramref name="item"/> and returns <paramref name="outcome"/>, the item's own result (which the batch
    /// writer sets), once the submitter's own turn of writing (if it got one) is done.
    /// </summary>
    public Task<T> SubmitAsync<T>(TItem item, Task<T> outcome)
    {
        var turn = TakeTurnAsync(item);
        return turn.IsCompletedSuccessfully ? outcome : AfterTurnAsync(turn, outcome);
    }

    private static async Task<T> AfterTurnAsync<T>(Task turn, Task<T> outcome)
    {
        await turn.ConfigureAwait(false);
        return await outcome.ConfigureAwait(false);
    }

    /// <summary>Queues <paramref name="item"/>; the task ends once the submitter's own turn of writing (if it got one) is done.</summary>
    private Task TakeTurnAsync(TItem item)
    {
        bool lead;
        lock (_gate)
        {
            _queue.Enqueue(item);
            lead = !_flushing;
            _flushing = true;
        }

        return lead ? LeadAsync() : Task.CompletedTask;
    }

    private async Task LeadAsync()
    {
        if (yieldFirst)
        {
            await Task.Yield();
        }

        await WriteOnceAsync().ConfigureAwait(false);
        if (!ReleaseIfIdle())
        {
            _ = Task.Run(FlushAsync, CancellationToken.None);
        }
    }

    private async Task FlushAsync()
    {
        do
        {
            await WriteOnceAsync().ConfigureAwait(false);
        }
        while (!ReleaseIfIdle());
    }

    /// <summary>Ends the writing turn when nothing is queued; false when items are waiting (the turn goes on).</summary>
    private bool ReleaseIfIdle()
    {
        lock (_gate)
        {
            _flushing = _queue.Count > 0;
            return !_flushing;
        }
    }

    private async Task WriteOnceAsync()
    {
        var batch = new List<TItem>();
        lock (_gate)
        {
            while (_queue.Count > 0 && batch.Count < maxBatch)
            {
                var item = _queue.Dequeue();
                if (skip is null || !skip(item))
                {
                    batch.Add(item);
                }
            }
        }

        if (batch.Count > 0)
        {
            await writeBatch(batch).ConfigureAwait(false);
        }
    }
}
