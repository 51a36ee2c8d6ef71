namespace Conveyor.States.Validation;

/// <summary>The outcome of validating a definition: a list of problems, each naming the state it concerns.</summary>
public sealed record ValidationResult(IReadOnlyList<string> Problems)
{
    public bool IsValid => Problems.Count == 0;
}
