namespace Conveyor.Local.Buckets;

/// <summary>What the watcher last reported for an object: size, modification time (UTC ticks) and MD5 hex.</summary>
public sealed record InventoryEntry(string Bucket, string Key, long Size, long ModifiedTicks, string ETag);
