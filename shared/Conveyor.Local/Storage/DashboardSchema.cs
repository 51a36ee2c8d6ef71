namespace Conveyor.Local.Storage;

/// <summary>
/// Indexes for the dashboard's reads over every tenant (<see cref="Tasks.SqliteTaskSearch"/>,
/// <see cref="Notifications.SqliteNotificationActivity"/>): top-level tasks (subtasks left out by a partial index) newest
/// first, by status, tenant and type; the task name as a virtual column (read from the stored document, not stored
/// twice); notifications by publish time for the throughput graph.
/// </summary>
internal static class DashboardSchema
{
    public const string Version5 = """
        ALTER TABLE tasks ADD COLUMN name TEXT GENERATED ALWAYS AS (json_extract(document, '$.name')) VIRTUAL;
        CREATE INDEX tasks_top_created ON tasks (created_at, pk, sk) WHERE kind <> 'SubTask';
        CREATE INDEX tasks_top_status ON tasks (status, created_at, pk, sk, kind) WHERE kind <> 'SubTask';
        CREATE INDEX tasks_top_tenant ON tasks (tenant, created_at, pk, sk) WHERE kind <> 'SubTask';
        CREATE INDEX tasks_top_type ON tasks (type, created_at, pk, sk) WHERE kind <> 'SubTask';
        CREATE INDEX notifications_published ON notifications (published_at);
        """;
}
