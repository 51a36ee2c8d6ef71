using Conveyor.Core.Ports;
using Conveyor.States.Items;

namespace Conveyor.Local.Engine.Workflows;

/// <summary>The distributed Map's <c>s3:getObject</c> ItemReader over the engine's object store (the folder buckets).</summary>
public sealed class ObjectStoreItemSource(IObjectStore objects) : IObjectSource
{
    private readonly IObjectStore _objects = objects ?? throw new ArgumentNullException(nameof(objects));

    public async ValueTask<Stream?> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken) =>
        (await _objects.GetAsync(bucket, key, cancellationToken).ConfigureAwait(false))?.Content;

    public IAsyncEnumerable<ObjectSummary> ListAsync(string bucket, string? prefix, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The embedded engine's ItemReader supports s3:getObject only (the object store port has no listing).");
}
