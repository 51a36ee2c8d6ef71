using Conveyor.Core.Ports;

namespace Conveyor.Local.Engine.Workflows;

/// <summary>
/// <see cref="IWorkflowStarter"/> of the embedded engine: stores a durable run (idempotent per execution name) and wakes
/// the <see cref="WorkflowLoop"/>, which executes it with the States interpreter.
/// </summary>
public sealed class LocalWorkflowStarter(WorkflowRunStore runs, EngineSignals signals) : IWorkflowStarter
{
    public const string StateMachineName = "conveyor-local-step-function-task";

    private readonly WorkflowRunStore _runs = runs ?? throw new ArgumentNullException(nameof(runs));
    private readonly EngineSignals _signals = signals ?? throw new ArgumentNullException(nameof(signals));

    public static string ExecutionArn(string executionName) =>
        $"arn:aws:states:local:000000000000:execution:{StateMachineName}:{executionName}";

    public async Task<WorkflowExecution> StartAsync(WorkflowStart request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var inserted = await _runs.InsertAsync(request, cancellationToken).ConfigureAwait(false);
        _signals.Workflows.Ring();
        return new WorkflowExecution(ExecutionArn(request.ExecutionName), request.ExecutionName, AlreadyStarted: !inserted);
    }
}
