using Conveyor.Lambda.Client;
using Conveyor.Lambda.ExceptionHandling;

namespace Conveyor.Functions.Tests.Support;

/// <summary>A Runtime API with no events: records init errors and how often <c>next</c> was asked.</summary>
internal sealed class InitOnlyRuntimeApiClient : IRuntimeApiClient
{
    public List<LambdaError> InitErrors { get; } = [];

    public int NextCalls { get; private set; }

    public Task<InvocationRequest> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        NextCalls++;
        throw new InvalidOperationException("This runtime has no events.");
    }

    public Task PostResponseAsync(string requestId, ReadOnlyMemory<byte> response, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("No invocation was handed out.");

    public Task PostInvocationErrorAsync(string requestId, LambdaError error, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("No invocation was handed out.");

    public Task PostInitErrorAsync(LambdaError error, CancellationToken cancellationToken)
    {
        InitErrors.Add(error);
        return Task.CompletedTask;
    }
}
