using System.Text.Json;
using Conveyor.Core.Processing;
using Conveyor.Core.Tasks;

namespace Conveyor.Functions.Tests.Support;

/// <summary>A task processor that counts its runs and behaves as told: succeed, fail transiently or fail permanently.</summary>
internal sealed class CountingProcessor(string taskType, Func<TrackedTask, int, JsonElement?>? behaviour = null) : ITaskProcessor
{
    private int _runs;

    public string TaskType => taskType;

    public int Runs => Volatile.Read(ref _runs);

    public Task<JsonElement?> ProcessAsync(TrackedTask task, CancellationToken cancellationToken)
    {
        var run = Interlocked.Increment(ref _runs);
        return Task.FromResult(behaviour is null ? task.Input.Clone() : behaviour(task, run));
    }
}
