using Conveyor.Core.Schedules;

namespace Conveyor.Core.Ports;

/// <summary>Creates and deletes schedules at run time (EventBridge Scheduler on AWS, a timer locally).</summary>
public interface IScheduleService
{
    /// <summary>Creates the schedule, or replaces the one with the same name (idempotent on redelivery).</summary>
    Task CreateAsync(Schedule schedule, CancellationToken cancellationToken);

    /// <summary>Deletes the schedule; false when it did not exist (which is not an error).</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);

    Task<Schedule?> GetAsync(string name, CancellationToken cancellationToken);
}
