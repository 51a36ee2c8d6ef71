namespace Conveyor.Core.Validation;

/// <summary>Input larger than <see cref="PayloadLimits"/> allows (HTTP 413); a <see cref="ValidationException"/> everywhere else.</summary>
public sealed class PayloadTooLargeException : ValidationException
{
    public PayloadTooLargeException() { }

    public PayloadTooLargeException(string message) : base(message) { }

    public PayloadTooLargeException(string message, Exception innerException) : base(message, innerException) { }

    public PayloadTooLargeException(string message, long size, long limit) : base(message, "input")
    {
        Size = size;
        Limit = limit;
    }

    public long Size { get; }

    public long Limit { get; }
}
