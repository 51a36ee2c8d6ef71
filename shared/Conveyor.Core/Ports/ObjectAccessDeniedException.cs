namespace Conveyor.Core.Ports;

/// <summary>
/// The object store refused to say anything about an object (S3: 403 on HeadObject). S3 answers 403 rather than 404
/// for a missing key when the caller may read objects but not list the bucket, so this means "absent, or not yours to
/// read": retrying does not change the answer.
/// </summary>
public sealed class ObjectAccessDeniedException : Exception
{
    public ObjectAccessDeniedException()
    {
    }

    public ObjectAccessDeniedException(string message)
        : base(message)
    {
    }

    public ObjectAccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ObjectAccessDeniedException(string bucket, string key, Exception? innerException)
        : base($"Access to {bucket}/{key} was denied: the object does not exist (S3 answers 403 without s3:ListBucket) or this function may not read it.", innerException)
    {
        Bucket = bucket;
        Key = key;
    }

    public string? Bucket { get; }

    public string? Key { get; }
}
