using Conveyor.Durable.Protocol;
using Conveyor.Local.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.Durable;

/// <summary>
/// Runs the durable service's writes with group commit: writes asked for while a transaction is being written (or is
/// about to be: its writer first lets the thread pool's queued work run) wait and then go together in the next one (up to <see cref="MaxPerTransaction"/>), through the database's ordinary write
/// gate. A caller learns its outcome only after the commit: an acknowledged write is durable, as with a transaction of
/// its own.
/// </summary>
/// <remarks>
/// <para>The contract of a write: the service refuses it (a stale checkpoint token, a callback no longer waiting, an
/// unknown execution) with a <see cref="DurableServiceException"/> thrown before it changes any row; that write alone
/// fails and the others of its transaction commit. Any other exception fails the whole transaction, and every write
/// in it reports that error: nothing of them was committed, as when each had its own transaction and the database failed.</para>
/// <para>One transaction at a time runs the writes, in the order they were asked for, so <see cref="DurableRecordStore"/>
/// (which only these writes use) needs no lock. Any failure makes the store forget the records it holds in memory:
/// a refused write may have changed the record it had loaded before it was refused, and a rolled-back transaction
/// may have changed several. A record held in memory that another process has written since
/// (<see cref="StaleRecordException"/>) rolls the transaction back, and the batch is written once more with every
/// record read from the file: the writes are the service's rules applied to a record, so running them again is safe.</para>
/// </remarks>
internal sealed class DurableWriteQueue
{
    public const int MaxPerTransaction = 64;

    private readonly LocalDatabase _database;
    private readonly DurableRecordStore _store;
    private readonly WriteBatcher<IQueuedWrite> _batcher;
    private long _transactions;
    private long _rewritten;

    public DurableWriteQueue(LocalDatabase database, DurableRecordStore store)
    {
        _database = database;
        _store = store;

        // The writer that finds no transaction pending yields once to the thread pool first: work already queued there
        // (other invocations about to checkpoint) runs before this transaction starts, and what it asks for goes in it
        // instead of waiting for the next one (with 8 invokers on 2 cores, about 2.8 writes per transaction instead of 1.1).
        _batcher = new WriteBatcher<IQueuedWrite>(WriteOnceAsync, MaxPerTransaction, yieldFirst: true);
    }

    /// <summary>Transactions committed (several writes share one when they are asked for at the same time).</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Batches written a second time because another process had changed a record held in memory.</summary>
    public long Rewritten => Interlocked.Read(ref _rewritten);

    public Task<T> RunAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        cancellationToken.ThrowIfCancellationRequested();
        var write = new QueuedWrite<T>(work, cancellationToken);
        return _batcher.SubmitAsync(write, write.Task);
    }

    /// <summary>Writes one transaction with <paramref name="batch"/> (up to <see cref="MaxPerTransaction"/>) and tells each write its outcome.</summary>
    private async Task WriteOnceAsync(List<IQueuedWrite> batch)
    {
        try
        {
            _store.TrimIfFull();
            try
            {
                await _database.WriteAsync((connection, transaction) => RunBatchAsync(connection, transaction, batch), CancellationToken.None).ConfigureAwait(false);
            }
            catch (StaleRecordException)
            {
                // Another process wrote a record this process held in memory: nothing of the batch was committed. Written
                // again with every record read in the transaction (which holds the write lock), it cannot meet that again.
                _store.Forget();
                Interlocked.Increment(ref _rewritten);
                await _database.WriteAsync((connection, transaction) => RunBatchAsync(connection, transaction, batch), CancellationToken.None).ConfigureAwait(false);
            }

            Interlocked.Increment(ref _transactions);
            foreach (var write in batch)
            {
                write.Deliver(null);
            }
        }
        catch (Exception ex)
        {
            _store.Forget();
            foreach (var write in batch)
            {
                write.Deliver(ex);
            }
        }
    }

    /// <summary>Runs every write of <paramref name="batch"/> in the transaction.</summary>
    private async Task RunBatchAsync(SqliteConnection connection, SqliteTransaction transaction, List<IQueuedWrite> batch)
    {
        _store.BeginTransaction();
        foreach (var write in batch)
        {
            _store.BeginWrite();
            if (!await write.RunAsync(connection, transaction).ConfigureAwait(false))
            {
                // Refused: never on the strength of a record another process has changed since (the batch is then written again)...
                await _store.ThrowIfServedStaleAsync(connection, transaction, CancellationToken.None).ConfigureAwait(false);

                // ...and the record it loaded may be half changed: the next write of it reads it from the file (this transaction's view).
                _store.Forget();
            }
        }

        // The operation rows the writes changed, together, before the commit.
        await _store.FlushOperationsAsync(connection, transaction, CancellationToken.None).ConfigureAwait(false);
    }

    private interface IQueuedWrite
    {
        /// <summary>Runs the write; false when the service refused it (the refusal is kept for <see cref="Deliver"/>).</summary>
        Task<bool> RunAsync(SqliteConnection connection, SqliteTransaction transaction);

        /// <summary>After the transaction: the write's own outcome, or <paramref name="transactionError"/> when the transaction failed.</summary>
        void Deliver(Exception? transactionError);
    }

    private sealed class QueuedWrite<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) : IQueuedWrite
    {
        private readonly TaskCompletionSource<T> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _error;

        public Task<T> Task => _outcome.Task;

        public async Task<bool> RunAsync(SqliteConnection connection, SqliteTransaction transaction)
        {
            // A batch written again (StaleRecordException) runs each write again from the start.
            _result = default;
            _error = null;
            if (cancellationToken.IsCancellationRequested)
            {
                _error = new OperationCanceledException(cancellationToken);
                return true;
            }

            try
            {
                _result = await work(connection, transaction).ConfigureAwait(false);
                return true;
            }
            catch (DurableServiceException ex)
            {
                _error = ex;
                return false;
            }
        }

        public void Deliver(Exception? transactionError)
        {
            var error = _error ?? transactionError;
            if (error is OperationCanceledException canceled && cancellationToken.IsCancellationRequested)
            {
                _outcome.TrySetCanceled(canceled.CancellationToken.IsCancellationRequested ? canceled.CancellationToken : cancellationToken);
            }
            else if (error is not null)
            {
                _outcome.TrySetException(error);
            }
            else
            {
                _outcome.TrySetResult(_result!);
            }
        }
    }
}
