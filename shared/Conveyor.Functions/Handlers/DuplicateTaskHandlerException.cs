namespace Conveyor.Functions.Handlers;

/// <summary>Two task handlers are registered for one task type; which one should run is ambiguous, so start-up fails.</summary>
public sealed class DuplicateTaskHandlerException : InvalidOperationException
{
    public DuplicateTaskHandlerException() : base("Two task handlers are registered for one task type.") { }

    public DuplicateTaskHandlerException(string message) : base(message) { }

    public DuplicateTaskHandlerException(string message, Exception innerException) : base(message, innerException) { }

    public DuplicateTaskHandlerException(string taskType, string first, string second)
        : base($"Task type '{taskType}' has two handlers ({first} and {second}); register exactly one ITaskHandler per task type.") =>
        TaskType = taskType;

    public string? TaskType { get; }
}
