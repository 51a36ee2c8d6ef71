using Conveyor.Core.Tasks;

namespace Conveyor.Core.Ports;

/// <summary>The stored task, and whether this call created it (false: an earlier call with the same idempotency key did).</summary>
public sealed record TaskCreation(TrackedTask Task, bool Created);
