namespace Conveyor.App.Workflows;

/// <summary>How a review ended: <c>published</c>, <c>deleted-after-rejection</c> or <c>deleted-after-timeout</c>, with the checks that failed.</summary>
public sealed record DocumentReviewResult(string Outcome, string Key, long Size, IReadOnlyList<string> FailedChecks, string? Reviewer);
