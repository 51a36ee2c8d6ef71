namespace Conveyor.Durable.Service;

/// <summary>The status of a whole durable execution (<c>GetDurableExecution</c>).</summary>
public static class ExecutionStatuses
{
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string TimedOut = "TIMED_OUT";
    public const string Stopped = "STOPPED";

    public static bool IsTerminal(string status) => status is Succeeded or Failed or TimedOut or Stopped;
}
