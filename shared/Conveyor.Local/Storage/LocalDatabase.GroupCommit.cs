using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.Storage;

/// <summary>The write path: group commit over the one long-lived write connection (see the class remarks).</summary>
public sealed partial class LocalDatabase
{
    /// <summary>At most this many writes share one transaction.</summary>
    public const int MaxWritesPerTransaction = 64;

    private const string Savepoint = "SAVEPOINT conveyor_write;";
    private const string RollbackToSavepoint = "ROLLBACK TO conveyor_write;";
    private const string ReleaseSavepoint = "RELEASE conveyor_write;";

    /// <summary>
    /// Writes one transaction with <paramref name="batch"/> (in order, each in a savepoint when there are several) and
    /// commits; throws when the transaction as a whole failed (nothing of it was committed).
    /// </summary>
    private async Task WriteTransactionAsync(IReadOnlyList<IPendingWrite> batch)
    {
        await _writeGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var connection = _writer ??= await OpenWriterAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                // deferred: false => BEGIN IMMEDIATE: take the write lock up front (waiting up to busy_timeout) instead of
                // failing with SQLITE_BUSY when a read lock cannot be upgraded mid-transaction.
                await using var transaction = connection.BeginTransaction(deferred: false);
                if (batch.Count == 1)
                {
                    // Alone: its failure is the transaction's (rolled back on disposal), with no savepoint to pay for.
                    if (!await batch[0].TryRunAsync(connection, transaction).ConfigureAwait(false))
                    {
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(batch[0].Error!);
                    }
                }
                else
                {
                    foreach (var write in batch)
                    {
                        await RunInSavepointAsync(connection, transaction, write).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch
            {
                // The transaction rolled back on its disposal; the connection may still be in doubt (a statement left
                // open, a failed rollback), so it is not reused.
                _writer = null;
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
            DatabaseMetrics.Committed(started, batch.Count);
        }
    }

    /// <summary>Runs one write of a shared transaction; a failed write is undone to its savepoint and the others go on.</summary>
    private static async Task RunInSavepointAsync(SqliteConnection connection, SqliteTransaction transaction, IPendingWrite write)
    {
        await Sql.ExecuteAsync(connection, transaction, Savepoint, CancellationToken.None).ConfigureAwait(false);
        if (!await write.TryRunAsync(connection, transaction).ConfigureAwait(false))
        {
            if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) != 0)
            {
                // SQLite rolled the whole transaction back itself (an I/O error, a full disk): every write of it failed.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(write.Error!);
            }

            await Sql.ExecuteAsync(connection, transaction, RollbackToSavepoint, CancellationToken.None).ConfigureAwait(false);
        }

        await Sql.ExecuteAsync(connection, transaction, ReleaseSavepoint, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// The queue of writes (<see cref="WriteBatcher{TItem}"/>): the caller that finds no transaction being written writes
    /// one itself, on its own thread, with whatever is queued; writes asked for meanwhile go to the next transaction,
    /// written by a flush it hands them to. A write whose caller gave up before its turn is left out.
    /// </summary>
    private sealed class GroupCommit
    {
        private readonly LocalDatabase _database;
        private readonly WriteBatcher<IPendingWrite> _batcher;

        public GroupCommit(LocalDatabase database)
        {
            _database = database;
            _batcher = new WriteBatcher<IPendingWrite>(WriteOnceAsync, MaxWritesPerTransaction, yieldFirst: false, skip: write => write.TryCancel());
        }

        public Task<T> RunAsync<T>(PendingWrite<T> write) => _batcher.SubmitAsync(write, write.Task);

        /// <summary>Writes one transaction with <paramref name="batch"/> and tells each write its outcome.</summary>
        private async Task WriteOnceAsync(List<IPendingWrite> batch)
        {
            Exception? failure = null;
            try
            {
                await _database.WriteTransactionAsync(batch).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Whatever failed the transaction is every one of its writes' outcome.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex;
            }

            foreach (var write in batch)
            {
                write.Deliver(failure);
            }
        }
    }

    private interface IPendingWrite
    {
        /// <summary>What the write's work threw, once <see cref="TryRunAsync"/> returned false.</summary>
        Exception? Error { get; }

        /// <summary>Answers a write cancelled before its turn; false (nothing done) when it is still wanted.</summary>
        bool TryCancel();

        /// <summary>Runs the work; false when it threw (kept in <see cref="Error"/>).</summary>
        Task<bool> TryRunAsync(SqliteConnection connection, SqliteTransaction transaction);

        /// <summary>After the transaction: the write's own outcome, or <paramref name="transactionError"/> when the transaction failed.</summary>
        void Deliver(Exception? transactionError);
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) : IPendingWrite
    {
        private readonly TaskCompletionSource<T> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly long _requested = Stopwatch.GetTimestamp();
        private T? _result;

        public Exception? Error { get; private set; }

        public Task<T> Task => _outcome.Task;

        public bool TryCancel() => cancellationToken.IsCancellationRequested && _outcome.TrySetCanceled(cancellationToken);

        public async Task<bool> TryRunAsync(SqliteConnection connection, SqliteTransaction transaction)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                _result = await work(connection, transaction).ConfigureAwait(false);
                return true;
            }
#pragma warning disable CA1031 // The work's exception is its caller's outcome, delivered after the transaction.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Error = ex;
                return false;
            }
            finally
            {
                DatabaseMetrics.Written(_requested, started);
            }
        }

        public void Deliver(Exception? transactionError)
        {
            var error = Error ?? transactionError;
            if (error is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                _outcome.TrySetCanceled(cancellationToken);
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
