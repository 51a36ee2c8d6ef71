using System.Runtime.CompilerServices;

namespace Conveyor.States.Items;

/// <summary>Buckets as sub-folders of a root folder: <c>root/bucket/key</c>.</summary>
public sealed class FolderObjectSource(string root) : IObjectSource
{
    public ValueTask<Stream?> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var path = Resolve(bucket, key);
        return ValueTask.FromResult<Stream?>(File.Exists(path) ? File.OpenRead(path) : null);
    }

    public async IAsyncEnumerable<ObjectSummary> ListAsync(string bucket, string? prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = Resolve(bucket, string.Empty);
        if (!Directory.Exists(folder)) { yield break; }
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (prefix is null || key.StartsWith(prefix, StringComparison.Ordinal))
            {
                var info = new FileInfo(file);
                yield return new ObjectSummary(key, info.Length, info.LastWriteTimeUtc);
            }
        }

        await Task.CompletedTask;
    }

    private string Resolve(string bucket, string key)
    {
        var bucketRoot = Path.GetFullPath(Path.Combine(root, bucket));
        var full = Path.GetFullPath(Path.Combine(bucketRoot, key));
        return full.StartsWith(bucketRoot, StringComparison.Ordinal) ? full : throw new ArgumentException($"Key '{key}' escapes the bucket", nameof(key));
    }
}
