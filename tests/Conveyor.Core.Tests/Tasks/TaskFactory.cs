using System.Text.Json;
using Conveyor.Core.Ids;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Tests.Tasks;

internal static class TaskFactory
{
    private static readonly DateTimeOffset Created = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static TrackedTask InStatus(TrackedTaskStatus status) => new()
    {
        Key = TaskKeys.NewTask("acme", "import", Ulid.NewUlid(Created), stepFunction: false),
        Tenant = "acme",
        Type = "import",
        Name = "import",
        Status = status,
        Input = JsonDocument.Parse("{}").RootElement,
        Version = 1,
        CreatedAt = Created,
        UpdatedAt = Created,
    };
}
