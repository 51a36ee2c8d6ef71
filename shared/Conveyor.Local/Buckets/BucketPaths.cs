using Conveyor.Core.Validation;

namespace Conveyor.Local.Buckets;

/// <summary>
/// Maps bucket names and object keys to files under <c>&lt;root&gt;/&lt;bucket&gt;/&lt;key&gt;</c> and back. Keys with <c>/</c> become
/// subfolders; keys that could escape the bucket folder (<c>..</c>, absolute paths, empty segments, backslashes) are rejected.
/// </summary>
public sealed class BucketPaths
{
    public BucketPaths(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The folder that holds one subfolder per bucket.</summary>
    public string Root { get; }

    public string BucketFolder(string bucket)
    {
        ValidateBucket(bucket);
        return Path.Combine(Root, bucket);
    }

    /// <exception cref="ValidationException">An invalid bucket name or a key that is not a safe relative path.</exception>
    public string FileFor(string bucket, string key)
    {
        var folder = BucketFolder(bucket);
        ValidateKey(key);
        var path = Path.GetFullPath(Path.Combine([folder, .. key.Split('/')]));
        // Defence in depth: whatever the checks above missed, the result must stay inside the bucket folder.
        return path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ValidationException($"The key '{key}' resolves outside bucket '{bucket}'.", nameof(key));
    }

    /// <summary>
    /// True when <paramref name="path"/>, or any folder between <paramref name="bucket"/>'s folder and it, is a symbolic
    /// link (or junction). Bucket folders hold only regular files: a link could point anywhere (<c>/etc/passwd</c>), so a
    /// linked path is treated as no object — never watched, read, written or deleted through.
    /// </summary>
    public bool IsLinked(string bucket, string path)
    {
        var folder = BucketFolder(bucket);
        var current = Path.GetFullPath(path);
        while (current.Length > folder.Length && current.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            if (new FileInfo(current).LinkTarget is not null)
            {
                return true;
            }

            current = Path.GetDirectoryName(current)!;
        }

        return false;
    }

    /// <summary>The object key of a file inside <paramref name="bucket"/>'s folder (separators become <c>/</c>).</summary>
    public string KeyOf(string bucket, string fullPath)
    {
        var relative = Path.GetRelativePath(BucketFolder(bucket), fullPath);
        return Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>
    /// Files the watcher never reports: dotfiles (and anything in a dot-folder), <c>*.tmp</c> and <c>*~</c> — the names
    /// editors and uploaders (including <see cref="FolderObjectStore"/>) use while a file is being written.
    /// </summary>
    public static bool IsIgnored(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var segment in key.Split('/'))
        {
            if (segment.StartsWith('.'))
            {
                return true;
            }
        }

        return key.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) || key.EndsWith('~');
    }

    /// <summary>Bucket names as S3 allows them (3–63 of lower-case letters, digits, '.', '-', starting and ending alphanumeric).</summary>
    public static void ValidateBucket(string bucket)
    {
        if (string.IsNullOrEmpty(bucket) || bucket.Length is < 3 or > 63
            || !bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-')
            || !char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1]) || bucket.Contains("..", StringComparison.Ordinal))
        {
            throw new ValidationException($"'{bucket}' is not a bucket name: use 3–63 lower-case letters, digits, '.' or '-', starting and ending with a letter or digit.", nameof(bucket));
        }
    }

    public static void ValidateKey(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 1024)
        {
            throw new ValidationException("An object key must be 1–1024 characters long.", nameof(key));
        }

        if (key.Contains('\\', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal) || key.StartsWith('/'))
        {
            throw new ValidationException($"The key '{key}' must be a relative path with '/' separators (no backslash, NUL or leading '/').", nameof(key));
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                throw new ValidationException($"The key '{key}' has an empty, '.' or '..' segment; such keys cannot map to a file safely.", nameof(key));
            }
        }
    }
}
