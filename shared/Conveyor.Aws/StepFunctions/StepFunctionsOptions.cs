namespace Conveyor.Aws.StepFunctions;

/// <summary>The state machine that runs step-function tasks.</summary>
public sealed record StepFunctionsOptions
{
    public required string StateMachineArn { get; init; }
}
