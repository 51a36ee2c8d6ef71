using System.Security.Cryptography;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Validation;
using Conveyor.Local.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.Queue;

/// <summary>
/// A durable named queue on SQLite with SQS semantics: visibility timeout, receive count, delayed delivery,
/// receipt handles per delivery, a dead-letter queue after <see cref="QueueOptions.MaxReceiveCount"/> receives, and an
/// optional FIFO mode. Delivery is at least once: a message leaves only when deleted with its current receipt handle.
/// A consumer that gives up on a message with a known cause dead-letters it itself (<see cref="DeadLetterAsync"/>).
/// </summary>
public sealed class SqliteQueue : ITaskQueue, IDeadLetterQueue
{
    private const string DeliverableRows = """
        SELECT m.id, m.message_id, m.body, m.group_id, m.sent_at, m.receive_count, m.attributes FROM queue_messages m
        WHERE m.queue = $q AND m.visible_at <= $now
        """;

    // FIFO: only the oldest message of each group may be delivered; while it is in flight the whole group waits.
    private const string FifoHeadCondition =
        " AND m.id = (SELECT MIN(g.id) FROM queue_messages g WHERE g.queue = m.queue AND g.group_id IS m.group_id)";

    private readonly LocalDatabase _database;
    private readonly TimeProvider _time;

    public SqliteQueue(LocalDatabase database, QueueOptions options, TimeProvider time)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            throw new ValidationException("A queue needs a name.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxReceiveCount);
        if (options.EffectiveVisibilityTimeout < TimeSpan.Zero)
        {
            throw new ValidationException("The visibility timeout must not be negative.", nameof(options));
        }
    }

    public QueueOptions Options { get; }

    public string Name => Options.Name;

    /// <summary>A queue over this queue's dead letters (no further dead-lettering).</summary>
    public SqliteQueue DeadLetterQueue() =>
        new(_database, new QueueOptions(Options.EffectiveDeadLetterQueueName, Options.VisibilityTimeout, MaxReceiveCount: 0, Fifo: false), _time);

    public async Task<string> SendAsync(QueueSendRequest request, CancellationToken cancellationToken)
    {
        var ids = await SendBatchAsync([request], cancellationToken).ConfigureAwait(false);
        return ids[0];
    }

    /// <summary>Sends all messages in one transaction: either all are stored or none.</summary>
    public Task<IReadOnlyList<string>> SendBatchAsync(IReadOnlyList<QueueSendRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var request in requests)
        {
            ArgumentNullException.ThrowIfNull(request);
            if (Options.Fifo && string.IsNullOrEmpty(request.GroupId))
            {
                throw new ValidationException($"Queue '{Name}' is FIFO: every message needs a group id.", nameof(requests));
            }
        }

