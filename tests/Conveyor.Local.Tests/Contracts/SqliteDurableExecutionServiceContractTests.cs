using Conveyor.Core.Contracts;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Local.Durable;
using Conveyor.Local.Tests.Support;

namespace Conveyor.Local.Tests.Contracts;

/// <summary>The embedded engine's durable execution service against the contract the Lambda service passes too; the hooks act as the engine's loop does.</summary>
public sealed class SqliteDurableExecutionServiceContractTests : DurableExecutionServiceContract
{
    private readonly TempEngineFolder _folder = new();
    private SqliteDurableExecutions _executions = null!;

    protected override IDurableExecutionService Service => _executions;

    public override async Task InitializeAsync()
    {
        await _folder.InitializeAsync();
        _executions = new SqliteDurableExecutions(_folder.Database, TimeProvider.System);
    }

    public override Task DisposeAsync() => _folder.DisposeAsync();

    protected override async Task<string> OpenCallbackAsync(string arn)
    {
        var claim = (await _executions.ClaimDueAsync(100, CancellationToken.None)).Single(c => c.Arn == arn);
        OperationUpdate[] updates =
        [
            new()
            {
                Id = "cb-1", Name = "approval", Type = OperationTypes.Callback, SubType = OperationSubTypes.Callback, Action = OperationActions.Start,
                CallbackOptions = new CallbackUpdateOptions { TimeoutSeconds = 3600 },
            },
        ];
        var response = await _executions.CheckpointAsync(arn, claim.Envelope.CheckpointToken, updates, null, CancellationToken.None);
        await _executions.CompleteInvocationAsync(arn, new DurableInvocationOutput { Status = InvocationStatuses.Pending }, CancellationToken.None);
        return response.NewExecutionState!.Operations.Single(o => o.Id == "cb-1").CallbackDetails!.CallbackId!;
    }

    protected override Task SucceedAsync(string arn, string result) =>
        _executions.CompleteInvocationAsync(arn, new DurableInvocationOutput { Status = InvocationStatuses.Succeeded, Result = result }, CancellationToken.None);
}
