using System.Text;
using System.Text.Json;
using Conveyor.Core.Schedules;
using Conveyor.Local.Queue;
using Conveyor.Local.Storage;

namespace Conveyor.Local.Scheduling;

/// <summary>
/// The timer over stored schedules. Each due schedule is fired by writing <c>{name, scheduledTime, payload}</c> to the
/// schedule queue and advancing (or, for a Single, deleting) the schedule in the same transaction: a crash either fired
/// and advanced, or did neither.
/// </summary>
/// <remarks>
/// Missed firings (the engine was down, or the loop late): a schedule that missed one or more occurrences fires ONCE,
/// as soon as the scheduler runs, with the earliest missed time as <c>scheduledTime</c>; it then continues from the first
/// occurrence after now. Occurrences are never replayed one by one (a week offline does not fire a 1-minute rate 10,080 times).
/// </remarks>
public sealed class LocalScheduler(LocalDatabase database, LocalSchedulerOptions options, TimeProvider time)
{
    private readonly LocalDatabase _database = database ?? throw new ArgumentNullException(nameof(database));
    private readonly LocalSchedulerOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>Raised after a firing has been committed to the queue.</summary>
    public event EventHandler<ScheduleFiring>? Fired;

    /// <summary>Fires every due schedule once (coalescing missed occurrences) and returns the firings.</summary>
    public async Task<IReadOnlyList<ScheduleFiring>> FireDueAsync(CancellationToken cancellationToken)
    {
        var firings = await _database.WriteAsync<IReadOnlyList<ScheduleFiring>>(
            async (connection, transaction) =>
            {
                var now = _time.GetUtcNow();
                var due = await Sql.ListAsync(
                    connection, transaction, $"SELECT {ScheduleRows.Columns} FROM schedules WHERE next_due_at <= $now ORDER BY next_due_at, name;",
                    ScheduleRows.Read, cancellationToken, ("$now", now.ToUnixTimeMilliseconds())).ConfigureAwait(false);
                var fired = new List<ScheduleFiring>(due.Count);
                foreach (var stored in due)
                {
                    var firing = new ScheduleFiring(stored.Schedule.Name, stored.NextDue, now, stored.Schedule.Payload);
                    await QueueWriter.SendAsync(connection, transaction, _options.QueueName, new QueueSendRequest(Serialize(firing)), now, cancellationToken).ConfigureAwait(false);
                    var next = stored.Schedule.Rate.IsOneTime
                        ? null
                        : ScheduleOccurrences.Next(stored.Schedule.Rate, now, stored.Anchor, _options.EffectiveTimeZone);
                    if (next is null)
                    {
                        await Sql.ExecuteAsync(connection, transaction, "DELETE FROM schedules WHERE name = $name;", cancellationToken, ("$name", stored.Schedule.Name)).ConfigureAwait(false);
                    }
                    else
                    {
                        await Sql.ExecuteAsync(
                            connection, transaction, "UPDATE schedules SET next_due_at = $due WHERE name = $name;", cancellationToken,
                            ("$due", next.Value.ToUnixTimeMilliseconds()), ("$name", stored.Schedule.Name)).ConfigureAwait(false);
                    }

                    fired.Add(firing);
                }

                return fired;
            },
            cancellationToken).ConfigureAwait(false);
        foreach (var firing in firings)
        {
            Fired?.Invoke(this, firing);
        }

        return firings;
    }

    /// <summary>Fires due schedules every poll interval until cancelled; the first pass (at start-up) applies the missed-firing rule.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await FireDueAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(_options.EffectivePollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The queue message body of a firing.</summary>
    public static string Serialize(ScheduleFiring firing)
    {
        ArgumentNullException.ThrowIfNull(firing);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("name", firing.Name);
            writer.WriteString("scheduledTime", firing.ScheduledTime);
            writer.WriteString("firedAt", firing.FiredAt);
            writer.WritePropertyName("payload");
            firing.Payload.WriteTo(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static ScheduleFiring Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        return new ScheduleFiring(
            root.GetProperty("name").GetString()!,
            root.GetProperty("scheduledTime").GetDateTimeOffset(),
            root.GetProperty("firedAt").GetDateTimeOffset(),
            root.GetProperty("payload").Clone());
    }
}
