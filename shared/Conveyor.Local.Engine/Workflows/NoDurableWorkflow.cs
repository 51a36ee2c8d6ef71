using Conveyor.Durable;
using Conveyor.Durable.Protocol;

namespace Conveyor.Local.Engine.Workflows;

/// <summary>
/// The durable function the engine binds when the application registers none (an engine started without an app):
/// every invocation fails with a clear error instead of the engine refusing to start.
/// </summary>
public sealed class NoDurableWorkflow : IDurableFunction
{
    public const string ErrorType = "Conveyor.NoDurableWorkflow";

    public Task<DurableInvocationOutput> InvokeAsync(DurableInvocationInput input, IDurableServiceClient client, CancellationToken cancellationToken) =>
        Task.FromResult(new DurableInvocationOutput
        {
            Status = InvocationStatuses.Failed,
            Error = new ErrorObject
            {
                ErrorType = ErrorType,
                ErrorMessage = "The application registers no durable workflow (IDurableFunction); this engine has none to run.",
            },
        });
}
