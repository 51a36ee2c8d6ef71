namespace Conveyor.Local.Buckets;

/// <summary>
/// A file seen but not yet reported: its size and modification time when last checked, since when they have been so
/// (<paramref name="Since"/>), and when to check again.
/// </summary>
internal sealed record FileObservation(string Bucket, string Key, string Path, long Size, long ModifiedTicks, DateTimeOffset Since, DateTimeOffset CheckAt);
