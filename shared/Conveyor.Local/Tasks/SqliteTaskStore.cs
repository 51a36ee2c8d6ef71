using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Local.ChangeFeed;
using Conveyor.Local.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.Tasks;

/// <summary>
/// <see cref="ITaskStore"/> on SQLite. Every write is one <c>BEGIN IMMEDIATE</c> transaction that also appends the
/// change-feed row (the outbox), so a task is never stored without its INSERT record, nor the record without the task.
/// Every update appends a MODIFY with the old and new images (as a DynamoDB stream with NEW_AND_OLD_IMAGES does):
/// dispatch follows from inserts and status notifications from modifications, so neither is lost to a crash.
/// </summary>
public sealed class SqliteTaskStore : ITaskStore
{
    public const int MaxPageSize = 1000;

    private const string Columns = "pk, sk, tenant, type, kind, status, version, created_at, updated_at, document, name";
    private readonly LocalDatabase _database;
    private readonly TimeProvider _time;
    private readonly Lazy<Task<ContinuationTokens>> _tokens;

    public SqliteTaskStore(LocalDatabase database, TimeProvider time)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _tokens = new Lazy<Task<ContinuationTokens>>(() => ContinuationTokens.LoadAsync(_database));
    }

    public Task<TaskCreation> CreateAsync(TrackedTask task, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        _ = TaskKeys.KindOf(task.Key);
        var document = TaskJson.Serialize(task);
        return _database.WriteAsync(
            async (connection, transaction) =>
            {
                if (idempotencyKey is not null)
                {
                    var existing = await Sql.ListAsync(
                        connection, transaction, "SELECT pk, sk FROM task_idempotency WHERE pk = $pk AND idempotency_key = $k;",
                        r => new TaskKey(r.GetString(0), r.GetString(1)), cancellationToken, ("$pk", task.Key.Pk), ("$k", idempotencyKey)).ConfigureAwait(false);
                    if (existing.Count == 1)
                    {
                        var earlier = await GetAsync(connection, transaction, existing[0], cancellationToken).ConfigureAwait(false)
                            ?? throw new TaskNotFoundException(existing[0]);
                        return new TaskCreation(earlier, Created: false);
                    }
                }

                if (!await InsertAsync(connection, transaction, task, document, cancellationToken).ConfigureAwait(false))
                {
                    throw new TaskConflictException($"Task {task.Id} already exists.");
                }

                if (idempotencyKey is not null)
                {
                    await Sql.ExecuteAsync(
                        connection, transaction, "INSERT INTO task_idempotency (pk, idempotency_key, sk) VALUES ($pk, $k, $sk);", cancellationToken,
                        ("$k", idempotencyKey), ("$pk", task.Key.Pk), ("$sk", task.Key.Sk)).ConfigureAwait(false);
                }

                return new TaskCreation(task, Created: true);
            },
            cancellationToken);
    }

    public Task<int> CreateSubTasksAsync(IReadOnlyList<TrackedTask> subTasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subTasks);
        foreach (var subTask in subTasks)
        {
            _ = TaskKeys.KindOf(subTask.Key);
        }

        var documents = subTasks.Select(TaskJson.Serialize).ToArray();
        return _database.WriteAsync(
            async (connection, transaction) =>
            {
                var inserted = 0;
                for (var i = 0; i < subTasks.Count; i++)
                {
                    inserted += await InsertAsync(connection, transaction, subTasks[i], documents[i], cancellationToken).ConfigureAwait(false) ? 1 : 0;
                }

                return inserted;
            },
            cancellationToken);
    }

    public Task<TrackedTask?> GetAsync(TaskKey key, CancellationToken cancellationToken) =>
        _database.ReadAsync(connection => GetAsync(connection, null, key, cancellationToken), cancellationToken);

    public Task<TrackedTask> UpdateAsync(TrackedTask next, TaskWriteCondition condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(condition);
        var document = TaskJson.Serialize(next);
        return _database.WriteAsync(
            async (connection, transaction) =>
                await TryUpdateAsync(connection, transaction, next, document, condition, cancellationToken).ConfigureAwait(false)
                    ? next
                    : throw new TaskConflictException(next.Key, condition.ExpectedVersion),
            cancellationToken);
    }

    /// <summary>Every update on its own condition, all in one transaction (with their change-feed rows).</summary>
    public Task<IReadOnlyList<TrackedTask?>> TryUpdateEachAsync(IReadOnlyList<TaskUpdate> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var documents = updates.Select(u => TaskJson.Serialize(u.Next)).ToArray();
        return _database.WriteAsync<IReadOnlyList<TrackedTask?>>(
            async (connection, transaction) =>
            {
                var stored = new TrackedTask?[updates.Count];
                for (var i = 0; i < updates.Count; i++)
                {
                    var (next, condition) = updates[i];
                    stored[i] = await TryUpdateAsync(connection, transaction, next, documents[i], condition, cancellationToken).ConfigureAwait(false) ? next : null;
                }

                return stored;
            },
            cancellationToken);
    }

    /// <summary>The rows of <paramref name="keys"/> read on one connection.</summary>
    public Task<IReadOnlyList<TrackedTask?>> GetEachAsync(IReadOnlyList<TaskKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return _database.ReadAsync<IReadOnlyList<TrackedTask?>>(
            async connection =>
            {
                var rows = new TrackedTask?[keys.Count];
                for (var i = 0; i < keys.Count; i++)
                {
                    rows[i] = await GetAsync(connection, null, keys[i], cancellationToken).ConfigureAwait(false);
                }

                return rows;
            },
            cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="next"/> (as <paramref name="document"/>, serialized before the write's turn so the write
    /// lock is not held for it) with its MODIFY record if the stored row matches; false (nothing written) otherwise.
    /// </summary>
    private async Task<bool> TryUpdateAsync(SqliteConnection connection, SqliteTransaction transaction, TrackedTask next, string document, TaskWriteCondition condition, CancellationToken cancellationToken)
    {
        // The write lock is held from BEGIN IMMEDIATE, so the row read here is the row the UPDATE changes.
        var current = await Sql.ListAsync(
            connection, transaction, "SELECT status, version, document FROM tasks WHERE pk = $pk AND sk = $sk;",
            r => (Status: TrackedTaskStatusNames.Parse(r.GetString(0)), Version: r.GetInt64(1), Document: r.GetString(2)),
            cancellationToken, ("$pk", next.Key.Pk), ("$sk", next.Key.Sk)).ConfigureAwait(false);
        if (current.Count == 0 || current[0].Version != condition.ExpectedVersion || !condition.AllowedStatuses.Contains(current[0].Status))
        {
            return false;
        }

        var changed = await Sql.ExecuteAsync(
            connection, transaction,
            "UPDATE tasks SET status = $status, version = $version, updated_at = $updated, document = $doc WHERE pk = $pk AND sk = $sk AND version = $expected;",
            cancellationToken,
            ("$status", next.Status.ToWireName()), ("$version", next.Version), ("$updated", next.UpdatedAt.ToUnixTimeMilliseconds()),
            ("$doc", document), ("$pk", next.Key.Pk), ("$sk", next.Key.Sk), ("$expected", condition.ExpectedVersion)).ConfigureAwait(false);
        if (changed != 1)
        {
            return false;
        }

        await ChangeFeedWriter.AppendAsync(
            connection, transaction, ChangeFeedWriter.Modify, next.Key, current[0].Status, next.Status, current[0].Document, document, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<TaskPage> QueryAsync(TaskQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > MaxPageSize)
        {
            throw new ValidationException($"Limit must be between 1 and {MaxPageSize}; got {query.Limit}.", nameof(query));
        }

        var tokens = await _tokens.Value.ConfigureAwait(false);
        var after = query.ContinuationToken is null ? null : tokens.Read(query, query.ContinuationToken);
        var prefix = query.SkPrefix ?? string.Empty;
        var sql = $"""
            SELECT document, sk FROM tasks
            WHERE pk = $pk AND substr(sk, 1, $plen) = $prefix
              {(query.ExcludeSubTasks ? $"AND kind <> '{nameof(TaskKind.SubTask)}'" : string.Empty)}
              {(after is null ? string.Empty : query.Ascending ? "AND sk > $after" : "AND sk < $after")}
            ORDER BY sk {(query.Ascending ? "ASC" : "DESC")}
            LIMIT $take;
            """;
        var rows = await _database.ReadAsync(
            connection => Sql.ListAsync(
                connection, null, sql, r => (Document: r.GetString(0), SortKey: r.GetString(1)), cancellationToken,
                ("$pk", query.Pk), ("$plen", prefix.Length), ("$prefix", prefix), ("$after", after), ("$take", query.Limit + 1)),
            cancellationToken).ConfigureAwait(false);
        var page = rows.Take(query.Limit).ToList();
        var next = rows.Count > query.Limit ? tokens.Issue(query, page[^1].SortKey) : null;
        return new TaskPage(page.Select(r => TaskJson.Parse(r.Document)).ToArray(), next);
    }

    internal static async Task<TrackedTask?> GetAsync(SqliteConnection connection, SqliteTransaction? transaction, TaskKey key, CancellationToken cancellationToken)
    {
        var documents = await Sql.ListAsync(
            connection, transaction, "SELECT document FROM tasks WHERE pk = $pk AND sk = $sk;", r => r.GetString(0), cancellationToken,
            ("$pk", key.Pk), ("$sk", key.Sk)).ConfigureAwait(false);
        return documents.Count == 0 ? null : TaskJson.Parse(documents[0]);
    }

    /// <summary>Inserts <paramref name="task"/> (as <paramref name="document"/>, serialized before the write's turn) with its INSERT record unless its key exists.</summary>
    private async Task<bool> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, TrackedTask task, string document, CancellationToken cancellationToken)
    {
        var inserted = await Sql.ExecuteAsync(
            connection, transaction,
            $"INSERT OR IGNORE INTO tasks ({Columns}) VALUES ($pk, $sk, $tenant, $type, $kind, $status, $version, $created, $updated, $doc, $name);",
            cancellationToken,
            ("$pk", task.Key.Pk), ("$sk", task.Key.Sk), ("$tenant", task.Tenant), ("$type", task.Type),
            ("$kind", task.Kind.ToString()), ("$status", task.Status.ToWireName()), ("$version", task.Version),
            ("$created", task.CreatedAt.ToUnixTimeMilliseconds()), ("$updated", task.UpdatedAt.ToUnixTimeMilliseconds()), ("$doc", document),
            ("$name", task.Kind == TaskKind.SubTask ? null : task.Name)).ConfigureAwait(false);
        if (inserted == 0)
        {
            return false;
        }

        await ChangeFeedWriter.AppendAsync(
            connection, transaction, ChangeFeedWriter.Insert, task.Key, null, task.Status, null, document, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return true;
    }
}
