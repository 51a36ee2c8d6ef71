using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.Storage;

/// <summary>
/// Small helpers for parameterised commands; every value goes through a parameter, never into the SQL text. Public so
/// the embedded engine's own tables (Conveyor.Local.Engine) use the same helpers as the adapters' tables.
/// </summary>
/// <remarks>
/// On a connection marked with <see cref="KeepPrepared"/> (the database's one long-lived write connection, used by one
/// writer at a time) <see cref="ExecuteAsync"/>, <see cref="ScalarAsync"/> and <see cref="ListAsync"/> keep one prepared
/// command per SQL text and bind new values each time (to the parameter objects of the last call when the names are the
/// same), instead of preparing the statement again on every write. The commands go with the connection when it is closed.
/// </remarks>
public static class Sql
{
    /// <summary>At most this many SQL texts are kept per connection (texts built per call, such as IN lists, are not all kept).</summary>
    private const int MaxPreparedPerConnection = 256;

    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Prepared = new();

    /// <summary>Keeps the helpers' commands prepared on <paramref name="connection"/>; only for a connection that one caller at a time uses.</summary>
    public static void KeepPrepared(SqliteConnection connection) => Prepared.AddOrUpdate(connection, new Dictionary<string, SqliteCommand>(StringComparer.Ordinal));

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // SQL text is constant per call site; values are bound as parameters below.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Rent(connection, transaction, sql, parameters, out var owned);
        await using (owned.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Rent(connection, transaction, sql, parameters, out var owned);
        await using (owned.ConfigureAwait(false))
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is DBNull ? null : value;
        }
    }

    public static async Task<List<T>> ListAsync<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Rent(connection, transaction, sql, parameters, out var owned);
        await using var disposeOwned = owned.ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(map(reader));
        }

        return list;
    }

    /// <summary>
    /// The command for <paramref name="sql"/> with <paramref name="parameters"/> bound: the connection's kept prepared
    /// command (<paramref name="owned"/> then disposes nothing), or a new one that <paramref name="owned"/> disposes.
    /// </summary>
    private static SqliteCommand Rent(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters, out IAsyncDisposable owned)
    {
        if (!Prepared.TryGetValue(connection, out var commands) || (commands.Count >= MaxPreparedPerConnection && !commands.ContainsKey(sql)))
        {
            var command = Command(connection, transaction, sql, parameters);
            owned = command;
            return command;
        }

        owned = NothingToDispose.Instance;
        if (!commands.TryGetValue(sql, out var kept))
        {
            kept = connection.CreateCommand();
#pragma warning disable CA2100 // SQL text is constant per call site; values are bound as parameters below.
            kept.CommandText = sql;
#pragma warning restore CA2100
            commands[sql] = kept;
        }

        kept.Transaction = transaction;
        var bound = kept.Parameters;
        if (HasNames(bound, parameters))
        {
            // The same call site again: new values for the parameters it bound last time.
            for (var i = 0; i < parameters.Length; i++)
            {
                bound[i].Value = parameters[i].Value ?? DBNull.Value;
            }
        }
        else
        {
            bound.Clear();
            foreach (var (name, value) in parameters)
            {
                bound.AddWithValue(name, value ?? DBNull.Value);
            }
        }

        return kept;
    }

    /// <summary>Whether <paramref name="bound"/> holds exactly <paramref name="parameters"/>' names, in order.</summary>
    private static bool HasNames(SqliteParameterCollection bound, (string Name, object? Value)[] parameters)
    {
        if (bound.Count != parameters.Length)
        {
            return false;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (!string.Equals(bound[i].ParameterName, parameters[i].Name, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public static string? NullableString(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private sealed class NothingToDispose : IAsyncDisposable
    {
        public static readonly NothingToDispose Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
