namespace Conveyor.Lambda.Client;

/// <summary>One invocation handed out by <c>GET /runtime/invocation/next</c>: the event payload and its headers.</summary>
public sealed record InvocationRequest
{
    public required string RequestId { get; init; }

    /// <summary>When the function times out (Unix epoch milliseconds, from <c>Lambda-Runtime-Deadline-Ms</c>).</summary>
    public required DateTimeOffset Deadline { get; init; }

    public string? InvokedFunctionArn { get; init; }

    public string? TraceId { get; init; }

    public string? ClientContext { get; init; }

    public string? CognitoIdentity { get; init; }

    /// <summary>The raw event JSON, exactly as Lambda sent it.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }
}
