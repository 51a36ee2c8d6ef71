namespace Conveyor.Core.Processing;

/// <summary>A processor's verdict that retrying cannot help: the task goes to FAILED at once.</summary>
public sealed class PermanentTaskFailureException : Exception
{
    public PermanentTaskFailureException() { }

    public PermanentTaskFailureException(string message) : base(message) { }

    public PermanentTaskFailureException(string message, Exception innerException) : base(message, innerException) { }
}
