using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Tasks;

namespace Conveyor.Functions.Tasks;

/// <summary>
/// Claims a task for one runner: PROCESSING written on condition of exactly the row that runner read.
/// </summary>
/// <remarks>
/// TaskService.UpdateStatusAsync treats "already PROCESSING" as a harmless redelivery and returns the row, which would
/// let two workers that read the same QUEUED row both believe they own it. A claim must tell the loser it lost, so it is
/// a single compare-and-set on the observed version: exactly one of several concurrent claimers gets a row back.
/// Like every status write, the claim is notified from the change feed (the MODIFY record), not here.
/// </remarks>
public sealed class TaskClaimer(ITaskStore store, TimeProvider timeProvider)
{
    private readonly ITaskStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly TimeProvider _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>Moves <paramref name="observed"/> to PROCESSING; null when another writer changed the row first.</summary>
    /// <exception cref="IllegalTransitionException"><paramref name="observed"/>'s status may not move to PROCESSING.</exception>
    public async Task<TrackedTask?> TryBeginProcessingAsync(TrackedTask observed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var next = observed.BeginProcessing(TaskTimestamps.Normalize(_timeProvider.GetUtcNow()));
        try
        {
            return await _store.UpdateAsync(next, TaskWriteCondition.For(observed), cancellationToken);
        }
        catch (TaskConflictException)
        {
            return null;
        }
    }
}
