using System.Globalization;
using System.Text;
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
        ValidateTenant(tenant);
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

    /// <summary>
    /// What a tenant id may be: 1–64 letters (any script), decimal digits, <c>-</c>, <c>_</c> or <c>.</c>. Nothing else — no
    /// spaces, no <c>,</c> (repeated query parameters arrive comma-joined), no invisible characters (BOM, zero-width, bidi
    /// controls) and no combining marks (so <c>é</c> has one spelling): two tenants never differ only by what nobody sees.
    /// </summary>
    /// <exception cref="ValidationException">The first rule broken, naming it.</exception>
    public static void ValidateTenant(string? tenant)
    {
        ValidateSegment(tenant, "tenant", MaxTenantLength);
        foreach (var rune in tenant!.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var allowed = Rune.IsLetter(rune) || Rune.IsDigit(rune) || rune.Value is '-' or '_' or '.';
            if (!allowed)
            {
                throw new ValidationException(
                    $"The task tenant must contain only letters, digits, '-', '_' or '.'; it contains U+{rune.Value:X4} ({category}).", nameof(tenant));
            }
        }
    }

    /// <exception cref="ValidationException">
    /// Empty, too long, contains '#', control characters, invisible format characters (BOM, zero-width, bidi controls) or a lone surrogate.
    /// </exception>
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

        if (DisplayText.FindUnsafe(value) is { } bad)
        {
            throw new ValidationException($"The task {what} must not contain control, invisible or bidi characters; it contains {bad}.", what);
        }

        if (value.Contains('#', StringComparison.Ordinal))
        {
            throw new ValidationException($"The task {what} '{value}' must not contain '#', which separates key parts.", what);
        }
    }
}
