namespace Conveyor.App.Processors;

/// <summary>The failure <see cref="EchoProcessor"/> throws on request: an ordinary exception, so the attempt is retried.</summary>
public sealed class EchoTransientException : Exception
{
    public EchoTransientException() : base("The echo task was asked to fail this attempt.") { }

    public EchoTransientException(string message) : base(message) { }

    public EchoTransientException(string message, Exception innerException) : base(message, innerException) { }
}
