namespace Conveyor.Local.Buckets;

/// <summary>An observed change: <see cref="Created"/> set for a new or rewritten object, null for a vanished one.</summary>
public sealed record InventoryChange(string Bucket, string Key, InventoryEntry? Created)
{
    public static InventoryChange Upsert(InventoryEntry entry) => new(entry.Bucket, entry.Key, entry);

    public static InventoryChange Removed(string bucket, string key) => new(bucket, key, null);
}
