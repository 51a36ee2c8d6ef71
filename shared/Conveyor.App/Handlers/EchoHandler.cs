using System.Text.Json;
using Conveyor.Core.Handlers;
using Conveyor.Core.Tasks;

namespace Conveyor.App.Handlers;

/// <summary>
/// Returns its input. With <c>"fail": "permanent"</c> it fails for good; with <c>"fail": "transient"</c> it throws
/// <see cref="EchoTransientException"/>, an attempt failure that is retried. Handy for trying the system out.
/// </summary>
public sealed class EchoHandler : ITaskHandler
{
    public string TaskType => AppTaskTypes.Echo;

    public Task<JsonElement?> HandleAsync(TrackedTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var fail = task.Input.ValueKind == JsonValueKind.Object && task.Input.TryGetProperty("fail", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
        return fail switch
        {
            "permanent" => throw new PermanentTaskFailureException($"Echo task {task.Id} was asked to fail permanently."),
            "transient" => throw new EchoTransientException($"Echo task {task.Id} was asked to fail this attempt."),
            _ => Task.FromResult<JsonElement?>(task.Input.Clone()),
        };
    }
}
