namespace Conveyor.App.Workflows;

/// <summary>How an onboarding ended: the audit record of each step (the object key its one run wrote) and whether the customer confirmed.</summary>
public sealed record OnboardingResult(string Customer, IReadOnlyList<string> Records, bool Confirmed);
