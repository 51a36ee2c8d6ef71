namespace Conveyor.Lambda.Emulator;

/// <summary>One event to hand to the function on its next <c>next</c> request.</summary>
public sealed record EmulatorInvocation
{
    public required string EventJson { get; init; }

    /// <summary>Sets <c>Lambda-Runtime-Deadline-Ms</c> to the time the event is served plus this.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public string RequestId { get; init; } = Guid.NewGuid().ToString();

    public string? TraceId { get; init; } = "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0";

    public string InvokedFunctionArn { get; init; } = "arn:aws:lambda:us-east-1:123456789012:function:local";

    public string? ClientContext { get; init; }

    public string? CognitoIdentity { get; init; }
}
