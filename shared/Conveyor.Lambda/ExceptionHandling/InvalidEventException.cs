namespace Conveyor.Lambda.ExceptionHandling;

/// <summary>
/// The event payload could not be read as the handler's event type (malformed JSON or wrong shape). Reported as an
/// invocation error with <c>errorType</c> <c>InvalidEventException</c>; the loop goes on with the next event.
/// </summary>
public sealed class InvalidEventException : Exception
{
    public InvalidEventException() { }

    public InvalidEventException(string message) : base(message) { }

    public InvalidEventException(string message, Exception innerException) : base(message, innerException) { }
}
