namespace Conveyor.Core.Validation;

/// <summary>Bad input from a caller: the message says what is wrong and how to fix it.</summary>
public sealed class ValidationException : ArgumentException
{
    public ValidationException() { }

    public ValidationException(string message) : base(message) { }

    public ValidationException(string message, Exception innerException) : base(message, innerException) { }

    public ValidationException(string message, string? paramName) : base(message, paramName) { }
}
