namespace Conveyor.Aws.Http;

/// <summary>The named resource (schedule, execution, state machine, topic) does not exist.</summary>
public sealed class AwsResourceNotFoundException : AwsServiceException
{
    public AwsResourceNotFoundException() { }

    public AwsResourceNotFoundException(string message) : base(message) { }

    public AwsResourceNotFoundException(string message, Exception innerException) : base(message, innerException) { }

    public AwsResourceNotFoundException(AwsErrorDetails details) : base(details) { }
}
