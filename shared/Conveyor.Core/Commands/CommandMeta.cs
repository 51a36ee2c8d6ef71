namespace Conveyor.Core.Commands;

/// <summary>Who sent a command, when, and which message caused it.</summary>
public sealed record CommandMeta(
    string Service,
    string User,
    DateTimeOffset Time,
    string MsgId,
    string CorrelationId,
    string? CausationId = null);
