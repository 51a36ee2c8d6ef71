namespace Conveyor.Aws.Http;

/// <summary>The resource already exists or is being changed concurrently (<c>ConflictException</c>).</summary>
public sealed class AwsConflictException : AwsServiceException
{
    public AwsConflictException() { }

    public AwsConflictException(string message) : base(message) { }

    public AwsConflictException(string message, Exception innerException) : base(message, innerException) { }

    public AwsConflictException(AwsErrorDetails details) : base(details) { }
}
