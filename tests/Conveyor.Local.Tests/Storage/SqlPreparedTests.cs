using Conveyor.Local.Storage;
using Conveyor.Local.Tests.Support;

namespace Conveyor.Local.Tests.Storage;

/// <summary>Commands kept prepared on a connection bind each call's own values, and a missing value still fails.</summary>
public sealed class SqlPreparedTests : IAsyncLifetime
{
    private readonly TempEngineFolder _folder = new();

    public Task InitializeAsync() => _folder.InitializeAsync();

    public Task DisposeAsync() => _folder.DisposeAsync();

    [Fact]
    public async Task Helpers_OnAConnectionKeptPrepared_ShouldBindEachCallsValues()
    {
        await using var connection = await _folder.Database.OpenConnectionAsync(CancellationToken.None);
        Sql.KeepPrepared(connection);
        const string insert = "INSERT INTO meta (name, value) VALUES ($n, $v);";

        await Sql.ExecuteAsync(connection, null, insert, CancellationToken.None, ("$n", "kept-a"), ("$v", "1"));
        await Sql.ExecuteAsync(connection, null, insert, CancellationToken.None, ("$n", "kept-b"), ("$v", "2"));
        var values = await Sql.ListAsync(
            connection, null, "SELECT name, value FROM meta WHERE name LIKE $p ORDER BY name;", r => (r.GetString(0), r.NullableString(1)), CancellationToken.None, ("$p", "kept-%"));
        var count = await Sql.ScalarAsync(connection, null, "SELECT COUNT(*) FROM meta WHERE name LIKE $p;", CancellationToken.None, ("$p", "kept-b"));

        Assert.Equal([("kept-a", (string?)"1"), ("kept-b", "2")], values);
        Assert.Equal(1L, count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Sql.ExecuteAsync(connection, null, insert, CancellationToken.None, ("$n", "kept-c")));
    }
}
