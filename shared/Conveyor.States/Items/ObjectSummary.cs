namespace Conveyor.States.Items;

/// <summary>One listed object.</summary>
public sealed record ObjectSummary(string Key, long Size, DateTimeOffset LastModified);
