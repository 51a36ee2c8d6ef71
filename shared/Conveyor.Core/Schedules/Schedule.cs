using System.Text.Json;

namespace Conveyor.Core.Schedules;

/// <summary>A named schedule: when (<see cref="Rate"/>) and what it fires into the system (<see cref="Payload"/>).</summary>
public sealed record Schedule(string Name, ScheduleRate Rate, JsonElement Payload);
