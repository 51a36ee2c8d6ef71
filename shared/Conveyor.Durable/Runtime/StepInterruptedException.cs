namespace Conveyor.Durable.Runtime;

/// <summary>An at-most-once step attempt started in an earlier invocation and never reported its end.</summary>
internal sealed class StepInterruptedException : Exception
{
    public StepInterruptedException()
    {
    }

    public StepInterruptedException(string message)
        : base(message)
    {
    }

    public StepInterruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
