namespace Conveyor.Core.Files;

/// <summary>One bucket of one file task, with its resolved names: what FileTrigger calls for an event on <see cref="PhysicalName"/>.</summary>
public sealed record FileTaskBinding(IFileTask Task, BucketDefinition Bucket, string LogicalName, string PhysicalName);
