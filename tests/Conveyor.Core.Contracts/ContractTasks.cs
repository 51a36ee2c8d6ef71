using System.Text.Json;
using Conveyor.Core.Ids;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Contracts;

/// <summary>Builds rows for the contract suites. Each test uses its own tenant, so a shared table also works.</summary>
public static class ContractTasks
{
    public static readonly DateTimeOffset BaseTime = new(2026, 11, 23, 12, 0, 0, 123, TimeSpan.Zero);

    public static string UniqueTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>A CREATED task; <paramref name="order"/> shifts its ULID time so sort keys follow creation order.</summary>
    public static TrackedTask NewTask(string tenant, int order = 0, bool stepFunction = false, string type = "import", string input = """{"n":1}""")
    {
        var created = BaseTime.AddMilliseconds(order);
        return new TrackedTask
        {
            Key = TaskKeys.NewTask(tenant, type, Ulid.NewUlid(created), stepFunction),
            Tenant = tenant,
            Type = type,
            Name = type,
            Status = TrackedTaskStatus.Created,
            Input = Json(input),
            Version = 1,
            CreatedAt = created,
            UpdatedAt = created,
        };
    }

    public static TrackedTask SubTaskOf(TrackedTask parent, int index, string input = """{"item":0}""") => parent with
    {
        Key = TaskKeys.SubTask(parent.Key, index),
        Input = Json(input),
        ParentKey = parent.Key,
        Attributes = null,
    };

    /// <summary>Field-by-field equality, with JSON compared by value.</summary>
    public static void AssertSame(TrackedTask expected, TrackedTask? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Key, actual.Key);
        Assert.Equal(expected.Tenant, actual.Tenant);
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Version, actual.Version);
        Assert.True(JsonElement.DeepEquals(expected.Input, actual.Input), $"input differs: {actual.Input}");
        Assert.Equal(expected.Result.HasValue, actual.Result.HasValue);
        if (expected.Result is { } result)
        {
            Assert.True(JsonElement.DeepEquals(result, actual.Result!.Value), $"result differs: {actual.Result}");
        }

        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.Attributes, actual.Attributes);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.UpdatedAt, actual.UpdatedAt);
        Assert.Equal(expected.CreatedBy, actual.CreatedBy);
        Assert.Equal(expected.RequestId, actual.RequestId);
        Assert.Equal(expected.ParentKey, actual.ParentKey);
    }
}
