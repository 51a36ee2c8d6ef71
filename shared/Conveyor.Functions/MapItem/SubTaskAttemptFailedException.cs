namespace Conveyor.Functions.MapItem;

/// <summary>
/// One attempt of a subtask failed in a way a retry may cure; the subtask is ERRORED. The state machine's Retry matches
/// this exact name (the Lambda error type), so it must never be renamed.
/// </summary>
public sealed class SubTaskAttemptFailedException : Exception
{
    public SubTaskAttemptFailedException() : base("The subtask attempt failed.") { }

    public SubTaskAttemptFailedException(string message) : base(message) { }

    public SubTaskAttemptFailedException(string message, Exception innerException) : base(message, innerException) { }
}
