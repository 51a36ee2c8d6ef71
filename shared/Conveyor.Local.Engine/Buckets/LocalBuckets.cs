using System.Text;
using Conveyor.Core.Files;

namespace Conveyor.Local.Engine.Buckets;

/// <summary>
/// The engine's buckets, derived from the registered file tasks: every logical bucket a file task declares
/// (<c>&lt;Task&gt;Bucket</c>, see <see cref="BucketNameResolver.LogicalName"/>) becomes the folder
/// <c>buckets/&lt;physical&gt;/</c>, its physical name being the logical name in kebab case without the <c>Bucket</c>
/// suffix (<c>ProfilePicturesBucket</c> → <c>profile-pictures</c>). Adding a file task adds its folder; nothing else lists them.
/// </summary>
public sealed class LocalBuckets
{
    public const string ArtifactsBucket = "artifacts";

    private LocalBuckets(IReadOnlyDictionary<string, string> physicalByLogical)
    {
        PhysicalByLogical = physicalByLogical;
        Watched = physicalByLogical.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        All = [.. Watched, ArtifactsBucket];
    }

    /// <summary>Logical bucket (template.yaml resource) → local physical bucket (folder name).</summary>
    public IReadOnlyDictionary<string, string> PhysicalByLogical { get; }

    /// <summary>The buckets whose files start work (watched), in name order; the artifacts bucket only holds manifests.</summary>
    public IReadOnlyList<string> Watched { get; }

    /// <summary><see cref="Watched"/> and the artifacts bucket.</summary>
    public IReadOnlyList<string> All { get; }

    /// <summary>Asks each file task which buckets it declares (<see cref="IFileTask.Setup"/> does no I/O and resolves no names).</summary>
    public static LocalBuckets From(IEnumerable<IFileTask> tasks, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var probe = new FileTaskContext("conveyor-local", timeProvider, new BucketNameResolver(new Dictionary<string, string>()));
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var task in tasks)
        {
            foreach (var bucket in task.Setup(probe).Buckets)
            {
                var logical = BucketNameResolver.LogicalName(task.Name, bucket.BucketName);
                map[logical] = PhysicalName(logical);
            }
        }

        return new LocalBuckets(map);
    }

    /// <summary><c>ProfilePicturesBucket</c> → <c>profile-pictures</c>; <c>ImportCsvUploads</c> → <c>import-csv-uploads</c>.</summary>
    public static string PhysicalName(string logicalName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logicalName);
        var name = logicalName.EndsWith("Bucket", StringComparison.Ordinal) && logicalName.Length > "Bucket".Length
            ? logicalName[..^"Bucket".Length]
            : logicalName;
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
