using Conveyor.Core.Commands;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Validation;
using Conveyor.Local.Storage;

namespace Conveyor.Local.Commands;

/// <summary>
/// <see cref="ICommandPublisher"/> that appends commands to a per-aggregate log. A batch is stored atomically, and a
/// redelivered command (same aggregate and <c>meta.msgId</c>) is stored once — publishing is idempotent.
/// </summary>
public sealed class SqliteCommandPublisher(LocalDatabase database, CommandLogOptions options, TimeProvider time) : ICommandPublisher
{
    private readonly LocalDatabase _database = database ?? throw new ArgumentNullException(nameof(database));
    private readonly CommandLogOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    public Task PublishAsync(string aggregate, IReadOnlyList<CommandMessage> commands, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (string.IsNullOrEmpty(aggregate) || !_options.KnownAggregates.Contains(aggregate))
        {
            throw new ValidationException(
                $"No command queue is configured for aggregate '{aggregate}'; known: {string.Join(", ", _options.KnownAggregates.Order(StringComparer.Ordinal))}.",
                nameof(aggregate));
        }

        return _database.WriteAsync(
            async (connection, transaction) =>
            {
                var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                foreach (var command in commands)
                {
                    await Sql.ExecuteAsync(
                        connection, transaction,
                        "INSERT OR IGNORE INTO command_log (aggregate, aggregate_id, message_id, message, published_at) VALUES ($a, $id, $msg, $body, $t);",
                        cancellationToken, ("$a", aggregate), ("$id", command.Id), ("$msg", command.Meta.MsgId), ("$body", CommandMessageJson.Serialize(command)), ("$t", now)).ConfigureAwait(false);
                }
            },
            cancellationToken);
    }

    /// <summary>Logged commands after <paramref name="afterSequence"/>, optionally of one aggregate, in publish order.</summary>
    public Task<IReadOnlyList<CommandLogEntry>> ReadAsync(string? aggregate, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return _database.ReadAsync<IReadOnlyList<CommandLogEntry>>(
            async connection => await Sql.ListAsync(
                connection, null,
                "SELECT sequence, aggregate, message, published_at FROM command_log WHERE sequence > $after AND ($a IS NULL OR aggregate = $a) ORDER BY sequence LIMIT $limit;",
                r => new CommandLogEntry(r.GetInt64(0), r.GetString(1), CommandMessageJson.Parse(r.GetString(2)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3))),
                cancellationToken, ("$after", afterSequence), ("$a", aggregate), ("$limit", limit)).ConfigureAwait(false),
            cancellationToken);
    }
}
