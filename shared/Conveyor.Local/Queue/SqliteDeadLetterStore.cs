using System.Globalization;
using Conveyor.Core.Ports;
using Conveyor.Local.Storage;

namespace Conveyor.Local.Queue;

/// <summary>
/// The dead letters of the engine's SQLite queues (<see cref="IDeadLetterStore"/>): the dead-letter queues of
/// <c>sources</c>, which a re-drive sends back, and <c>listOnly</c> queues (messages written there directly, without a
/// source queue), which are shown but cannot be re-driven.
/// </summary>
/// <remarks>
/// A re-drive is one write transaction: the row moves from the dead-letter queue to its source queue (it is in exactly
/// one queue at every instant), visible at once, without its cause attributes, and the re-drive is recorded in
/// <c>dead_letter_redrives</c>. A repeat finds the row no longer dead-lettered and answers the recorded re-drive, so a
/// double click moves it once. The message comes back as delivered once before (receive count 1): its consumer treats
/// what an earlier attempt left behind as interrupted (TaskWorker runs a task left PROCESSING again) and it gets its
/// queue's maxReceiveCount − 1 more deliveries (a queue that allows one delivery gets it with a count of 0).
/// </remarks>
public sealed class SqliteDeadLetterStore : IDeadLetterStore
{
    /// <summary>The most dead letters one page holds.</summary>
    public const int MaxLimit = 1000;

    private readonly LocalDatabase _database;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, QueueOptions> _sources;
    private readonly string[] _queues;

    public SqliteDeadLetterStore(LocalDatabase database, IEnumerable<SqliteQueue> sources, IEnumerable<string> listOnly, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(listOnly);
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _sources = sources.ToDictionary(q => q.Options.Name, q => q.Options, StringComparer.Ordinal);
        _queues = [.. _sources.Values.Select(o => o.EffectiveDeadLetterQueueName).Concat(listOnly).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The dead-letter queues this store shows.</summary>
    public IReadOnlyList<string> Queues => _queues;

    public Task<DeadLetterPage> ListAsync(int limit, string? next, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        var before = next is null ? long.MaxValue
            : long.TryParse(next, NumberStyles.None, CultureInfo.InvariantCulture, out var row) ? row
            : throw new FormatException($"'{next}' is not a page token of the dead-letter list; pass the 'next' of the previous page.");
        var (inList, parameters) = QueueList();
        return _database.ReadAsync(
            async connection =>
            {
                var rows = await Sql.ListAsync(
                    connection, null,
                    $"""
                    SELECT id, message_id, queue, source_queue, body, visible_at, receive_count, attributes FROM queue_messages
                    WHERE queue IN ({inList}) AND id < $before ORDER BY id DESC LIMIT $n;
                    """,
                    r => (Row: r.GetInt64(0), Letter: Letter(r.GetString(1), r.GetString(2), r.NullableString(3), r.GetString(4), r.GetInt64(5), r.GetInt32(6), r.NullableString(7))),
                    cancellationToken, [.. parameters, ("$before", before), ("$n", limit + 1)]).ConfigureAwait(false);
                var items = rows.Take(limit).Select(r => r.Letter).ToList();
                return new DeadLetterPage(items, rows.Count > limit ? rows[limit - 1].Row.ToString(CultureInfo.InvariantCulture) : null);
            },
            cancellationToken);
    }

    /// <summary>How many dead letters all the queues hold (the dashboard's overview).</summary>
    public Task<int> CountAsync(CancellationToken cancellationToken)
    {
        var (inList, parameters) = QueueList();
        return _database.ReadAsync(
            async connection => Convert.ToInt32(
                await Sql.ScalarAsync(connection, null, $"SELECT COUNT(*) FROM queue_messages WHERE queue IN ({inList});", cancellationToken, parameters).ConfigureAwait(false),
                CultureInfo.InvariantCulture),
            cancellationToken);
    }

    public Task<DeadLetterRedrive?> RedriveAsync(string messageId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        return _database.WriteAsync<DeadLetterRedrive?>(
            async (connection, transaction) =>
            {
                var found = await Sql.ListAsync(
                    connection, transaction, "SELECT id, queue, source_queue FROM queue_messages WHERE message_id = $id;",
                    r => (Row: r.GetInt64(0), Queue: r.GetString(1), Source: r.NullableString(2)), cancellationToken, ("$id", messageId)).ConfigureAwait(false);
                if (found.Count == 1 && _queues.Contains(found[0].Queue, StringComparer.Ordinal))
                {
                    var (row, queue, source) = found[0];
                    if (source is null || !_sources.TryGetValue(source, out var options))
                    {
                        throw new DeadLetterNotRedrivableException(
                            $"Message {messageId} in {queue} has no source queue to go back to: it was written there directly (a change record StreamFanOut failed on is replayed by hand).");
                    }

                    var now = _time.GetUtcNow();
                    await Sql.ExecuteAsync(
                        connection, transaction,
                        """
                        UPDATE queue_messages SET queue = $source, source_queue = NULL, receive_count = $count, visible_at = $now,
                            receipt_handle = NULL, first_received_at = NULL, attributes = NULL
                        WHERE id = $row;
                        INSERT INTO dead_letter_redrives (message_id, dead_letter_queue, queue, redriven_at) VALUES ($id, $dlq, $source, $now)
                            ON CONFLICT (message_id) DO UPDATE SET dead_letter_queue = excluded.dead_letter_queue, queue = excluded.queue, redriven_at = excluded.redriven_at;
                        """,
                        cancellationToken,
                        ("$source", source), ("$count", options.MaxReceiveCount > 1 ? 1 : 0), ("$now", now.ToUnixTimeMilliseconds()), ("$row", row),
                        ("$id", messageId), ("$dlq", queue)).ConfigureAwait(false);
                    return new DeadLetterRedrive(messageId, queue, source, DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()), Moved: true);
                }

                var earlier = await Sql.ListAsync(
                    connection, transaction, "SELECT dead_letter_queue, queue, redriven_at FROM dead_letter_redrives WHERE message_id = $id;",
                    r => new DeadLetterRedrive(messageId, r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)), Moved: false),
                    cancellationToken, ("$id", messageId)).ConfigureAwait(false);
                return earlier.Count == 1 ? earlier[0] : null;
            },
            cancellationToken);
    }

    private (string InList, (string Name, object? Value)[] Parameters) QueueList() =>
        (string.Join(", ", _queues.Select((_, i) => "$q" + i.ToString(CultureInfo.InvariantCulture))),
         [.. _queues.Select((q, i) => ("$q" + i.ToString(CultureInfo.InvariantCulture), (object?)q))]);

    private static StoredDeadLetter Letter(string messageId, string queue, string? source, string body, long visibleAt, int receiveCount, string? attributesJson)
    {
        var attributes = QueueAttributesJson.Parse(attributesJson);
        var count = attributes?.GetValueOrDefault(DeadLetter.ReceiveCountAttribute) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : receiveCount;
        return new StoredDeadLetter(
            messageId,
            queue,
            source,
            body,
            DateTimeOffset.FromUnixTimeMilliseconds(visibleAt),
            count,
            attributes?.GetValueOrDefault(DeadLetter.ErrorTypeAttribute),
            attributes?.GetValueOrDefault(DeadLetter.ErrorMessageAttribute));
    }
}
