using System.Text.Json;
using Conveyor.Core.Processing;
using Conveyor.Core.Tasks;

namespace Conveyor.App.Processors;

/// <summary>
/// Returns its input. With <c>"fail": "permanent"</c> it fails for good; with <c>"fail": "transient"</c> it throws
/// <see cref="EchoTransientException"/>, an attempt failure that is retried; with <c>"delayMs": n</c> (0–60000) it
/// works for n milliseconds first, like a real processor would. Handy for trying the system out.
/// </summary>
public sealed class EchoProcessor(TimeProvider? timeProvider = null) : ITaskProcessor
{
    private const int MaxDelayMs = 60_000;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public string TaskType => AppTaskTypes.Echo;

    public async Task<JsonElement?> ProcessAsync(TrackedTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var isObject = task.Input.ValueKind == JsonValueKind.Object;
        if (isObject && task.Input.TryGetProperty("delayMs", out var delay) && delay.TryGetInt32(out var ms) && ms > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(ms, MaxDelayMs)), _time, cancellationToken);
        }

        var fail = isObject && task.Input.TryGetProperty("fail", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
        return fail switch
        {
            "permanent" => throw new PermanentTaskFailureException($"Echo task {task.Id} was asked to fail permanently."),
            "transient" => throw new EchoTransientException($"Echo task {task.Id} was asked to fail this attempt."),
            _ => task.Input.Clone(),
        };
    }
}
