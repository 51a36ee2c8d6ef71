namespace Conveyor.States.Items;

/// <summary>The object store an ItemReader reads from (S3 on AWS; a folder or memory locally).</summary>
public interface IObjectSource
{
    /// <summary>Opens an object, or returns null when it does not exist.</summary>
    ValueTask<Stream?> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>Lists objects under a prefix as (key, size, last modified).</summary>
    IAsyncEnumerable<ObjectSummary> ListAsync(string bucket, string? prefix, CancellationToken cancellationToken);
}
