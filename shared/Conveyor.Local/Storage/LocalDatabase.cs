using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.Storage;

/// <summary>
/// The one SQLite file behind every local adapter. A connection per read (pooled by Microsoft.Data.Sqlite) makes it
/// safe for many threads; WAL + busy_timeout make it safe for a second process (the CLI reads while <c>conveyor up</c> writes).
/// Writes run in <c>BEGIN IMMEDIATE</c> transactions so two writers never deadlock upgrading a read lock.
/// </summary>
/// <remarks>
/// Writers of this process take turns on an in-process gate before they open their transaction: SQLite allows one writer
/// at a time anyway, and a writer that found the lock taken would sleep in SQLite's busy handler (1–100 ms steps) or
/// Microsoft.Data.Sqlite's retry (150 ms) instead of starting the moment the previous commit ends. Another process's
/// writer still meets <c>busy_timeout</c>. Time spent waiting, writing and reading is reported on
/// <see cref="DatabaseMetrics.MeterName"/>.
/// <para>
/// Writes, which take turns anyway, share one long-lived connection opened by the first write (guarded by the gate): a
/// write no longer opens a connection and runs its PRAGMAs first. Between writes that connection holds no lock (WAL,
/// autocommit), so readers and other processes see nothing different. Any write that fails closes it (the next write
/// opens a fresh one), so a connection left in doubt by an error is never reused; <see cref="CloseWriterAsync"/>
/// closes it when its owner stops. Its statements stay prepared between writes (<see cref="Sql.KeepPrepared"/>).
/// </para>
/// <para>
/// Group commit: writes asked for while a transaction is being written wait, then run one after another in the next
/// transaction (up to <see cref="MaxWritesPerTransaction"/>), each inside a savepoint. A write whose work throws is rolled
/// back to its savepoint and fails alone; the others commit. Should SQLite itself abandon the transaction, or the commit
/// fail, every write of it fails (nothing of them was committed) and the connection is replaced. Every caller is answered
/// after the commit, so an acknowledged write is as durable as with a transaction of its own; writes of one caller, each
/// awaited, keep their order. A transaction's many writes cost one commit (one WAL append of the pages they share).
/// </para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The write gate's SemaphoreSlim never allocates a wait handle (only WaitAsync/Release are used); the long-lived write connection is closed by CloseWriterAsync, which the engine calls when it stops, and otherwise lives as long as the process.")]
public sealed partial class LocalDatabase
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private static readonly object Configured = new();
    private readonly GroupCommit _writes;
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();
    private SqliteConnection? _writer;

    private LocalDatabase(LocalDatabaseOptions options)
    {
        Options = options;
        _busyTimeoutMs = (int)options.EffectiveBusyTimeout.TotalMilliseconds;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.EffectiveBusyTimeout.TotalSeconds),
        }.ToString();
        _writes = new GroupCommit(this);
    }

    public LocalDatabaseOptions Options { get; }

    /// <summary>Creates the folder and database if needed and applies pending migrations (safe to race from two processes).</summary>
    public static async Task<LocalDatabase> OpenAsync(LocalDatabaseOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(options.DatabasePath)!);
        var database = new LocalDatabase(options);
        await using (var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            // WAL is a property of the file (persistent): readers never block the writer and vice versa, across processes.
            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }

        await Migrations.ApplyAsync(database, cancellationToken).ConfigureAwait(false);
        return database;
    }

    /// <summary>
    /// An open connection with this engine's per-connection settings. The caller disposes it, and must leave those
    /// settings as they are: they are applied once per SQLite handle, which the pool hands out again.
    /// </summary>
    public async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!_configured.TryGetValue(connection.Handle!, out _))
            {
                // synchronous=NORMAL: in WAL mode a commit survives a process kill (SIGKILL) — the guarantee the engine needs;
                // only an OS crash or power loss may drop the last commits, never corrupting the file. FULL would fsync every commit.
                var pragmas = string.Create(
                    CultureInfo.InvariantCulture,
                    $"PRAGMA busy_timeout={_busyTimeoutMs}; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
                await ExecuteAsync(connection, pragmas, cancellationToken).ConfigureAwait(false);
                // PRAGMAs are settings of the SQLite handle, which Microsoft.Data.Sqlite's pool keeps open between uses:
                // a handle set once needs no PRAGMA statements on its next open (a read then costs its own statement only).
                _configured.AddOrUpdate(connection.Handle!, Configured);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a <c>BEGIN IMMEDIATE</c> transaction and commits; rolls back on any exception.
    /// Writes asked for while a transaction is being written share the next one (group commit, see the class remarks);
    /// the caller learns its outcome only after that commit.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        cancellationToken.ThrowIfCancellationRequested();
        return _writes.RunAsync(new PendingWrite<T>(work, cancellationToken));
    }

    private async Task<SqliteConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        Sql.KeepPrepared(connection);
        return connection;
    }

    /// <summary>
    /// Closes the long-lived write connection once the writes in progress have ended (the next write opens a new one).
    /// Called by the database's owner when it stops, so the file's last connection closes with it.
    /// </summary>
    public async Task CloseWriterAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_writer is { } writer)
            {
                _writer = null;
                await writer.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task WriteAsync(Func<SqliteConnection, SqliteTransaction, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return WriteAsync<bool>(
            async (connection, transaction) =>
            {
                await work(connection, transaction).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> on its own connection outside any explicit transaction (one consistent statement).</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection).ConfigureAwait(false);
        }
        finally
        {
            DatabaseMetrics.Read(started);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Fixed PRAGMA text built from an integer option, no user input.
        command.CommandText = sql;
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
