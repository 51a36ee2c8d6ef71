namespace Conveyor.App.Workflows;

/// <summary>The approver's answer, sent as the callback's result: <c>{"Approved":true,"Reviewer":"ana"}</c>.</summary>
public sealed record ReviewDecision(bool Approved, string? Reviewer = null, string? Comment = null);
