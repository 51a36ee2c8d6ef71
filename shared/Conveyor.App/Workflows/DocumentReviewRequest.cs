namespace Conveyor.App.Workflows;

/// <summary>The input of <see cref="DocumentReviewWorkflow"/>: which document, whose, and how many days the approver has.</summary>
public sealed record DocumentReviewRequest(string Bucket, string Key, string Tenant, string Owner, int ApprovalDays = 3);
