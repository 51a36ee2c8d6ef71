using System.Text.Json.Nodes;
using Conveyor.States.History;
using Conveyor.States.Json;

namespace Conveyor.States.Execution;

/// <summary>Per-execution state shared by every state, branch and iteration.</summary>
internal sealed class ExecutionRun(StateMachineRunnerOptions options, ExecutionInfo info, CancellationToken cancellationToken)
{
    private long _eventId;

    public StateMachineRunnerOptions Options { get; } = options;

    public ExecutionInfo Info { get; } = info;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TimeProvider Clock => Options.TimeProvider;

    public bool Observed => Options.Observer is not null;

    public void Emit(HistoryEventType type, string? stateName = null, JsonNode? data = null, string? error = null, string? cause = null,
        int? mapIndex = null, int? branchIndex = null, string? resource = null)
    {
        if (Options.Observer is not { } observer) { return; }
        var id = Interlocked.Increment(ref _eventId);
        observer.OnEvent(new HistoryEvent(id, type, Clock.GetUtcNow(), stateName, data is null ? null : JsonUtil.ToJson(data), error, cause, mapIndex, branchIndex, resource));
    }

    public async ValueTask DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (Options.NoWait || delay <= TimeSpan.Zero) { return; }
        await Task.Delay(delay, Clock, cancellationToken);
    }
}
