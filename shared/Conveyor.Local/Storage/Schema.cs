namespace Conveyor.Local.Storage;

/// <summary>DDL of the schema steps. Times used for comparisons are Unix milliseconds (INTEGER); JSON documents are TEXT.</summary>
internal static class Schema
{
    public const string Version1 = """
        CREATE TABLE meta (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        -- Signs continuation tokens so a token from another store (or a tampered one) is rejected, not misread.
        INSERT INTO meta (name, value) VALUES ('continuation_token_key', lower(hex(randomblob(32))));
        -- Last S3-style sequencer issued for bucket events; only ever increases.
        INSERT INTO meta (name, value) VALUES ('bucket_sequencer', '0');

        -- Rows order by sk in ordinal (UTF-8 byte) order, as DynamoDB does; the TaskService puts subtasks in index order.
        CREATE TABLE tasks (
            pk TEXT NOT NULL,
            sk TEXT NOT NULL,
            tenant TEXT NOT NULL,
            type TEXT NOT NULL,
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            version INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            document TEXT NOT NULL,
            PRIMARY KEY (pk, sk)
        );
        CREATE INDEX tasks_status ON tasks (status, created_at);
        CREATE INDEX tasks_created ON tasks (created_at, pk, sk);

        -- Idempotency keys are scoped to the partition (tenant and kind), like a conditional put on pk + key.
        CREATE TABLE task_idempotency (
            pk TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            sk TEXT NOT NULL,
            PRIMARY KEY (pk, idempotency_key)
        );

        CREATE TABLE change_feed (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            event_name TEXT NOT NULL,
            pk TEXT NOT NULL,
            sk TEXT NOT NULL,
            old_status TEXT NULL,
            new_status TEXT NOT NULL,
            new_image TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );

        CREATE TABLE change_feed_checkpoints (
            consumer TEXT PRIMARY KEY,
            sequence INTEGER NOT NULL
        );

        CREATE TABLE queue_messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            queue TEXT NOT NULL,
            message_id TEXT NOT NULL UNIQUE,
            body TEXT NOT NULL,
            group_id TEXT NULL,
            sent_at INTEGER NOT NULL,
            visible_at INTEGER NOT NULL,
            receive_count INTEGER NOT NULL DEFAULT 0,
            receipt_handle TEXT NULL,
            first_received_at INTEGER NULL,
            source_queue TEXT NULL
        );
        CREATE INDEX queue_visible ON queue_messages (queue, visible_at, id);
        CREATE INDEX queue_groups ON queue_messages (queue, group_id, id);
        CREATE UNIQUE INDEX queue_receipts ON queue_messages (receipt_handle) WHERE receipt_handle IS NOT NULL;

        CREATE TABLE bucket_inventory (
            bucket TEXT NOT NULL,
            key TEXT NOT NULL,
            size INTEGER NOT NULL,
            modified_at INTEGER NOT NULL,
            etag TEXT NOT NULL,
            PRIMARY KEY (bucket, key)
        );

        CREATE TABLE schedules (
            name TEXT PRIMARY KEY,
            rate_kind TEXT NOT NULL,
            rate_every INTEGER NOT NULL,
            rate_hour INTEGER NOT NULL,
            rate_minute INTEGER NOT NULL,
            rate_at TEXT NULL,
            payload TEXT NOT NULL,
            anchor_at INTEGER NOT NULL,
            next_due_at INTEGER NOT NULL
        );
        CREATE INDEX schedules_due ON schedules (next_due_at);

        CREATE TABLE notifications (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            action TEXT NOT NULL,
            task_id TEXT NOT NULL,
            pk TEXT NOT NULL,
            sk TEXT NOT NULL,
            tenant_code TEXT NOT NULL,
            content TEXT NOT NULL,
            published_at INTEGER NOT NULL
        );
        CREATE INDEX notifications_task ON notifications (task_id, sequence);
        CREATE INDEX notifications_action ON notifications (action, sequence);

        CREATE TABLE read_models (
            table_name TEXT NOT NULL,
            id TEXT NOT NULL,
            sort_key TEXT NOT NULL,
            item TEXT NOT NULL,
            PRIMARY KEY (table_name, id, sort_key)
        );

        CREATE TABLE command_log (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            aggregate TEXT NOT NULL,
            aggregate_id TEXT NOT NULL,
            message_id TEXT NOT NULL,
            message TEXT NOT NULL,
            published_at INTEGER NOT NULL,
            UNIQUE (aggregate, message_id)
        );
        """;

    /// <summary>
    /// The change feed carries the old image of a MODIFY (the NEW_AND_OLD_IMAGES view: notifications are derived from
    /// old and new), and notifications carry their deterministic identity, unique so a redelivered publish is a no-op.
    /// Rows written before this step have neither (NULL); NULL identities never collide.
    /// </summary>
    public const string Version2 = """
        ALTER TABLE change_feed ADD COLUMN old_image TEXT NULL;
        ALTER TABLE notifications ADD COLUMN deduplication_id TEXT NULL;
        CREATE UNIQUE INDEX notifications_deduplication ON notifications (deduplication_id) WHERE deduplication_id IS NOT NULL;
        """;

    /// <summary>Notifications record their body format (NULL = conveyor) and MBC's <c>table</c>.</summary>
    public const string Version3 = """
        ALTER TABLE notifications ADD COLUMN format TEXT NULL;
        ALTER TABLE notifications ADD COLUMN table_name TEXT NULL;
        """;

    /// <summary>
    /// Queue messages carry String message attributes as a JSON object (NULL = none): a dead letter's cause
    /// (<c>ErrorType</c>, <c>ErrorMessage</c>, …) beside its unchanged body.
    /// </summary>
    public const string Version7 = """
        ALTER TABLE queue_messages ADD COLUMN attributes TEXT NULL;
        """;

    /// <summary>
    /// Re-drives of dead letters, one row per message (the latest): a repeated re-drive finds it here and moves nothing.
    /// </summary>
    public const string Version8 = """
        CREATE TABLE dead_letter_redrives (
            message_id TEXT PRIMARY KEY,
            dead_letter_queue TEXT NOT NULL,
            queue TEXT NOT NULL,
            redriven_at INTEGER NOT NULL);
        """;
}
