namespace Conveyor.Durable;

/// <summary>A service limit would be exceeded (operations per execution, payload sizes); the message names the limit.</summary>
public sealed class DurableLimitExceededException : Exception
{
    public DurableLimitExceededException()
    {
    }

    public DurableLimitExceededException(string message)
        : base(message)
    {
    }

    public DurableLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
