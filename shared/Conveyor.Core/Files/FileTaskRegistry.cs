using Conveyor.Core.Validation;

namespace Conveyor.Core.Files;

/// <summary>
/// All file tasks, set up once, indexed by physical bucket: given the bucket of an event, which task callbacks to call.
/// Construction fails fast on a bucket that is not configured, so a misconfigured deployment never starts.
/// </summary>
public sealed class FileTaskRegistry
{
    private readonly Dictionary<string, List<FileTaskBinding>> _byPhysical = new(StringComparer.Ordinal);
    private readonly List<FileTaskBinding> _all = [];
    private readonly Dictionary<string, FileTaskSetup> _setups = new(StringComparer.Ordinal);

    /// <exception cref="ValidationException">Two tasks with one name, or one task declaring the same bucket twice.</exception>
    /// <exception cref="BucketNotConfiguredException">A declared bucket has no physical name in configuration.</exception>
    public FileTaskRegistry(IEnumerable<IFileTask> tasks, FileTaskContext setupContext)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(setupContext);
        foreach (var task in tasks)
        {
            if (string.IsNullOrWhiteSpace(task.Name))
            {
                throw new ValidationException($"The file task {task.GetType().Name} has an empty name.", nameof(tasks));
            }

            var setup = task.Setup(setupContext);
            if (!_setups.TryAdd(task.Name, setup))
            {
                throw new ValidationException($"Two file tasks are named '{task.Name}'; task names must be unique.", nameof(tasks));
            }

            var logicalNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var bucket in setup.Buckets)
            {
                var logical = BucketNameResolver.LogicalName(task.Name, bucket.BucketName);
                if (!logicalNames.Add(logical))
                {
                    throw new ValidationException($"The file task '{task.Name}' declares the bucket '{logical}' twice.", nameof(tasks));
                }

                var binding = new FileTaskBinding(task, bucket, logical, setupContext.Buckets.Resolve(logical));
                _all.Add(binding);
                if (!_byPhysical.TryGetValue(binding.PhysicalName, out var list))
                {
                    _byPhysical[binding.PhysicalName] = list = [];
                }

                list.Add(binding);
            }
        }
    }

    /// <summary>Every (task, bucket) pair, in declaration order.</summary>
    public IReadOnlyList<FileTaskBinding> All => _all;

    /// <summary>Each task's setup by task name (side effects, for deployment checks).</summary>
    public IReadOnlyDictionary<string, FileTaskSetup> Setups => _setups;

    /// <summary>The (task, bucket) pairs bound to <paramref name="physicalBucket"/>, in declaration order; empty when none.</summary>
    public IReadOnlyList<FileTaskBinding> Find(string physicalBucket)
    {
        ArgumentNullException.ThrowIfNull(physicalBucket);
        return _byPhysical.TryGetValue(physicalBucket, out var list) ? list : [];
    }
}
