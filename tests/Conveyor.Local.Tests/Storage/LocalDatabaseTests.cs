using Conveyor.Local.Storage;
using Conveyor.Local.Tests.Support;

namespace Conveyor.Local.Tests.Storage;

public sealed class LocalDatabaseTests : IAsyncLifetime
{
    private readonly TempEngineFolder _folder = new();

    public Task InitializeAsync() => _folder.InitializeAsync();

    public Task DisposeAsync() => _folder.DisposeAsync();

    [Fact]
    public async Task OpenAsync_WhenOpenedAgain_ShouldKeepOneAppliedVersionPerMigration()
    {
        var again = await _folder.OpenAsync();

        var version = await Migrations.CurrentVersionAsync(again, CancellationToken.None);
        var rows = await again.ReadAsync(async c => (long)(await CountAsync(c, "SELECT COUNT(*) FROM schema_version;")), CancellationToken.None);

        Assert.Equal(Migrations.LatestVersion, version);
        Assert.Equal(Migrations.All.Count, rows);
        Assert.True(File.Exists(Path.Combine(_folder.Path, LocalDatabaseOptions.FileName)));
    }

    [Fact]
    public async Task OpenAsync_WhenManyOpenConcurrently_ShouldMigrateOnceWithoutErrors()
    {
        var fresh = new TempEngineFolder();
        try
        {
            var opened = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(fresh.OpenAsync)));

            var rows = await opened[0].ReadAsync(async c => (long)(await CountAsync(c, "SELECT COUNT(*) FROM schema_version;")), CancellationToken.None);
            Assert.Equal(Migrations.All.Count, rows);
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }

    [Fact]
    public async Task OpenConnectionAsync_WhenOpened_ShouldUseWalAndNormalSynchronous()
    {
        await using var connection = await _folder.Database.OpenConnectionAsync(CancellationToken.None);

        var journal = await ScalarAsync(connection, "PRAGMA journal_mode;");
        var synchronous = await ScalarAsync(connection, "PRAGMA synchronous;");
        var busy = await ScalarAsync(connection, "PRAGMA busy_timeout;");

        Assert.Equal("wal", journal);
        Assert.Equal(1L, synchronous); // NORMAL
        Assert.Equal(10_000L, busy);
    }

    [Fact]
    public async Task OpenConnectionAsync_WhenThePoolHandsOutAHandleAgain_ShouldKeepTheSettings()
    {
        SQLitePCL.sqlite3 handle;
        await using (var first = await _folder.Database.OpenConnectionAsync(CancellationToken.None))
        {
            handle = first.Handle!;
        }

        await using var again = await _folder.Database.OpenConnectionAsync(CancellationToken.None);

        Assert.Same(handle, again.Handle); // The pooled handle, whose settings were applied on its first open.
        Assert.Equal(1L, await ScalarAsync(again, "PRAGMA synchronous;"));
        Assert.Equal(10_000L, await ScalarAsync(again, "PRAGMA busy_timeout;"));
        Assert.Equal(1L, await ScalarAsync(again, "PRAGMA foreign_keys;"));
    }

    [Fact]
    public async Task WriteAsync_WhenWorkThrows_ShouldRollBack()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _folder.Database.WriteAsync(
            async (c, t) =>
            {
                await using var insert = c.CreateCommand();
                insert.Transaction = t;
                insert.CommandText = "INSERT INTO meta (name, value) VALUES ('probe', 'x');";
                await insert.ExecuteNonQueryAsync();
                throw new InvalidOperationException("boom");
            },
            CancellationToken.None));

        var count = await _folder.Database.ReadAsync(c => CountAsync(c, "SELECT COUNT(*) FROM meta WHERE name = 'probe';"), CancellationToken.None);
        Assert.Equal(0L, count);
    }

    [Fact]
    public async Task WriteAsync_AfterAFailedWriteAndAfterTheWriterIsClosed_ShouldWriteOnAFreshConnection()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _folder.Database.WriteAsync(
            (_, _) => throw new InvalidOperationException("boom"),
            CancellationToken.None));
        await _folder.Database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, "INSERT INTO meta (name, value) VALUES ('after-failure', 'x');", CancellationToken.None), CancellationToken.None);
        await _folder.Database.CloseWriterAsync(CancellationToken.None);
        await _folder.Database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, "INSERT INTO meta (name, value) VALUES ('after-close', 'x');", CancellationToken.None), CancellationToken.None);

        var count = await _folder.Database.ReadAsync(c => CountAsync(c, "SELECT COUNT(*) FROM meta WHERE name IN ('after-failure', 'after-close');"), CancellationToken.None);
        Assert.Equal(2L, count);
    }

    [Fact]
    public async Task WriteAsync_WhenWritesWaitForATransaction_ShouldShareTheNextOneAndFailOnlyTheOneThatThrew()
    {
        var database = _folder.Database;
        var leaderStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseLeader = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var leader = database.WriteAsync(
            async (c, t) =>
            {
                leaderStarted.SetResult();
                await releaseLeader.Task;
                await Insert(c, t, "leader");
            },
            CancellationToken.None);
        await leaderStarted.Task;

        // Asked for while the leader's transaction is open: all three wait for the next one.
        var transactions = new Microsoft.Data.Sqlite.SqliteTransaction?[3];
        var first = database.WriteAsync(
            async (c, t) =>
            {
                transactions[0] = t;
                await Insert(c, t, "first");
            },
            CancellationToken.None);
        var failing = database.WriteAsync(
            async (c, t) =>
            {
                transactions[1] = t;
                await Insert(c, t, "failing");
                throw new InvalidOperationException("boom");
            },
            CancellationToken.None);
        var last = database.WriteAsync(
            async (c, t) =>
            {
                transactions[2] = t;
                var seen = (long)(await Sql.ScalarAsync(c, t, "SELECT COUNT(*) FROM meta WHERE name IN ('first', 'failing');", CancellationToken.None))!;
                await Insert(c, t, "last-saw-" + seen);
            },
            CancellationToken.None);
        releaseLeader.SetResult();

        await leader;
        await first;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        await last;

        Assert.Equal("boom", error.Message);
        Assert.Same(transactions[0], transactions[1]);
        Assert.Same(transactions[0], transactions[2]);
        var names = await database.ReadAsync(
            c => Sql.ListAsync(c, null, "SELECT name FROM meta WHERE name IN ('leader', 'first', 'failing') OR name LIKE 'last-saw-%' ORDER BY name;", r => r.GetString(0), CancellationToken.None),
            CancellationToken.None);
        Assert.Equal(["first", "last-saw-1", "leader"], names);

        static Task Insert(Microsoft.Data.Sqlite.SqliteConnection c, Microsoft.Data.Sqlite.SqliteTransaction t, string name) =>
            Sql.ExecuteAsync(c, t, "INSERT INTO meta (name, value) VALUES ($n, 'x');", CancellationToken.None, ("$n", name));
    }

    [Fact]
    public async Task WriteAsync_WhenCancelledWhileWaitingForItsTurn_ShouldNotRun()
    {
        var database = _folder.Database;
        var leaderStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseLeader = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var leader = database.WriteAsync(
            async (_, _) =>
            {
                leaderStarted.SetResult();
                await releaseLeader.Task;
            },
            CancellationToken.None);
        await leaderStarted.Task;
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var waiting = database.WriteAsync((_, _) => Task.FromResult(ran = true), cancel.Token);

        await cancel.CancelAsync();
        releaseLeader.SetResult();

        await leader;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.False(ran);
    }

    private static async Task<long> CountAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string sql) => (long)(await ScalarAsync(connection, sql))!;

    private static async Task<object?> ScalarAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
