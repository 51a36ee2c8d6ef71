namespace Conveyor.Core.Tasks;

/// <summary>
/// A conditional write lost: the stored task no longer has the expected version or status.
/// The caller re-reads and decides; the store never overwrites.
/// </summary>
public sealed class TaskConflictException : Exception
{
    public TaskConflictException(TaskKey key, long expectedVersion)
        : base($"Task {key.Id} was changed by someone else (expected version {expectedVersion}).")
    {
        Key = key;
        ExpectedVersion = expectedVersion;
    }

    public TaskConflictException() : base("Conditional write failed.") { }

    public TaskConflictException(string message) : base(message) { }

    public TaskConflictException(string message, Exception innerException) : base(message, innerException) { }

    public TaskKey? Key { get; }

    public long ExpectedVersion { get; }
}
