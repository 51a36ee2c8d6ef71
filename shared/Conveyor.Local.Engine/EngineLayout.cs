namespace Conveyor.Local.Engine;

/// <summary>
/// Where things live under the engine folder: <c>buckets/&lt;bucket&gt;/</c> (drop files here), <c>conveyor.db</c>, the
/// lock. Which buckets exist follows from the registered file tasks (<see cref="Buckets.LocalBuckets"/>).
/// </summary>
public sealed class EngineLayout
{
    public const string TasksTable = "conveyor-local-tasks";

    public EngineLayout(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Root = Path.GetFullPath(directory);
    }

    public string Root { get; }

    public string BucketsRoot => Path.Combine(Root, "buckets");

    public string LockPath => Path.Combine(Root, "engine.lock");

    public string BucketFolder(string bucket) => Path.Combine(BucketsRoot, bucket);

    /// <summary>Creates the engine folder and its <c>buckets/</c> folder.</summary>
    public void CreateFolders() => System.IO.Directory.CreateDirectory(BucketsRoot);

    /// <summary>Creates a folder for each of <paramref name="buckets"/>.</summary>
    public void CreateBucketFolders(IEnumerable<string> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        foreach (var bucket in buckets)
        {
            System.IO.Directory.CreateDirectory(BucketFolder(bucket));
        }
    }
}
