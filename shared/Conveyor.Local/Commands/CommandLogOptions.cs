namespace Conveyor.Local.Commands;

/// <summary>The aggregates that have a command queue; publishing to any other is a validation error, as on AWS.</summary>
public sealed record CommandLogOptions(IReadOnlySet<string> KnownAggregates);
