using Conveyor.Local.Queue;
using Conveyor.Local.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.Buckets;

/// <summary>
/// The persisted list of objects the watcher has reported. An event is enqueued in the same transaction that updates the
/// inventory, so after a crash either both happened or neither: a change is reported once, or re-detected on restart.
/// </summary>
public sealed class BucketInventory(LocalDatabase database, TimeProvider time)
{
    private readonly LocalDatabase _database = database ?? throw new ArgumentNullException(nameof(database));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    public Task<IReadOnlyDictionary<string, InventoryEntry>> LoadAsync(string bucket, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyDictionary<string, InventoryEntry>>(
            async connection => (await Sql.ListAsync(
                connection, null, "SELECT key, size, modified_at, etag FROM bucket_inventory WHERE bucket = $b;",
                r => new InventoryEntry(bucket, r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3)),
                cancellationToken, ("$b", bucket)).ConfigureAwait(false)).ToDictionary(e => e.Key, StringComparer.Ordinal),
            cancellationToken);

    public Task<InventoryEntry?> GetAsync(string bucket, string key, CancellationToken cancellationToken) =>
        _database.ReadAsync(
            async connection => (await Sql.ListAsync(
                connection, null, "SELECT size, modified_at, etag FROM bucket_inventory WHERE bucket = $b AND key = $k;",
                r => new InventoryEntry(bucket, key, r.GetInt64(0), r.GetInt64(1), r.GetString(2)),
                cancellationToken, ("$b", bucket), ("$k", key)).ConfigureAwait(false)).SingleOrDefault(),
            cancellationToken);

    /// <summary>
    /// Applies observed changes in one transaction: each created/changed object is enqueued as <c>ObjectCreated:Put</c> and
    /// upserted; each vanished one is enqueued as <c>ObjectRemoved:Delete</c> and removed. Returns the events' bodies.
    /// </summary>
    public Task<IReadOnlyList<string>> PublishAsync(string queue, IReadOnlyList<InventoryChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return _database.WriteAsync<IReadOnlyList<string>>(
            async (connection, transaction) =>
            {
                var now = _time.GetUtcNow();
                var bodies = new List<string>(changes.Count);
                foreach (var change in changes)
                {
                    if (change.Created is { } entry)
                    {
                        // A change already reported (same content) is only re-stamped, not reported twice.
                        var known = await Sql.ScalarAsync(
                            connection, transaction, "SELECT etag FROM bucket_inventory WHERE bucket = $b AND key = $k;", cancellationToken,
                            ("$b", entry.Bucket), ("$k", entry.Key)).ConfigureAwait(false) as string;
                        if (known != entry.ETag)
                        {
                            var body = S3EventJson.Build(S3EventJson.ObjectCreatedPut, entry.Bucket, entry.Key, entry.Size, entry.ETag, await NextSequencerAsync(connection, transaction, cancellationToken).ConfigureAwait(false), now);
                            await QueueWriter.SendAsync(connection, transaction, queue, new QueueSendRequest(body), now, cancellationToken).ConfigureAwait(false);
                            bodies.Add(body);
                        }

                        await Sql.ExecuteAsync(
                            connection, transaction,
                            """
                            INSERT INTO bucket_inventory (bucket, key, size, modified_at, etag) VALUES ($b, $k, $s, $m, $e)
                            ON CONFLICT (bucket, key) DO UPDATE SET size = excluded.size, modified_at = excluded.modified_at, etag = excluded.etag;
                            """,
                            cancellationToken, ("$b", entry.Bucket), ("$k", entry.Key), ("$s", entry.Size), ("$m", entry.ModifiedTicks), ("$e", entry.ETag)).ConfigureAwait(false);
                    }
                    else
                    {
                        var removed = await Sql.ExecuteAsync(
                            connection, transaction, "DELETE FROM bucket_inventory WHERE bucket = $b AND key = $k;", cancellationToken,
                            ("$b", change.Bucket), ("$k", change.Key)).ConfigureAwait(false);
                        if (removed == 1)
                        {
                            var body = S3EventJson.Build(S3EventJson.ObjectRemovedDelete, change.Bucket, change.Key, null, null, await NextSequencerAsync(connection, transaction, cancellationToken).ConfigureAwait(false), now);
                            await QueueWriter.SendAsync(connection, transaction, queue, new QueueSendRequest(body), now, cancellationToken).ConfigureAwait(false);
                            bodies.Add(body);
                        }
                    }
                }

                return bodies;
            },
            cancellationToken);
    }

    private static async Task<string> NextSequencerAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var value = await Sql.ScalarAsync(
            connection, transaction,
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE name = 'bucket_sequencer' RETURNING CAST(value AS INTEGER);",
            cancellationToken).ConfigureAwait(false);
        return S3EventJson.Sequencer((long)value!);
    }
}
