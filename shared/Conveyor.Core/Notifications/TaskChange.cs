using Conveyor.Core.Tasks;

namespace Conveyor.Core.Notifications;

/// <summary>
/// One durable write of a task row as the change feed records it: <see cref="OldImage"/> is null for an insert
/// (a DynamoDB stream INSERT), the row before the write for a modification (MODIFY).
/// </summary>
public sealed record TaskChange(TrackedTask? OldImage, TrackedTask NewImage);
