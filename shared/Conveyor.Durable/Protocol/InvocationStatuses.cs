namespace Conveyor.Durable.Protocol;

/// <summary>The <c>Status</c> a durable function answers each invocation with.</summary>
public static class InvocationStatuses
{
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string Pending = "PENDING";
}
