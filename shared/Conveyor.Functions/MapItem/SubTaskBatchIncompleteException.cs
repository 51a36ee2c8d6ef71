namespace Conveyor.Functions.MapItem;

/// <summary>
/// A batch invocation reached its deadline with subtasks not yet ended; those it ended keep their outcome. The state
/// machine retries the batch on this exact name (the Lambda error type) — the retry skips the ended subtasks — and after
/// that records the rest FAILED, so it must never be renamed.
/// </summary>
public sealed class SubTaskBatchIncompleteException : Exception
{
    public SubTaskBatchIncompleteException() : base("The batch's deadline came before every subtask ended.") { }

    public SubTaskBatchIncompleteException(string message) : base(message) { }

    public SubTaskBatchIncompleteException(string message, Exception innerException) : base(message, innerException) { }
}
