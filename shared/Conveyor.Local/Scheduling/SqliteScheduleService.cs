using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Schedules;
using Conveyor.Local.Storage;

namespace Conveyor.Local.Scheduling;

/// <summary>
/// <see cref="IScheduleService"/> over the schedules table; <see cref="LocalScheduler"/> fires them. Creating a schedule
/// fixes its anchor (creation time) and first due time: rate schedules fire every period after creation, wall-clock ones
/// at their next time of day, a Single at its instant (at once when that is already past).
/// </summary>
public sealed class SqliteScheduleService(LocalDatabase database, LocalSchedulerOptions options, TimeProvider time) : IScheduleService
{
    private readonly LocalDatabase _database = database ?? throw new ArgumentNullException(nameof(database));
    private readonly LocalSchedulerOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    public Task CreateAsync(Schedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return _database.WriteAsync(
            async (connection, transaction) =>
            {
                var existing = await Sql.ListAsync(
                    connection, transaction, $"SELECT {ScheduleRows.Columns} FROM schedules WHERE name = $name;", ScheduleRows.Read,
                    cancellationToken, ("$name", schedule.Name)).ConfigureAwait(false);
                if (existing.Count == 1 && SameDefinition(existing[0].Schedule, schedule))
                {
                    return; // A redelivered create must not move the anchor, or a rate schedule would never fire.
                }

                var now = _time.GetUtcNow();
                await Sql.ExecuteAsync(
                    connection, transaction,
                    $"INSERT OR REPLACE INTO schedules ({ScheduleRows.Columns}) VALUES ($name, $kind, $every, $hour, $minute, $at, $payload, $anchor, $due);",
                    cancellationToken, ScheduleRows.Parameters(schedule, now, FirstDue(schedule.Rate, now))).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        ScheduleNames.Validate(name);
        return _database.WriteAsync(
            async (connection, transaction) => await Sql.ExecuteAsync(
                connection, transaction, "DELETE FROM schedules WHERE name = $name;", cancellationToken, ("$name", name)).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    public async Task<Schedule?> GetAsync(string name, CancellationToken cancellationToken) =>
        (await GetStoredAsync(name, cancellationToken).ConfigureAwait(false))?.Schedule;

    /// <summary>The schedule with its anchor and next due time, or null.</summary>
    public Task<StoredSchedule?> GetStoredAsync(string name, CancellationToken cancellationToken)
    {
        ScheduleNames.Validate(name);
        return _database.ReadAsync(
            async connection => (await Sql.ListAsync(
                connection, null, $"SELECT {ScheduleRows.Columns} FROM schedules WHERE name = $name;", ScheduleRows.Read,
                cancellationToken, ("$name", name)).ConfigureAwait(false)).SingleOrDefault(),
            cancellationToken);
    }

    /// <summary>Every schedule ordered by next due time (for <c>conveyor schedules list</c>).</summary>
    public Task<IReadOnlyList<StoredSchedule>> ListAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<StoredSchedule>>(
            async connection => await Sql.ListAsync(
                connection, null, $"SELECT {ScheduleRows.Columns} FROM schedules ORDER BY next_due_at, name;", ScheduleRows.Read, cancellationToken).ConfigureAwait(false),
            cancellationToken);

    private DateTimeOffset FirstDue(ScheduleRate rate, DateTimeOffset now) => rate.IsOneTime
        ? ScheduleOccurrences.ToInstant(rate.At!.Value, _options.EffectiveTimeZone)
        : ScheduleOccurrences.Next(rate, now, now, _options.EffectiveTimeZone) ?? DateTimeOffset.MaxValue;

    private static bool SameDefinition(Schedule a, Schedule b) =>
        a.Rate.ToExpression() == b.Rate.ToExpression() && JsonElement.DeepEquals(a.Payload, b.Payload);
}
