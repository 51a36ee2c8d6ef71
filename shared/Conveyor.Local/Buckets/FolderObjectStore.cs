using System.Security.Cryptography;
using Conveyor.Core.Ports;
using Conveyor.Core.Validation;

namespace Conveyor.Local.Buckets;

/// <summary>
/// <see cref="IObjectStore"/> over folders: bucket <c>b</c>, key <c>a/b.txt</c> is the file <c>&lt;root&gt;/b/a/b.txt</c>.
/// Writes stream into a hidden temp file next to the target and rename it into place, so readers and the bucket watcher
/// never see a half-written object. ETags are the quoted MD5 of the content, like S3 single-part uploads.
/// </summary>
public sealed class FolderObjectStore(BucketPaths paths) : IObjectStore
{
    private const int BufferSize = 81920;
    private readonly BucketPaths _paths = paths ?? throw new ArgumentNullException(nameof(paths));

    public async Task<StoredObject?> GetAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var path = _paths.FileFor(bucket, key);
        if (_paths.IsLinked(bucket, path))
        {
            return null; // Only regular files are objects: a symbolic link is never followed out of the bucket folder.
        }

        FileStream stream;
        try
        {
            // FileShare.Delete: a concurrent delete or replace (rename) must not fail because someone is reading.
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, useAsync: true);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            var etag = await ETags.Md5HexAsync(stream, cancellationToken).ConfigureAwait(false);
            stream.Position = 0;
            var info = new FileInfo(path);
            return new StoredObject(stream, new ObjectMetadata(bucket, key, stream.Length, ETags.Quote(etag), ContentTypes.FromKey(key), info.LastWriteTimeUtc));
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<ObjectMetadata> PutAsync(string bucket, string key, Stream content, string? contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = _paths.FileFor(bucket, key);
        EnsureNotLinked(bucket, key, path);
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        // A dotfile ending in .tmp in the same folder: the rename below is then atomic, and the watcher ignores it.
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            string etag;
            long size;
            var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
            await using (output.ConfigureAwait(false))
            {
                using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    md5.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                output.Flush(flushToDisk: true);
                size = output.Length;
                etag = Convert.ToHexStringLower(md5.GetHashAndReset());
            }

            File.Move(temp, path, overwrite: true);
            return new ObjectMetadata(bucket, key, size, ETags.Quote(etag), contentType ?? ContentTypes.FromKey(key), File.GetLastWriteTimeUtc(path));
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public Task<bool> DeleteAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var path = _paths.FileFor(bucket, key);
        EnsureNotLinked(bucket, key, path);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        RemoveEmptyFolders(Path.GetDirectoryName(path)!, _paths.BucketFolder(bucket));
        return Task.FromResult(true);
    }

    public async Task<ObjectMetadata?> HeadAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var stored = await GetAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        await using (stored.ConfigureAwait(false))
        {
            return stored.Metadata;
        }
    }

    private void EnsureNotLinked(string bucket, string key, string path)
    {
        if (_paths.IsLinked(bucket, path))
        {
            throw new ValidationException($"The key '{key}' of bucket '{bucket}' goes through a symbolic link; bucket folders hold only regular files.", nameof(key));
        }
    }

    // S3 has no folders: once the last object under a prefix is gone, so is the prefix.
    private static void RemoveEmptyFolders(string folder, string bucketFolder)
    {
        while (folder.Length > bucketFolder.Length && folder.StartsWith(bucketFolder, StringComparison.Ordinal))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    return;
                }

                Directory.Delete(folder);
            }
            catch (IOException)
            {
                return; // Someone wrote into it meanwhile: keep it.
            }

            folder = Path.GetDirectoryName(folder)!;
        }
    }
}
