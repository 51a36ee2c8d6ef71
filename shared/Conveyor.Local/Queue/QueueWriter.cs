using Conveyor.Core.Validation;
using Conveyor.Local.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.Queue;

/// <summary>Inserts messages inside the caller's transaction, so producers (watcher, scheduler) enqueue atomically with their own state.</summary>
internal static class QueueWriter
{
    public static async Task<string> SendAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string queue,
        QueueSendRequest request,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (request.Delay is { } delay && delay < TimeSpan.Zero)
        {
            throw new ValidationException($"A send delay must not be negative; got {delay}.", nameof(request));
        }

        var messageId = Guid.NewGuid().ToString("D");
        var sentAt = now.ToUnixTimeMilliseconds();
        await Sql.ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO queue_messages (queue, message_id, body, group_id, sent_at, visible_at) VALUES ($q, $id, $body, $group, $sent, $visible);",
            cancellationToken,
            ("$q", queue),
            ("$id", messageId),
            ("$body", request.Body),
            ("$group", request.GroupId),
            ("$sent", sentAt),
            ("$visible", sentAt + (long)(request.Delay ?? TimeSpan.Zero).TotalMilliseconds)).ConfigureAwait(false);
        return messageId;
    }
}
