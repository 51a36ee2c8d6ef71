using System.Collections.Concurrent;
using System.Security.Cryptography;
using Conveyor.Core.Ports;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Testing;

/// <summary>
/// Objects in memory, with S3's observable behaviour: ETag is the quoted MD5 hex of the content (as for a single PUT),
/// a missing object is null/false, a put replaces. Contents are held as byte arrays, so this is for tests, not big data.
/// </summary>
public sealed class InMemoryObjectStore(TimeProvider? clock = null) : IObjectStore
{
    private const int CopyBufferSize = 81920;
    private readonly ConcurrentDictionary<(string Bucket, string Key), StoredEntry> _objects = new();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The keys of <paramref name="bucket"/>, in ordinal order.</summary>
    public IReadOnlyList<string> Keys(string bucket) =>
        [.. _objects.Keys.Where(k => k.Bucket == bucket).Select(k => k.Key).Order(StringComparer.Ordinal)];

    public Task<StoredObject?> GetAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Validate(bucket, key);
        return Task.FromResult(_objects.TryGetValue((bucket, key), out var entry)
            ? new StoredObject(new MemoryStream(entry.Content, writable: false), entry.Metadata)
            : null);
    }

    public async Task<ObjectMetadata> PutAsync(string bucket, string key, Stream content, string? contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        Validate(bucket, key);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var buffer = content.CanSeek ? new MemoryStream(checked((int)(content.Length - content.Position))) : new MemoryStream();
        var chunk = new byte[CopyBufferSize];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            md5.AppendData(chunk, 0, read);
            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.ToArray();
        var metadata = new ObjectMetadata(
            bucket,
            key,
            bytes.LongLength,
            $"\"{Convert.ToHexStringLower(md5.GetHashAndReset())}\"",
            contentType ?? "binary/octet-stream",
            _clock.GetUtcNow());
        _objects[(bucket, key)] = new StoredEntry(bytes, metadata);
        return metadata;
    }

    public Task<bool> DeleteAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Validate(bucket, key);
        return Task.FromResult(_objects.TryRemove((bucket, key), out _));
    }

    public Task<ObjectMetadata?> HeadAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Validate(bucket, key);
        return Task.FromResult(_objects.TryGetValue((bucket, key), out var entry) ? entry.Metadata : null);
    }

    private static void Validate(string bucket, string key)
    {
        if (string.IsNullOrEmpty(bucket) || string.IsNullOrEmpty(key))
        {
            throw new ValidationException("An object needs a bucket and a non-empty key.");
        }
    }

    private sealed record StoredEntry(byte[] Content, ObjectMetadata Metadata);
}
