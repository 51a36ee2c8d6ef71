using System.Globalization;
using System.Text.Json;
using Conveyor.Core.Processing;
using Conveyor.Core.Tasks;

namespace Conveyor.App.Processors;

/// <summary>
/// One row of a CSV import (a subtask of a <c>csv-import</c> task): valid when it has a non-empty <c>email</c> containing
/// <c>@</c>; the result is the normalised address. An invalid row fails permanently ("row N: …"), so only that subtask
/// FAILS and the import ends FINISHED.
/// </summary>
public sealed class CsvImportRowProcessor : ITaskProcessor
{
    public string TaskType => AppTaskTypes.CsvImport;

    public Task<JsonElement?> ProcessAsync(TrackedTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var row = RowNumberOf(task.Key);
        if (task.Input.ValueKind != JsonValueKind.Object)
        {
            throw new PermanentTaskFailureException($"row {row}: expected an object of column values; got {task.Input.ValueKind}");
        }

        var email = task.Input.TryGetProperty("email", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!.Trim()
            : string.Empty;
        if (email.Length == 0)
        {
            throw new PermanentTaskFailureException($"row {row}: email is missing");
        }

        if (!email.Contains('@', StringComparison.Ordinal))
        {
            throw new PermanentTaskFailureException($"row {row}: '{email}' is not an email address (no '@')");
        }

        var normalised = email.ToLowerInvariant();
        return Task.FromResult<JsonElement?>(JsonValues.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("row", row);
            writer.WriteString("email", normalised);
            writer.WriteEndObject();
        }));
    }

    /// <summary>The row number of a subtask: its index (the last key segment), 0 for the first data row.</summary>
    private static int RowNumberOf(TaskKey key)
    {
        var last = key.Sk[(key.Sk.LastIndexOf('#') + 1)..];
        return int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : 0;
    }
}
