using Conveyor.Core.Commands;

namespace Conveyor.Local.Commands;

/// <summary>A published command as logged: its sequence, aggregate and the message.</summary>
public sealed record CommandLogEntry(long Sequence, string Aggregate, CommandMessage Message, DateTimeOffset PublishedAt);
