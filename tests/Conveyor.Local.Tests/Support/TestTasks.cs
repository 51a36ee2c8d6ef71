using System.Text.Json;
using Conveyor.Core.Ids;
using Conveyor.Core.Tasks;

namespace Conveyor.Local.Tests.Support;

/// <summary>Builds task rows for tests.</summary>
public static class TestTasks
{
    public static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static TrackedTask New(string tenant = "acme", string type = "resize", bool stepFunction = false, DateTimeOffset? at = null)
    {
        var time = at ?? Now;
        var key = TaskKeys.NewTask(tenant, type, Ulid.NewUlid(time), stepFunction);
        return new TrackedTask
        {
            Key = key,
            Tenant = tenant,
            Type = type,
            Name = type + " task",
            Status = TrackedTaskStatus.Created,
            Input = JsonDocument.Parse("""{"file":"a b.jpg","n":1}""").RootElement.Clone(),
            Version = 1,
            CreatedAt = time,
            UpdatedAt = time,
        };
    }

    public static TrackedTask SubTask(TrackedTask parent, int index) => parent with
    {
        Key = TaskKeys.SubTask(parent.Key, index),
        Name = $"{parent.Name} #{index}",
        ParentKey = parent.Key,
        Input = JsonDocument.Parse($$"""{"row":{{index}}}""").RootElement.Clone(),
    };
}
