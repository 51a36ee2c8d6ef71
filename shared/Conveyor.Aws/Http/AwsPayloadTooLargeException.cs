namespace Conveyor.Aws.Http;

/// <summary>
/// A payload over the service limit, refused before anything was sent. The caller should store the data elsewhere
/// (S3, the task table) and pass a reference instead.
/// </summary>
public sealed class AwsPayloadTooLargeException : Exception
{
    public AwsPayloadTooLargeException() { }

    public AwsPayloadTooLargeException(string message) : base(message) { }

    public AwsPayloadTooLargeException(string message, Exception innerException) : base(message, innerException) { }

    public AwsPayloadTooLargeException(string what, long sizeBytes, long limitBytes, string advice)
        : base($"{what} is {sizeBytes:N0} bytes (UTF-8); the limit is {limitBytes:N0} bytes. {advice}")
    {
        SizeBytes = sizeBytes;
        LimitBytes = limitBytes;
    }

    public long SizeBytes { get; }

    public long LimitBytes { get; }
}
