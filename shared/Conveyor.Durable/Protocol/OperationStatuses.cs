namespace Conveyor.Durable.Protocol;

/// <summary>The service's operation <c>Status</c> values.</summary>
public static class OperationStatuses
{
    public const string Started = "STARTED";
    public const string Pending = "PENDING";
    public const string Ready = "READY";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string Cancelled = "CANCELLED";
    public const string TimedOut = "TIMED_OUT";
    public const string Stopped = "STOPPED";

    /// <summary>True when the operation will not change again.</summary>
    public static bool IsTerminal(string? status) =>
        status is Succeeded or Failed or Cancelled or TimedOut or Stopped;
}
