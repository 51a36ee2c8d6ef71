using Conveyor.Lambda.ExceptionHandling;

namespace Conveyor.Lambda.Client;

/// <summary>The four calls a runtime makes to the Lambda Runtime API.</summary>
public interface IRuntimeApiClient
{
    /// <summary>Long-polls <c>GET /runtime/invocation/next</c>; returns when Lambda has an event (no client timeout).</summary>
    Task<InvocationRequest> GetNextInvocationAsync(CancellationToken cancellationToken);

    /// <summary>Posts the handler's JSON result to <c>/runtime/invocation/{id}/response</c>.</summary>
    Task PostResponseAsync(string requestId, ReadOnlyMemory<byte> response, CancellationToken cancellationToken);

    /// <summary>Posts a function error to <c>/runtime/invocation/{id}/error</c>.</summary>
    Task PostInvocationErrorAsync(string requestId, LambdaError error, CancellationToken cancellationToken);

    /// <summary>Posts a start-up failure to <c>/runtime/init/error</c>; the process should exit afterwards.</summary>
    Task PostInitErrorAsync(LambdaError error, CancellationToken cancellationToken);
}
