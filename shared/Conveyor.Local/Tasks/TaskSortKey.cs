using System.Globalization;
using Conveyor.Core.Tasks;

namespace Conveyor.Local.Tasks;

/// <summary>
/// The order column of a task row: the sort key, except that a subtask's trailing index is zero-padded so subtasks
/// list in index order (…#2 before …#10) — the order the Map state and progress summaries expect.
/// </summary>
internal static class TaskSortKey
{
    private const int IndexDigits = 10;

    public static string For(TaskKey key)
    {
        if (TaskKeys.KindOf(key) != TaskKind.SubTask)
        {
            return key.Sk;
        }

        var last = key.Sk.LastIndexOf('#');
        var index = key.Sk[(last + 1)..];
        return long.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? string.Concat(key.Sk.AsSpan(0, last + 1), number.ToString("D" + IndexDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))
            : key.Sk;
    }
}
