using System.Text.Json;

namespace Conveyor.Local.Scheduling;

/// <summary>One firing, as written to the queue: which schedule, the occurrence it stands for, and its payload.</summary>
/// <param name="ScheduledTime">The due time that fired; with coalesced missed firings, the earliest one missed.</param>
public sealed record ScheduleFiring(string Name, DateTimeOffset ScheduledTime, DateTimeOffset FiredAt, JsonElement Payload);
