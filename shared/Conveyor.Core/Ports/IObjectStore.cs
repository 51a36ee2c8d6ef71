namespace Conveyor.Core.Ports;

/// <summary>Buckets of objects (S3 on AWS, folders locally). Contents stream; nothing buffers a whole object.</summary>
public interface IObjectStore
{
    /// <summary>The object's content and metadata, or null when absent. The caller disposes the result.</summary>
    Task<StoredObject?> GetAsync(string bucket, string key, CancellationToken cancellationToken);

    Task<ObjectMetadata> PutAsync(string bucket, string key, Stream content, string? contentType, CancellationToken cancellationToken);

    /// <summary>False when there was nothing to delete.</summary>
    Task<bool> DeleteAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>The object's metadata, or null when absent.</summary>
    /// <exception cref="ObjectAccessDeniedException">The store refused (S3 403): absent without list permission, or not readable.</exception>
    Task<ObjectMetadata?> HeadAsync(string bucket, string key, CancellationToken cancellationToken);
}
