namespace Conveyor.Core.Files;

/// <summary>What a file task declares: the buckets it uses (with their callbacks) and its other resources.</summary>
public sealed record FileTaskSetup(IReadOnlyList<BucketDefinition> Buckets, IReadOnlyList<FileTaskSideEffect> SideEffects)
{
    public FileTaskSetup(params BucketDefinition[] buckets) : this(buckets, [])
    {
    }
}
