namespace Conveyor.Lambda.SampleFunction;

/// <summary>A stable, specific error type (what Step Functions would match on).</summary>
public sealed class GreetingFailedException : Exception
{
    public GreetingFailedException() { }

    public GreetingFailedException(string message) : base(message) { }

    public GreetingFailedException(string message, Exception innerException) : base(message, innerException) { }
}
