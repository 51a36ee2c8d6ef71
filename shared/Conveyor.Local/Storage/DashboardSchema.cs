namespace Conveyor.Local.Storage;

/// <summary>
/// Indexes for the dashboard's reads over every tenant (<see cref="Tasks.SqliteTaskSearch"/>,
/// <see cref="Notifications.SqliteNotificationActivity"/>), all partial over top-level tasks (subtask writes pay nothing):
/// newest first overall and by status, tenant, type and kind; counts per kind and status from the index alone; the task
/// name (a column from now on, filled from the stored documents) with the sort key, so a name search scans one small
/// index instead of every document; and notifications by publish time for the throughput graph.
/// </summary>
internal static class DashboardSchema
{
    public const string Version5 = """
        ALTER TABLE tasks ADD COLUMN name TEXT NULL;
        UPDATE tasks SET name = json_extract(document, '$.name') WHERE kind <> 'SubTask';
        CREATE INDEX tasks_top_created ON tasks (created_at, pk, sk) WHERE kind <> 'SubTask';
        CREATE INDEX tasks_top_status ON tasks (status, created_at, pk, sk, kind) WHERE kind <> 'SubTask';
        CREATE INDEX tasks_top_tenant ON tasks (tenant, created_at, pk, sk) WHERE kind <> 'SubTask';
        CREATE INDEX tasks_top_type ON tasks (type, created_at, pk, sk) WHERE kind <> 'SubTask';
        CREATE INDEX tasks_top_kind ON tasks (kind, created_at, pk, sk) WHERE kind <> 'SubTask';
        CREATE INDEX tasks_top_counts ON tasks (kind, status) WHERE kind <> 'SubTask';
        CREATE INDEX tasks_top_name ON tasks (name, sk, kind) WHERE kind <> 'SubTask';
        CREATE INDEX notifications_published ON notifications (published_at);
        """;
}