        return _database.WriteAsync<IReadOnlyList<string>>(
            async (connection, transaction) =>
            {
                var now = _time.GetUtcNow();
                var ids = new List<string>(requests.Count);
                foreach (var request in requests)
                {
                    ids.Add(await QueueWriter.SendAsync(connection, transaction, Name, request, now, cancellationToken).ConfigureAwait(false));
                }

                return ids;
            },
            cancellationToken);
    }

    /// <summary>The task queue port: one message per task, body <c>{pk, sk, tenant, type}</c>.</summary>
    public Task EnqueueAsync(IReadOnlyList<TaskQueueMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return SendBatchAsync(
            messages.Select(m => new QueueSendRequest(TaskQueueMessageJson.Serialize(m), GroupId: Options.Fifo ? m.Key.Id : null)).ToArray(),
            cancellationToken);
    }

    /// <summary>
    /// Receives up to <paramref name="maxMessages"/> visible messages, hiding each for the visibility timeout and counting
    /// the receive. A message already received <see cref="QueueOptions.MaxReceiveCount"/> times is moved to the
    /// dead-letter queue in the same transaction instead of being delivered.
    /// </summary>
    public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan? visibilityTimeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        var timeout = visibilityTimeout ?? Options.EffectiveVisibilityTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        var sql = DeliverableRows + (Options.Fifo ? FifoHeadCondition : string.Empty) + " ORDER BY m.id LIMIT $n;";
        return ReceiveIfAnyAsync(maxMessages, timeout, sql, cancellationToken);
    }

    /// <summary>
    /// Looks for a visible message with a read first (reads run beside the writers), so the pollers of an idle or
    /// drained queue do not queue up for the write lock only to find nothing; a message sent just after the look is
    /// received on the next poll.
    /// </summary>
    private async Task<IReadOnlyList<QueueMessage>> ReceiveIfAnyAsync(int maxMessages, TimeSpan timeout, string sql, CancellationToken cancellationToken)
    {
        var any = await _database.ReadAsync(
            connection => Sql.ScalarAsync(
                connection, null, "SELECT 1 FROM queue_messages WHERE queue = $q AND visible_at <= $now LIMIT 1;", cancellationToken,
                ("$q", Name), ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds())),
            cancellationToken).ConfigureAwait(false);
        if (any is null)
        {
            return [];
        }

        return await _database.WriteAsync<IReadOnlyList<QueueMessage>>(
            async (connection, transaction) =>
            {
                var now = _time.GetUtcNow();
                var nowMs = now.ToUnixTimeMilliseconds();
                var delivered = new List<QueueMessage>();
                while (delivered.Count < maxMessages)
                {
                    var candidates = await Sql.ListAsync(
                        connection, transaction, sql,
                        r => (Row: r.GetInt64(0), Id: r.GetString(1), Body: r.GetString(2), Group: r.NullableString(3), Sent: r.GetInt64(4), Count: r.GetInt32(5), Attributes: r.NullableString(6)),
                        cancellationToken, ("$q", Name), ("$now", nowMs), ("$n", maxMessages - delivered.Count)).ConfigureAwait(false);
                    if (candidates.Count == 0)
                    {
                        break;
                    }

                    var movedAny = false;
                    foreach (var candidate in candidates)
                    {
                        if (Options.MaxReceiveCount > 0 && candidate.Count >= Options.MaxReceiveCount)
                        {
                            await MoveToDeadLetterAsync(connection, transaction, candidate.Row, attributes: null, nowMs, cancellationToken).ConfigureAwait(false);
                            movedAny = true;
                            continue;
                        }

                        var receipt = candidate.Id + ":" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                        await Sql.ExecuteAsync(
                            connection, transaction,
                            """
                            UPDATE queue_messages SET receive_count = receive_count + 1, visible_at = $visible, receipt_handle = $r,
                                first_received_at = COALESCE(first_received_at, $now)
                            WHERE id = $row;
                            """,
                            cancellationToken, ("$visible", nowMs + (long)timeout.TotalMilliseconds), ("$r", receipt), ("$now", nowMs), ("$row", candidate.Row)).ConfigureAwait(false);
                        delivered.Add(new QueueMessage(
                            candidate.Id, candidate.Body, receipt, candidate.Count + 1, candidate.Group, DateTimeOffset.FromUnixTimeMilliseconds(candidate.Sent),
                            QueueAttributesJson.Parse(candidate.Attributes)));
                    }

                    // Without a dead-letter move the query already returned everything deliverable (FIFO: every group head).
                    if (!movedAny)
                    {
                        break;
                    }
                }

                return delivered;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the delivery identified by <paramref name="receiptHandle"/>; false when the handle is stale or unknown.</summary>
    public Task<bool> DeleteAsync(string receiptHandle, CancellationToken cancellationToken) => DeleteAsync(receiptHandle, null, cancellationToken);

    /// <summary>
    /// Deletes the delivery and, in the same transaction, runs <paramref name="alsoWrite"/> (the consumer's own record of
    /// having handled it), so both happen or neither; false when the handle is stale or unknown (the write still runs).
    /// </summary>
    public Task<bool> DeleteAsync(string receiptHandle, Func<SqliteConnection, SqliteTransaction, Task>? alsoWrite, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(receiptHandle);
        return _database.WriteAsync(
            async (connection, transaction) =>
            {
                if (alsoWrite is not null)
                {
                    await alsoWrite(connection, transaction).ConfigureAwait(false);
                }

                return await DeleteDeliveryAsync(connection, transaction, receiptHandle, cancellationToken).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    /// <summary>Deletes every delivery in <paramref name="receiptHandles"/> in one transaction; returns how many were current.</summary>
    public Task<int> DeleteBatchAsync(IReadOnlyCollection<string> receiptHandles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiptHandles);
        if (receiptHandles.Count == 0)
        {
            return Task.FromResult(0);
        }

        return _database.WriteAsync(
            async (connection, transaction) =>
            {
                var deleted = 0;
                foreach (var handle in receiptHandles)
                {
                    ArgumentException.ThrowIfNullOrEmpty(handle);
                    deleted += await DeleteDeliveryAsync(connection, transaction, handle, cancellationToken).ConfigureAwait(false);
                }

                return deleted;
            },
            cancellationToken);
    }

    /// <summary>Hides the delivery for <paramref name="timeout"/> from now (zero makes it visible at once); false when the handle is stale.</summary>
    public Task<bool> ChangeVisibilityAsync(string receiptHandle, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(receiptHandle);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        return _database.WriteAsync(
            async (connection, transaction) => await Sql.ExecuteAsync(
                connection, transaction, "UPDATE queue_messages SET visible_at = $visible WHERE queue = $q AND receipt_handle = $r;", cancellationToken,
                ("$visible", _time.GetUtcNow().ToUnixTimeMilliseconds() + (long)timeout.TotalMilliseconds), ("$q", Name), ("$r", receiptHandle)).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    /// <summary>
    /// Makes every received-but-not-deleted message visible now; returns how many. For a consumer that knows the previous
    /// receiver is gone (the embedded engine at start-up, holding the engine lock), so in-flight work resumes at once instead
    /// of after the visibility timeout. Receive counts are kept, so dead-lettering still applies.
    /// </summary>
    public Task<int> ReleaseInFlightAsync(CancellationToken cancellationToken) =>
        _database.WriteAsync(
            (connection, transaction) => Sql.ExecuteAsync(
                connection, transaction,
                "UPDATE queue_messages SET visible_at = $now WHERE queue = $q AND receipt_handle IS NOT NULL AND visible_at > $now;",
                cancellationToken, ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("$q", Name)),
            cancellationToken);

    public Task<QueueCounts> GetCountsAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync(
            async connection =>
            {
                var rows = await Sql.ListAsync(
                    connection, null,
                    """
                    SELECT COALESCE(SUM(visible_at <= $now), 0),
                           COALESCE(SUM(visible_at > $now AND receipt_handle IS NOT NULL), 0),
                           COALESCE(SUM(visible_at > $now AND receipt_handle IS NULL), 0)
                    FROM queue_messages WHERE queue = $q;
                    """,
                    r => new QueueCounts(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)),
                    cancellationToken, ("$q", Name), ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds())).ConfigureAwait(false);
                return rows[0];
            },
            cancellationToken);

    /// <summary>
    /// Moves the message <see cref="DeadLetter.MessageId"/> from this queue to its dead-letter queue with the cause as
    /// its attributes, in one UPDATE, so it is in exactly one queue at every instant; a message already moved stays as it
    /// is (a repeat is a no-op). A message this queue does not hold (an event given to the consumer by hand) is stored as
    /// a new dead letter.
    /// </summary>
    public Task DeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var attributes = QueueAttributesJson.Serialize(letter.Attributes);
        return _database.WriteAsync(
            async (connection, transaction) =>
            {
                var now = _time.GetUtcNow();
                var held = await Sql.ListAsync(
                    connection, transaction, "SELECT id, queue FROM queue_messages WHERE message_id = $id;",
                    r => (Row: r.GetInt64(0), Queue: r.GetString(1)), cancellationToken, ("$id", letter.MessageId)).ConfigureAwait(false);
                long row;
                if (held.Count == 0)
                {
                    await QueueWriter.SendAsync(connection, transaction, Name, new QueueSendRequest(letter.Body), now, cancellationToken).ConfigureAwait(false);
                    row = (long)(await Sql.ScalarAsync(connection, transaction, "SELECT last_insert_rowid();", cancellationToken).ConfigureAwait(false))!;
                }
                else if (held[0].Queue == Name)
                {
                    row = held[0].Row;
                }
                else
                {
                    return; // Moved already.
                }

                await MoveToDeadLetterAsync(connection, transaction, row, attributes, now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    private Task<int> DeleteDeliveryAsync(SqliteConnection connection, SqliteTransaction transaction, string receiptHandle, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(
            connection, transaction, "DELETE FROM queue_messages WHERE queue = $q AND receipt_handle = $r;", cancellationToken,
            ("$q", Name), ("$r", receiptHandle));

    /// <summary>Moves row <paramref name="row"/> to the dead-letter queue, with <paramref name="attributes"/> when given (else its own).</summary>
    private Task<int> MoveToDeadLetterAsync(SqliteConnection connection, SqliteTransaction transaction, long row, string? attributes, long nowMs, CancellationToken cancellationToken) =>
        // One UPDATE moves the row: it is in exactly one queue at every instant, even if the process dies here.
        Sql.ExecuteAsync(
            connection, transaction,
            "UPDATE queue_messages SET queue = $dlq, source_queue = $q, visible_at = $now, receipt_handle = NULL, attributes = COALESCE($a, attributes) WHERE id = $row;",
            cancellationToken, ("$dlq", Options.EffectiveDeadLetterQueueName), ("$q", Name), ("$now", nowMs), ("$a", attributes), ("$row", row));
}
