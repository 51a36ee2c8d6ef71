using Conveyor.Core.Ports;

namespace Local.EndToEnd.Tests.Browser;

/// <summary>The engine's object store with a storage outage the test switches off: while <see cref="Down"/>, every read fails with an I/O error.</summary>
internal sealed class OutageObjectStore(IObjectStore inner) : IObjectStore
{
    private volatile bool _down = true;

    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    public Task<StoredObject?> GetAsync(string bucket, string key, CancellationToken cancellationToken) =>
        Down ? throw new IOException($"Input/output error reading {bucket}/{key} (storage outage)") : inner.GetAsync(bucket, key, cancellationToken);

    public Task<ObjectMetadata> PutAsync(string bucket, string key, Stream content, string? contentType, CancellationToken cancellationToken) =>
        inner.PutAsync(bucket, key, content, contentType, cancellationToken);

    public Task<bool> DeleteAsync(string bucket, string key, CancellationToken cancellationToken) => inner.DeleteAsync(bucket, key, cancellationToken);

    public Task<ObjectMetadata?> HeadAsync(string bucket, string key, CancellationToken cancellationToken) =>
        Down ? throw new IOException($"Input/output error reading {bucket}/{key} (storage outage)") : inner.HeadAsync(bucket, key, cancellationToken);
}
