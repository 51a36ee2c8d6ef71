namespace Conveyor.Core.Ports;

/// <summary>An open object: read <see cref="Content"/> as a stream, then dispose.</summary>
public sealed class StoredObject(Stream content, ObjectMetadata metadata) : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content ?? throw new ArgumentNullException(nameof(content));

    public ObjectMetadata Metadata { get; } = metadata ?? throw new ArgumentNullException(nameof(metadata));

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}
