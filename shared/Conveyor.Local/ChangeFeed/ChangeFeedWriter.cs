using Conveyor.Core.Tasks;
using Conveyor.Local.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.ChangeFeed;

/// <summary>Appends change rows inside the caller's transaction: the outbox half of every task write.</summary>
internal static class ChangeFeedWriter
{
    public const string Insert = "INSERT";
    public const string Modify = "MODIFY";

    public static Task AppendAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string eventName,
        TaskKey key,
        TrackedTaskStatus? oldStatus,
        TrackedTaskStatus newStatus,
        string? oldImage,
        string newImage,
        DateTimeOffset now,
        CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO change_feed (event_name, pk, sk, old_status, new_status, old_image, new_image, created_at) VALUES ($e, $pk, $sk, $old, $new, $oldImage, $image, $t);",
            cancellationToken,
            ("$e", eventName),
            ("$pk", key.Pk),
            ("$sk", key.Sk),
            ("$old", oldStatus?.ToWireName()),
            ("$new", newStatus.ToWireName()),
            ("$oldImage", oldImage),
            ("$image", newImage),
            ("$t", now.ToUnixTimeMilliseconds()));
}
