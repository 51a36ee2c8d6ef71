namespace Conveyor.Local.Scheduling;

/// <summary>How the local scheduler interprets and delivers schedules.</summary>
/// <param name="QueueName">The durable queue each firing is written to (<c>{name, scheduledTime, payload}</c>).</param>
/// <param name="TimeZone">The zone of wall-clock rates (Single, Daily, Weekdays…); UTC when null.</param>
/// <param name="PollInterval">How often the loop looks for due schedules (default 1 s).</param>
public sealed record LocalSchedulerOptions(
    string QueueName = LocalSchedulerOptions.DefaultQueueName,
    TimeZoneInfo? TimeZone = null,
    TimeSpan? PollInterval = null)
{
    public const string DefaultQueueName = "schedule-events";

    public TimeZoneInfo EffectiveTimeZone => TimeZone ?? TimeZoneInfo.Utc;

    public TimeSpan EffectivePollInterval => PollInterval ?? TimeSpan.FromSeconds(1);
}
