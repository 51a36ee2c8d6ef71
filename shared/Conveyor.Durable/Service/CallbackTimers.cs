namespace Conveyor.Durable.Service;

/// <summary>The deadlines of a started callback (not part of the wire shape; kept beside the operation).</summary>
public sealed class CallbackTimers
{
    public DateTimeOffset? TimeoutAt { get; set; }

    public int? HeartbeatSeconds { get; set; }

    public DateTimeOffset? HeartbeatDeadline { get; set; }
}
