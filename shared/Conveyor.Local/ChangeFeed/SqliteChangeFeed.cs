using System.Text.Json;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Local.Storage;

namespace Conveyor.Local.ChangeFeed;

/// <summary>
/// Reads the change feed for named consumers. Each consumer has a durable checkpoint; <see cref="ReadBatchAsync"/>
/// returns records after it and <see cref="AcknowledgeAsync"/> moves it. A crash between processing and acknowledging
/// redelivers the batch (at least once); nothing is ever skipped.
/// </summary>
public sealed class SqliteChangeFeed(LocalDatabase database)
{
    private readonly LocalDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>Up to <paramref name="max"/> records after the consumer's checkpoint, oldest first.</summary>
    public Task<IReadOnlyList<ChangeRecord>> ReadBatchAsync(string consumer, int max, CancellationToken cancellationToken)
    {
        ValidateConsumer(consumer);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return _database.ReadAsync<IReadOnlyList<ChangeRecord>>(
            async connection => await Sql.ListAsync(
                connection,
                null,
                """
                SELECT sequence, event_name, pk, sk, old_status, new_status, new_image, created_at, old_image FROM change_feed
                WHERE sequence > COALESCE((SELECT sequence FROM change_feed_checkpoints WHERE consumer = $c), 0)
                ORDER BY sequence LIMIT $max;
                """,
                r =>
                {
                    using var image = JsonDocument.Parse(r.GetString(6));
                    var oldText = r.NullableString(8);
                    using var oldImage = oldText is null ? null : JsonDocument.Parse(oldText);
                    return new ChangeRecord(
                        r.GetInt64(0), r.GetString(1), new TaskKey(r.GetString(2), r.GetString(3)), r.NullableString(4), r.GetString(5),
                        image.RootElement.Clone(), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)))
                    {
                        OldImage = oldImage?.RootElement.Clone(),
                    };
                },
                cancellationToken,
                ("$c", consumer),
                ("$max", max)).ConfigureAwait(false),
            cancellationToken);
    }

    /// <summary>Marks every record up to and including <paramref name="upToSequence"/> as processed. Never moves backwards.</summary>
    public Task AcknowledgeAsync(string consumer, long upToSequence, CancellationToken cancellationToken)
    {
        ValidateConsumer(consumer);
        ArgumentOutOfRangeException.ThrowIfNegative(upToSequence);
        return _database.WriteAsync(
            (connection, transaction) => Sql.ExecuteAsync(
                connection,
                transaction,
                """
                INSERT INTO change_feed_checkpoints (consumer, sequence) VALUES ($c, $s)
                ON CONFLICT (consumer) DO UPDATE SET sequence = MAX(sequence, excluded.sequence);
                """,
                cancellationToken,
                ("$c", consumer),
                ("$s", upToSequence)),
            cancellationToken);
    }

    /// <summary>The consumer's checkpoint (0 before its first acknowledgement).</summary>
    public Task<long> GetCheckpointAsync(string consumer, CancellationToken cancellationToken)
    {
        ValidateConsumer(consumer);
        return _database.ReadAsync(
            async connection => (long)(await Sql.ScalarAsync(connection, null, "SELECT sequence FROM change_feed_checkpoints WHERE consumer = $c;", cancellationToken, ("$c", consumer)).ConfigureAwait(false) ?? 0L),
            cancellationToken);
    }

    /// <summary>Deletes records every known consumer has acknowledged; returns how many. Unacknowledged records stay.</summary>
    public Task<int> TrimAsync(CancellationToken cancellationToken) =>
        _database.WriteAsync(
            (connection, transaction) => Sql.ExecuteAsync(
                connection,
                transaction,
                "DELETE FROM change_feed WHERE sequence <= (SELECT COALESCE(MIN(sequence), 0) FROM change_feed_checkpoints);",
                cancellationToken),
            cancellationToken);

    private static void ValidateConsumer(string consumer)
    {
        if (string.IsNullOrWhiteSpace(consumer))
        {
            throw new ValidationException("A change-feed consumer needs a name.", nameof(consumer));
        }
    }
}
