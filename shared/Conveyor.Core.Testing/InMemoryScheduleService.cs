using System.Collections.Concurrent;
using Conveyor.Core.Ports;
using Conveyor.Core.Schedules;

namespace Conveyor.Core.Testing;

/// <summary>Schedules in memory: create replaces by name, delete of an absent name is false, names are validated.</summary>
public sealed class InMemoryScheduleService : IScheduleService
{
    private readonly ConcurrentDictionary<string, Schedule> _schedules = new(StringComparer.Ordinal);

    /// <summary>The stored schedules, by name.</summary>
    public IReadOnlyList<Schedule> Schedules => [.. _schedules.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];

    public Task CreateAsync(Schedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        cancellationToken.ThrowIfCancellationRequested();
        _schedules[ScheduleNames.Validate(schedule.Name)] = schedule;
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_schedules.TryRemove(ScheduleNames.Validate(name), out _));
    }

    public Task<Schedule?> GetAsync(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_schedules.GetValueOrDefault(ScheduleNames.Validate(name)));
    }
}
