using Conveyor.Core.Validation;

namespace Conveyor.Core.Files;

/// <summary>A bucket a file task watches or writes, and the callback for its events.</summary>
/// <param name="BucketName">Null for the task's default bucket (logical name <c>&lt;Task&gt;Bucket</c>); otherwise a name
/// unique within the task (logical name <c>&lt;Task&gt;&lt;BucketName&gt;</c>), see <see cref="BucketNameResolver.LogicalName"/>.</param>
/// <param name="Mode">The access the template grants the functions on this bucket.</param>
public sealed record BucketDefinition(string? BucketName, BucketMode Mode, FileTaskCallback Callback)
{
    public FileTaskCallback Callback { get; init; } =
        Callback ?? throw new ValidationException("A bucket definition needs a callback.", nameof(Callback));
}
