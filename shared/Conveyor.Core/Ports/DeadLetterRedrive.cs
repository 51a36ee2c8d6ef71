namespace Conveyor.Core.Ports;

/// <summary>
/// A re-drive of a dead letter: the message went back to <see cref="Queue"/> at <see cref="RedrivenAt"/>.
/// <see cref="Moved"/> is false when this request found it already re-driven (a repeat): nothing moved again.
/// </summary>
public sealed record DeadLetterRedrive(string MessageId, string DeadLetterQueue, string Queue, DateTimeOffset RedrivenAt, bool Moved);
