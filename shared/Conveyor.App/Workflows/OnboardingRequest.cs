namespace Conveyor.App.Workflows;

/// <summary>The input of <see cref="OnboardingWorkflow"/>: the customer, how long the trial lasts, and where the audit records go.</summary>
public sealed record OnboardingRequest(string Customer, int TrialSeconds = 60, string Bucket = "artifacts", string Tenant = "default");
