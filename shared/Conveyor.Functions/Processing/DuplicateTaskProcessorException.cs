namespace Conveyor.Functions.Processing;

/// <summary>Two task processors are registered for one task type; which one should run is ambiguous, so start-up fails.</summary>
public sealed class DuplicateTaskProcessorException : InvalidOperationException
{
    public DuplicateTaskProcessorException() : base("Two task processors are registered for one task type.") { }

    public DuplicateTaskProcessorException(string message) : base(message) { }

    public DuplicateTaskProcessorException(string message, Exception innerException) : base(message, innerException) { }

    public DuplicateTaskProcessorException(string taskType, string first, string second)
        : base($"Task type '{taskType}' has two processors ({first} and {second}); register exactly one ITaskProcessor per task type.") =>
        TaskType = taskType;

    public string? TaskType { get; }
}
