namespace Conveyor.Local.Engine;

/// <summary>
/// Where things live under the engine folder: <c>buckets/&lt;bucket&gt;/</c> (drop files here), <c>conveyor.db</c>, and
/// which physical bucket stands for each logical bucket of template.yaml.
/// </summary>
public sealed class EngineLayout
{
    public const string TasksTable = "conveyor-local-tasks";
    public const string ArtifactsBucket = "artifacts";

    /// <summary>Logical bucket (template.yaml resource) → local physical bucket (folder name).</summary>
    public static readonly IReadOnlyDictionary<string, string> FileTaskBuckets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["ProfilePicturesBucket"] = "profile-pictures",
        ["DocumentsBucket"] = "documents",
        ["CsvImportBucket"] = "csv-import",
    };

    public EngineLayout(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Root = Path.GetFullPath(directory);
    }

    public string Root { get; }

    public string BucketsRoot => Path.Combine(Root, "buckets");

    public string LockPath => Path.Combine(Root, "engine.lock");

    /// <summary>The buckets whose files start work (watched); the artifacts bucket only holds manifests.</summary>
    public static IReadOnlyList<string> WatchedBuckets { get; } = FileTaskBuckets.Values.ToArray();

    public static IReadOnlyList<string> AllBuckets { get; } = [.. FileTaskBuckets.Values, ArtifactsBucket];

    public string BucketFolder(string bucket) => Path.Combine(BucketsRoot, bucket);

    /// <summary>Creates the engine folder and every bucket folder.</summary>
    public void CreateFolders()
    {
        foreach (var bucket in AllBuckets)
        {
            System.IO.Directory.CreateDirectory(BucketFolder(bucket));
        }
    }
}
