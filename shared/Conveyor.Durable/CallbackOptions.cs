namespace Conveyor.Durable;

/// <summary>
/// How long a callback waits: <see cref="Timeout"/> for the answer, <see cref="HeartbeatTimeout"/> between heartbeats
/// (null: no limit). Whole seconds, at most one year.
/// </summary>
public sealed record CallbackOptions
{
    public TimeSpan? Timeout { get; init; }

    public TimeSpan? HeartbeatTimeout { get; init; }
}
