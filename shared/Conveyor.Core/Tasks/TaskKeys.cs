using Conveyor.Core.Ids;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Tasks;

/// <summary>Key formats shared with the MBC CQRS Serverless task package: <c>TASK#tenant</c>, <c>SFN_TASK#tenant</c>, <c>type#ULID</c>, <c>parentSk#index</c>.</summary>
public static class TaskKeys
{
    public const string TaskPrefix = "TASK";
    public const string StepFunctionPrefix = "SFN_TASK";
    public const int MaxTenantLength = 64;
    public const int MaxTypeLength = 128;

    public static string PartitionKey(string tenant, bool stepFunction)
    {
        ValidateSegment(tenant, "tenant", MaxTenantLength);
        return $"{(stepFunction ? StepFunctionPrefix : TaskPrefix)}#{tenant}";
    }

    public static TaskKey NewTask(string tenant, string type, Ulid id, bool stepFunction)
    {
        ValidateSegment(type, "type", MaxTypeLength);
        return new TaskKey(PartitionKey(tenant, stepFunction), $"{type}#{id}");
    }

    public static TaskKey SubTask(TaskKey parent, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new TaskKey(parent.Pk, $"{parent.Sk}#{index}");
    }

    /// <summary>The sort-key prefix under which all subtasks of <paramref name="parent"/> live.</summary>
    public static string SubTaskPrefix(TaskKey parent) => parent.Sk + "#";

    public static TaskKind KindOf(TaskKey key)
    {
        var prefix = key.Pk.Split('#', 2)[0];
        var skParts = key.Sk.Split('#').Length;
        return (prefix, skParts) switch
        {
            (TaskPrefix, 2) => TaskKind.Task,
            (StepFunctionPrefix, 2) => TaskKind.StepFunction,
            (StepFunctionPrefix, 3) => TaskKind.SubTask,
            _ => throw new FormatException($"'{key.Id}' is not a task key; expected pk TASK#<tenant> or SFN_TASK#<tenant> and sk <type>#<ulid>[#<index>]."),
        };
    }

    public static string TenantOf(TaskKey key) => key.Pk.Split('#', 2) is [_, var tenant] ? tenant : throw new FormatException($"'{key.Pk}' has no tenant.");

    /// <summary>The parent of a subtask key, or null for a top-level task.</summary>
    public static TaskKey? ParentOf(TaskKey key)
    {
        var last = key.Sk.LastIndexOf('#');
        return KindOf(key) == TaskKind.SubTask ? new TaskKey(key.Pk, key.Sk[..last]) : null;
    }

    /// <exception cref="ValidationException">Empty, too long, or contains '#'.</exception>
    public static void ValidateSegment(string? value, string what, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ValidationException($"The task {what} must not be empty.", what);
        }

        if (value.Length > maxLength)
        {
            throw new ValidationException($"The task {what} '{value[..16]}…' is {value.Length} characters long; at most {maxLength} are allowed.", what);
        }

        if (value.Contains('#', StringComparison.Ordinal))
        {
            throw new ValidationException($"The task {what} '{value}' must not contain '#', which separates key parts.", what);
        }

        if (value.Any(char.IsControl))
        {
            throw new ValidationException($"The task {what} must not contain control characters.", what);
        }
    }
}
