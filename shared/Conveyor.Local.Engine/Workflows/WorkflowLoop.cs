using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Conveyor.Functions.Hosting;
using Conveyor.Local.Engine.Dashboard;
using Conveyor.Local.Engine.Loops;
using Conveyor.States.Execution;
using Microsoft.Extensions.Logging;

namespace Conveyor.Local.Engine.Workflows;

/// <summary>
/// Executes RUNNING workflow runs with the States interpreter, up to <see cref="EngineOptions.MaxConcurrentWorkflows"/> at
/// once. A run interrupted by a stop or a crash stays RUNNING and is executed again, from the start, by the next engine:
/// safe because MapItem returns the status of a subtask that already ended without running it again, and Finalize leaves a
/// terminal parent unchanged.
/// </summary>
public sealed class WorkflowLoop(WorkflowRunStore runs, StateMachineRunner runner, ExecutionTracker executions, EngineSignals signals, EngineOptions options, ILogger<WorkflowLoop> logger)
    : PollingLoop("workflow", logger)
{
    private readonly ConcurrentDictionary<string, Task> _active = new(StringComparer.Ordinal);

    /// <summary>The state machine's Task states invoke the <see cref="FunctionTrigger.StateMachineTask"/> functions.</summary>
    public override FunctionTrigger? Trigger => FunctionTrigger.StateMachineTask;

    protected override TimeSpan ErrorDelay => options.PollInterval;

    /// <summary>Polls until intake stops, then waits for the runs in flight (they stop when work is cancelled).</summary>
    public override async Task RunAsync(StopTokens stop)
    {
        await PollAsync(stop).ConfigureAwait(false);
        await Task.WhenAll(_active.Values).ConfigureAwait(false);
    }

    protected override async Task PollOnceAsync(StopTokens stop)
    {
        if (_active.Count < options.MaxConcurrentWorkflows)
        {
            var running = await runs.ListRunningAsync(options.MaxConcurrentWorkflows + _active.Count, stop.Intake).ConfigureAwait(false);
            foreach (var run in running)
            {
                if (_active.Count >= options.MaxConcurrentWorkflows) { break; }
                if (_active.ContainsKey(run.ExecutionName)) { continue; }
                _active[run.ExecutionName] = Task.Run(() => ExecuteAsync(run, stop.Work), CancellationToken.None);
            }
        }

        await signals.Workflows.WaitAsync(options.PollInterval * 4, stop.Intake).ConfigureAwait(false);
    }

    private async Task ExecuteAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        try
        {
            await runs.MarkStartedAsync(run.ExecutionName, cancellationToken).ConfigureAwait(false);
            LoopLog.WorkflowStarted(logger, run.ExecutionName, run.TaskKey.Id, run.Starts + 1);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            executions.Begin(run.TaskKey.Id, run.ExecutionName);
            var result = await runner.RunAsync(JsonNode.Parse(run.Input), run.ExecutionName, cancellationToken).ConfigureAwait(false);
            EngineMetrics.WorkflowRan(started);
            if (result.Status == ExecutionStatus.Aborted)
            {
                LoopLog.WorkflowInterrupted(logger, run.ExecutionName);
                return;
            }

            await runs.CompleteAsync(run.ExecutionName, result.StatusName, result.Error, result.Cause, CancellationToken.None).ConfigureAwait(false);
            if (result.Succeeded)
            {
                LoopLog.WorkflowEnded(logger, run.ExecutionName, result.StatusName);
            }
            else
            {
                LoopLog.WorkflowFailed(logger, run.ExecutionName, result.StatusName, result.Error, result.Cause);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LoopLog.WorkflowInterrupted(logger, run.ExecutionName);
        }
#pragma warning disable CA1031 // A run that could not be executed stays RUNNING and is tried again on the next poll.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LoopLog.Unexpected(logger, ex, "workflow " + run.ExecutionName, ex.GetType().Name);
        }
        finally
        {
            _active.TryRemove(run.ExecutionName, out _);
            signals.Workflows.Ring();
        }
    }
}
