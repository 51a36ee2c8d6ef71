namespace Conveyor.Lambda.Emulator;

/// <summary>What the function answered: the body exactly as posted, and for errors the error-type header.</summary>
public sealed record InvocationOutcome
{
    public required string RequestId { get; init; }

    public required InvocationOutcomeKind Kind { get; init; }

    public required string Body { get; init; }

    /// <summary>The <c>Lambda-Runtime-Function-Error-Type</c> header of an error post.</summary>
    public string? ErrorTypeHeader { get; init; }

    public string? ContentType { get; init; }

    public bool IsError => Kind != InvocationOutcomeKind.Response;
}
